/**
 * The Tools card: lets the model call the demo's calculator and clock
 * (lib/demo-tools.ts), or makes it call one — the way to watch a call, its
 * arguments and its result on the random-weight test model, which never
 * chooses a tool by itself.
 */
import { useId, type ReactElement } from 'react';
import type { ToolsMode } from '../lib/demo-tools.js';
import { PanelSection } from './panel-section.js';

const LABELS: Record<ToolsMode, string> = {
  off: 'Off',
  auto: 'The model decides',
  calculate: 'Always call the calculator',
  get_time: 'Always call the clock',
};

export function ToolsCard({ mode, onChange }: { mode: ToolsMode; onChange: (mode: ToolsMode) => void }): ReactElement {
  const id = useId();
  return (
    <PanelSection title="Tools" className="tools-card">
      <label className="tools-card__label" htmlFor={id}>
        A calculator and a clock the model can call; calls run in this page.
      </label>
      <select id={id} className="tools-card__select" value={mode} onChange={(event) => onChange(event.target.value as ToolsMode)}>
        {(Object.keys(LABELS) as ToolsMode[]).map((value) => (
          <option key={value} value={value}>
            {LABELS[value]}
          </option>
        ))}
      </select>
    </PanelSection>
  );
}
