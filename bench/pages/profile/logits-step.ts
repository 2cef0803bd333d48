/** Timing a step that rewrites a row of logits, as each decoding step does to a fresh row. */

/** A stand-in row of logits: fixed, varied values. */
export function fakeLogits(size: number): Float32Array {
  const logits = new Float32Array(size);
  for (let i = 0; i < size; i++) logits[i] = Math.sin(i * 12.9898) * 8;
  return logits;
}

/**
 * Mean ms of `step(row, i)` over `steps` runs, each on a fresh copy of
 * `logits`. Refilling the copy is not SDK work: it is timed alone and taken off.
 */
export function timeOnFreshRows(logits: Float32Array, steps: number, step: (row: Float32Array, index: number) => void): number {
  const row = new Float32Array(logits.length);
  let started = performance.now();
  for (let i = 0; i < steps; i++) row.set(logits);
  const copyMs = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < steps; i++) {
    row.set(logits);
    step(row, i);
  }
  return Math.max(0, performance.now() - started - copyMs) / steps;
}
