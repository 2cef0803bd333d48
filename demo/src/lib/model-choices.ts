/**
 * The models the picker offers, and the URL that opens the demo with each.
 * Switching reloads the page: one model per page keeps one worker and one
 * model in memory, and makes every choice a link that can be shared.
 */
import { findModel, listModels, MODEL_REGISTRY, type ModelInfo } from 'qwen3-web';
import { LOCAL_HUB, type DemoSettings } from './settings.js';

/** One entry of the picker. */
export interface ModelChoice {
  id: string;
  label: string;
  /** Registry facts; `undefined` for an export the registry does not know. */
  info: ModelInfo | undefined;
  /** Query string that opens the demo with this model. */
  href: string;
}

/** The random-weight test model (`scripts/tiny-model`), offered next to a local hub. */
export const TEST_MODEL: ModelInfo | undefined = MODEL_REGISTRY.find((model) => model.testModel);

/** True for the tiny test model. */
export function isTestModel(id: string): boolean {
  return findModel(id)?.testModel === true;
}

/** Where the test model can be downloaded from: the local hub, or the host it was opened from. */
function testModelHost(settings: DemoSettings): string | undefined {
  return LOCAL_HUB ?? (isTestModel(settings.model) ? settings.host : undefined);
}

/**
 * The query string for `model`, keeping the other parameters. The dtype is
 * per model, so it goes. The test model lives on the local hub and runs on
 * WASM; leaving it goes back to the real hub and `auto`.
 */
export function choiceHref(model: ModelInfo | string, settings: DemoSettings, search: string): string {
  const id = typeof model === 'string' ? model : model.id;
  const params = new URLSearchParams(search);
  params.set('model', id);
  params.delete('dtype');
  const host = testModelHost(settings);
  if (isTestModel(id) && host !== undefined) {
    params.set('host', host);
    params.set('device', 'wasm');
  } else if (isTestModel(settings.model)) {
    params.delete('host');
    params.delete('device');
  }
  return `?${params}`;
}

/**
 * Every choice: Qwen3 0.6B, 1.7B and 4B (the registry's hybrid-thinking
 * models), the test model next to a local hub, and the current model when it
 * is another one (a 2507 variant, or an export the registry does not know).
 */
export function modelChoices(settings: DemoSettings, search: string): ModelChoice[] {
  const models: ModelInfo[] = listModels().filter((model) => model.thinking === 'hybrid');
  if (TEST_MODEL && testModelHost(settings) !== undefined) models.push(TEST_MODEL);
  const current = findModel(settings.model);
  if (!models.some((model) => model.id === current?.id)) {
    const choice = current
      ? { id: current.id, label: current.label, info: current }
      : { id: settings.model, label: settings.model, info: undefined };
    return [{ ...choice, href: choiceHref(choice.id, settings, search) }, ...toChoices(models, settings, search)];
  }
  return toChoices(models, settings, search);
}

function toChoices(models: readonly ModelInfo[], settings: DemoSettings, search: string): ModelChoice[] {
  return models.map((info) => ({ id: info.id, label: info.label, info, href: choiceHref(info, settings, search) }));
}
