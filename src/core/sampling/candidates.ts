/**
 * Token candidates: ids with probabilities, sorted most likely first. The
 * sampling filters (top-k, top-p, min-p) are functions over this shape.
 */

/** Parallel arrays, sorted by descending `probs`. */
export interface Candidates {
  ids: number[];
  probs: number[];
}

/**
 * The `k` highest logits (all of them when `k` is 0 or ≥ the vocabulary), as
 * ids sorted by descending logit. Linear in the vocabulary for small `k`: Qwen3
 * has 151,936 logits per step and a full sort would cost more than the model.
 */
export function topKIds(logits: ArrayLike<number>, k: number): number[] {
  const n = logits.length;
  if (k <= 0 || k >= n) {
    return Array.from({ length: n }, (_, i) => i).sort((a, b) => logits[b]! - logits[a]!);
  }
  const ids: number[] = [];
  let floor = -Infinity;
  for (let i = 0; i < n; i++) {
    const value = logits[i]!;
    if (ids.length === k && value <= floor) continue;
    let at = ids.length;
    while (at > 0 && logits[ids[at - 1]!]! < value) at--;
    ids.splice(at, 0, i);
    if (ids.length > k) ids.pop();
    floor = logits[ids[ids.length - 1]!]!;
  }
  return ids;
}

/** Softmax of `logits[ids] / temperature`, keeping the order of `ids`. */
export function softmaxOver(logits: ArrayLike<number>, ids: number[], temperature: number): Candidates {
  const scaled = ids.map((id) => logits[id]! / temperature);
  // A loop, not `Math.max(...scaled)`: with top-k off, `scaled` holds the whole
  // vocabulary (151,936 values), more arguments than engines allow in a call.
  let max = -Infinity;
  for (const value of scaled) if (value > max) max = value;
  const exps = scaled.map((value) => (value === -Infinity ? 0 : Math.exp(value - max)));
  const sum = exps.reduce((a, b) => a + b, 0);
  return { ids: [...ids], probs: exps.map((e) => e / sum) };
}

/** Keeps the smallest prefix whose probability mass reaches `topP` (nucleus sampling). */
export function filterTopP(candidates: Candidates, topP: number): Candidates {
  if (topP >= 1) return candidates;
  let mass = 0;
  let keep = 0;
  while (keep < candidates.probs.length) {
    mass += candidates.probs[keep]!;
    keep++;
    if (mass >= topP) break;
  }
  return renormalize({ ids: candidates.ids.slice(0, keep), probs: candidates.probs.slice(0, keep) });
}

/** Drops candidates less likely than `minP` × the most likely one. */
export function filterMinP(candidates: Candidates, minP: number): Candidates {
  if (minP <= 0 || candidates.probs.length === 0) return candidates;
  const threshold = minP * candidates.probs[0]!;
  let keep = 0;
  while (keep < candidates.probs.length && candidates.probs[keep]! >= threshold) keep++;
  return renormalize({ ids: candidates.ids.slice(0, keep), probs: candidates.probs.slice(0, keep) });
}

/** Scales probabilities to sum to 1. */
export function renormalize(candidates: Candidates): Candidates {
  const sum = candidates.probs.reduce((a, b) => a + b, 0);
  return { ids: candidates.ids, probs: candidates.probs.map((p) => p / sum) };
}

/** Draws one id with a uniform number `u` in [0, 1). */
export function drawCandidate(candidates: Candidates, u: number): number {
  let acc = 0;
  for (let i = 0; i < candidates.ids.length; i++) {
    acc += candidates.probs[i]!;
    if (u < acc) return candidates.ids[i]!;
  }
  return candidates.ids[candidates.ids.length - 1]!;
}
