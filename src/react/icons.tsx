/** The few inline icons of the chat UI (decorative: always aria-hidden). */
import type { ReactElement, SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement>;

function Icon({ children, ...props }: IconProps): ReactElement {
  return (
    <svg
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

/** Arrow up: send. */
export const SendIcon = (props: IconProps): ReactElement => (
  <Icon {...props}>
    <path d="M12 19V5" />
    <path d="m5 12 7-7 7 7" />
  </Icon>
);

/** Filled square: stop. */
export const StopIcon = (props: IconProps): ReactElement => (
  <Icon {...props}>
    <rect x="6.5" y="6.5" width="11" height="11" rx="2" fill="currentColor" stroke="none" />
  </Icon>
);

/** Two sheets: copy. */
export const CopyIcon = (props: IconProps): ReactElement => (
  <Icon {...props}>
    <rect x="9" y="9" width="12" height="12" rx="2" />
    <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
  </Icon>
);

/** Tick: copied. */
export const CheckIcon = (props: IconProps): ReactElement => (
  <Icon {...props}>
    <path d="m5 12 5 5L20 7" />
  </Icon>
);

/** Circular arrows: regenerate. */
export const RegenerateIcon = (props: IconProps): ReactElement => (
  <Icon {...props}>
    <path d="M3 12a9 9 0 0 1 15.5-6.2L21 8" />
    <path d="M21 3v5h-5" />
    <path d="M21 12a9 9 0 0 1-15.5 6.2L3 16" />
    <path d="M3 21v-5h5" />
  </Icon>
);

/** Chevron right (rotated when expanded). */
export const ChevronIcon = (props: IconProps): ReactElement => (
  <Icon {...props}>
    <path d="m9 6 6 6-6 6" />
  </Icon>
);

/** A spark: the model, and thinking. */
export const SparkIcon = (props: IconProps): ReactElement => (
  <Icon {...props}>
    <path d="M12 3v3M12 18v3M3 12h3M18 12h3M5.6 5.6l2.1 2.1M16.3 16.3l2.1 2.1M5.6 18.4l2.1-2.1M16.3 7.7l2.1-2.1" />
  </Icon>
);

/** Circled exclamation: error. */
export const AlertIcon = (props: IconProps): ReactElement => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7.5v5.5" />
    <path d="M12 16.5h.01" />
  </Icon>
);

/** Cross: dismiss. */
export const CloseIcon = (props: IconProps): ReactElement => (
  <Icon {...props}>
    <path d="M6 6l12 12M18 6 6 18" />
  </Icon>
);

/** Arrow down: jump to the latest message. */
export const ArrowDownIcon = (props: IconProps): ReactElement => (
  <Icon {...props}>
    <path d="M12 5v14" />
    <path d="m19 12-7 7-7-7" />
  </Icon>
);

/** Pencil: new chat. */
export const NewChatIcon = (props: IconProps): ReactElement => (
  <Icon {...props}>
    <path d="M12 20h9" />
    <path d="M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4Z" />
  </Icon>
);
