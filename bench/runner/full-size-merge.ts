/**
 * How a `--full-size` run enters `bench/results.json`: each (backend, dtype)
 * replaces only its own earlier run, and a run of some parts (`--parts`)
 * replaces only those parts' figures, keeping the rest from before.
 */
import type { FullSizePart } from './args.js';
import { FULL_SIZE_PARTS } from './args.js';
import type { FullSizeResults, FullSizeRun } from './full-size-results.js';

/** The fields each part other than the plan measures; the plan measures all the others. */
const PART_FIELDS: Record<Exclude<FullSizePart, 'plan'>, ReadonlyArray<keyof FullSizeRun>> = {
  logits: ['withLogitsToKeep', 'withoutLogitsToKeep', 'sdkWithLogitsToKeep', 'sdkWithoutLogitsToKeep'],
  ops: ['ops', 'sdkGraphOps'],
  memory: ['memoryBack'],
  history: ['history'],
  prefix: ['storedPrefix'],
};

const keyOf = (run: FullSizeRun): string => `${run.backend} ${run.model.dtype}`;

/** One run: `fresh`'s figures for `parts`, `old`'s for the rest. */
function mergeRun(old: FullSizeRun | undefined, fresh: FullSizeRun, parts: readonly FullSizePart[]): FullSizeRun {
  if (!old || parts.includes('plan')) {
    // The plan rewrites the run; parts not run this time keep their old figures.
    const merged: FullSizeRun = { ...fresh };
    for (const [part, fields] of Object.entries(PART_FIELDS)) {
      if (parts.includes(part as FullSizePart)) continue;
      for (const field of fields) if (old?.[field] !== undefined) Object.assign(merged, { [field]: old[field] });
    }
    return merged;
  }
  const merged: FullSizeRun = { ...old, errors: [...fresh.errors], browserErrors: [...fresh.browserErrors] };
  for (const part of parts) {
    if (part === 'plan') continue;
    for (const field of PART_FIELDS[part]) Object.assign(merged, { [field]: fresh[field] });
  }
  return merged;
}

/** `previous` with `measured`'s runs merged in. */
export function mergeFullSize(previous: FullSizeResults | undefined, measured: FullSizeResults, parts: readonly FullSizePart[] = FULL_SIZE_PARTS): FullSizeResults {
  const oldRuns = new Map((previous?.runs ?? []).map((run) => [keyOf(run), { ...run, machine: run.machine ?? previous!.machine }]));
  const runs = measured.runs.map((run) => mergeRun(oldRuns.get(keyOf(run)), run, parts));
  const fresh = new Set(runs.map(keyOf));
  return { ...measured, runs: [...runs, ...[...oldRuns.values()].filter((run) => !fresh.has(keyOf(run)))] };
}
