/** Human-readable sizes, durations and budgets for the chat UI. */

/** `1.2 MB`, `820 kB`, `12 B` (decimal units, as download sizes are quoted). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** `0.4 s`, `3 s`, `2 min 5 s`, `1 h 3 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const seconds = ms / 1000;
  if (seconds < 1) return `${Math.max(0.1, Math.round(seconds * 10) / 10)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = Math.round(seconds - minutes * 60);
    return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes - hours * 60;
  return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
}

/** Seconds left at the current rate, or `undefined` when it cannot be told. */
export function timeLeftMs(loaded: number, total: number, bytesPerSecond: number): number | undefined {
  if (total <= 0 || bytesPerSecond <= 0 || loaded >= total) return undefined;
  return ((total - loaded) / bytesPerSecond) * 1000;
}

/** `Unlimited`, `1 token`, `128 tokens`. */
export function formatBudget(budget: number): string {
  if (!Number.isFinite(budget)) return 'Unlimited';
  return `${budget} ${budget === 1 ? 'token' : 'tokens'}`;
}

/** The last segment of a model id, e.g. `Qwen3-0.6B-ONNX` → `Qwen3-0.6B`. */
export function shortModelName(model: string): string {
  const name = model.split('/').pop() ?? model;
  return name.replace(/-ONNX$/i, '');
}
