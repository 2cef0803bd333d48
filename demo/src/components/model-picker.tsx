/**
 * The model picker: Qwen3 0.6B, 1.7B and 4B with what each would download on
 * this device (registry sizes for the dtype `load()` would choose), the one
 * `recommendModel()` suggests here marked, with its reason (what fits, and
 * how fast it should decode). Choosing one reloads with `?model=`.
 */
import { useMemo, type ReactElement } from 'react';
import { recommendModel, type Capabilities, type CachedModel, type ThinkingMode } from 'qwen3-web';
import { formatBytes } from '../lib/format.js';
import { planDownload } from '../lib/download-size.js';
import { modelChoices, type ModelChoice } from '../lib/model-choices.js';
import type { DemoSettings } from '../lib/settings.js';
import { PanelSection } from './panel-section.js';

/** Props of {@link ModelPicker}. */
export interface ModelPickerProps {
  settings: DemoSettings;
  caps: Capabilities | undefined;
  cached: readonly CachedModel[] | undefined;
}

const THINKING: Record<ThinkingMode, string> = {
  hybrid: 'thinks on demand',
  never: 'answers directly',
  always: 'always thinks',
};

/** The picker card: one radio per model; choosing one navigates. */
export function ModelPicker({ settings, caps, cached }: ModelPickerProps): ReactElement {
  const choices = useMemo(() => modelChoices(settings, location.search), [settings]);
  const recommendation = useMemo(() => {
    if (!caps) return undefined;
    try {
      return recommendModel(caps);
    } catch {
      return undefined;
    }
  }, [caps]);
  const recommended = recommendation?.model.id;

  return (
    <PanelSection title="Model" className="model-picker">
      <fieldset className="choices">
        <legend className="visually-hidden">Model</legend>
        {choices.map((choice) => (
          <Choice
            key={choice.id}
            choice={choice}
            current={choice.id.toLowerCase() === settings.model.toLowerCase()}
            recommended={choice.id === recommended}
            stored={cached?.some((entry) => entry.model === choice.id && entry.complete) ?? false}
            detail={describe(choice, settings, caps)}
          />
        ))}
      </fieldset>
      {recommendation && <p className="model-picker__why">{recommendation.reason}</p>}
    </PanelSection>
  );
}

function Choice(props: { choice: ModelChoice; current: boolean; recommended: boolean; stored: boolean; detail: string }): ReactElement {
  const { choice, current, recommended, stored, detail } = props;
  return (
    <label className="choice" data-current={current || undefined}>
      <input
        type="radio"
        name="model"
        value={choice.id}
        checked={current}
        onChange={() => location.assign(choice.href)}
      />
      <span className="choice__body">
        <span className="choice__title">
          <span className="choice__label">{choice.label}</span>
          {recommended && <span className="tag tag--accent">Recommended</span>}
          {stored && <span className="tag tag--ok">Stored</span>}
        </span>
        <span className="choice__detail">{detail}</span>
      </span>
    </label>
  );
}

/** `570 MB · q4f16 · thinks on demand`. */
function describe(choice: ModelChoice, settings: DemoSettings, caps: Capabilities | undefined): string {
  const info = choice.info;
  if (!info) return `Your own export, from ${settings.host}`;
  const thinking = info.testModel ? 'random weights, for tests' : THINKING[info.thinking];
  if (!caps) return thinking;
  const dtype = info.id.toLowerCase() === settings.model.toLowerCase() ? settings.dtype : 'auto';
  const plan = planDownload(info, caps, settings.device, dtype);
  if (!plan.fits) return `Too large for this device · ${thinking}`;
  const size = plan.bytes === undefined ? 'size unknown' : `${plan.estimate ? '≈ ' : ''}${formatBytes(plan.bytes)}`;
  return `${size} · ${plan.dtype} · ${thinking}`;
}
