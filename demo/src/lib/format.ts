/** Figures as the demo shows them. */

/** `570 MB`, `1.4 GB`, `44.6 MB` (decimal units, as download sizes are quoted). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e8) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** `840 ms`, `3.2 s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `42.7`, `8.0` tokens per second. */
export function formatRate(perSecond: number): string {
  return Number.isFinite(perSecond) && perSecond > 0 ? perSecond.toFixed(1) : '–';
}
