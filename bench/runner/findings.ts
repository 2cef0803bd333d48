/** Placeholder while developing. */
import type { ModelRun } from './results.js';
import type { RunSummary } from './targets.js';

export function findings(_runs: readonly ModelRun[], _summaries: readonly RunSummary[]): string {
  return '';
}
