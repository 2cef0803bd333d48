/** Bytes for a message: `2.80 GB`, `570 MB`, `112 KB` (decimal units, as download sizes are quoted). */
export function formatBytes(bytes: number): string {
  // Two decimals below 10 GB, so a 1 GiB limit (1.07 GB) and a 1.24 GB tensor read as different.
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(bytes >= 1e10 ? 0 : 2)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.round(bytes / 1e3)} KB`;
}
