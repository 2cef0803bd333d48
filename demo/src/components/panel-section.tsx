/** A titled card of the side panel. */
import { useId, type ReactElement, type ReactNode } from 'react';

/** Props of {@link PanelSection}. */
export interface PanelSectionProps {
  title: string;
  /** Shown right of the title, e.g. a total. */
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A card with a small uppercase heading, labelling its section. */
export function PanelSection({ title, aside, className, children }: PanelSectionProps): ReactElement {
  const id = useId();
  return (
    <section className={className ? `card ${className}` : 'card'} aria-labelledby={id}>
      <header className="card__header">
        <h2 className="card__title" id={id}>
          {title}
        </h2>
        {aside !== undefined && <span className="card__aside">{aside}</span>}
      </header>
      {children}
    </section>
  );
}
