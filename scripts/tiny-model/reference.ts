/**
 * A plain TypeScript Qwen3 forward pass on the same weights as the ONNX graph, written
 * to be read: one loop per formula, float64 arithmetic, no shared code with the graph
 * builder (it even computes its own rotary angles). It is the yardstick the unit
 * tests hold the generated `model.onnx` to.
 */
import { QWEN3_VOCAB_SIZE, RMS_NORM_EPS, ROPE_THETA } from './config.js';
import type { TinyWeights } from './weights.js';

/** Score of a masked position; the same value the graph uses, so fully masked rows agree too. */
const MASKED_SCORE = -1e9;

/** One layer's cache, laid out like the ONNX `present.*` tensors: `[batch, kvHeads, length, headDim]`. */
export interface ReferenceLayerCache {
  key: Float64Array;
  value: Float64Array;
}

/** The KV cache after a forward pass; `length` is the total sequence length it covers. */
export interface ReferenceCache {
  length: number;
  layers: ReferenceLayerCache[];
}

/** Inputs of one forward pass; all rows have the same length. */
export interface ReferenceInputs {
  /** `[batch][sequence]` token ids. */
  inputIds: number[][];
  /** `[batch][past + sequence]`, 1 for real tokens, 0 for padding. */
  attentionMask: number[][];
  /** `[batch][sequence]` rotary positions. */
  positionIds: number[][];
  /** Cache from an earlier call (its `length` is the past length). */
  past?: ReferenceCache;
}

/** Outputs of one forward pass. */
export interface ReferenceOutputs {
  /** `[batch, sequence, vocab]` row-major. */
  logits: Float64Array;
  /** Cache covering past + these tokens. */
  present: ReferenceCache;
}

/** y = W x for an HF `[out, in]` weight. */
function matVec(weight: Float32Array, x: ArrayLike<number>, outFeatures: number, inFeatures: number): Float64Array {
  const y = new Float64Array(outFeatures);
  for (let o = 0; o < outFeatures; o++) {
    let sum = 0;
    for (let i = 0; i < inFeatures; i++) sum += weight[o * inFeatures + i]! * x[i]!;
    y[o] = sum;
  }
  return y;
}

/** RMSNorm of `x[offset .. offset + width)` in place: x / sqrt(mean(x²) + eps) · weight. */
function rmsNormInPlace(x: Float64Array, weight: Float32Array, offset = 0, width = weight.length): void {
  let sumSquares = 0;
  for (let i = 0; i < width; i++) sumSquares += x[offset + i]! ** 2;
  const inverseRms = 1 / Math.sqrt(sumSquares / width + RMS_NORM_EPS);
  for (let i = 0; i < width; i++) x[offset + i] = x[offset + i]! * inverseRms * weight[i]!;
}

/** HF rotary embedding in place on one head at `offset`: x·cos + rotate_half(x)·sin, rotate_half(x) = (-x₂, x₁). */
function applyRope(x: Float64Array, offset: number, headDim: number, position: number): void {
  const half = headDim / 2;
  for (let i = 0; i < half; i++) {
    const angle = position * Math.pow(ROPE_THETA, (-2 * i) / headDim);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const x1 = x[offset + i]!;
    const x2 = x[offset + half + i]!;
    x[offset + i] = x1 * cos - x2 * sin;
    x[offset + half + i] = x2 * cos + x1 * sin;
  }
}

/** Copies the past cache into a larger buffer with room for `seq` more positions. */
function growCache(past: Float64Array | undefined, batch: number, kvHeads: number, pastLen: number, total: number, headDim: number): Float64Array {
  const grown = new Float64Array(batch * kvHeads * total * headDim);
  if (past) {
    for (let bh = 0; bh < batch * kvHeads; bh++) {
      grown.set(past.subarray(bh * pastLen * headDim, (bh + 1) * pastLen * headDim), bh * total * headDim);
    }
  }
  return grown;
}

/**
 * Runs the decoder on `inputs` and returns the logits of every position and the new
 * cache. Matches the graph's semantics exactly: causal by cache index, padding from
 * `attentionMask`, masked scores set to -1e9 (a fully masked row becomes uniform).
 */
export function referenceForward(weights: TinyWeights, inputs: ReferenceInputs): ReferenceOutputs {
  const { hidden, heads, kvHeads, headDim, intermediate } = weights.shape;
  const batch = inputs.inputIds.length;
  const seq = inputs.inputIds[0]!.length;
  const pastLen = inputs.past?.length ?? 0;
  const total = pastLen + seq;
  const groups = heads / kvHeads;

  // Residual stream, [batch, seq, hidden].
  const x = new Float64Array(batch * seq * hidden);
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < seq; s++) {
      const row = inputs.inputIds[b]![s]! * hidden;
      for (let i = 0; i < hidden; i++) x[(b * seq + s) * hidden + i] = weights.embedTokens[row + i]!;
    }
  }

  const present: ReferenceCache = { length: total, layers: [] };
  weights.layers.forEach((w, layerIndex) => {
    const past = inputs.past?.layers[layerIndex];
    const keys = growCache(past?.key, batch, kvHeads, pastLen, total, headDim);
    const values = growCache(past?.value, batch, kvHeads, pastLen, total, headDim);
    const cacheAt = (b: number, kv: number, t: number): number => ((b * kvHeads + kv) * total + t) * headDim;
    const queries: Float64Array[] = [];

    // Projections for every new token; keys and values go into the cache at past + s.
    for (let b = 0; b < batch; b++) {
      for (let s = 0; s < seq; s++) {
        const h = x.slice((b * seq + s) * hidden, (b * seq + s + 1) * hidden);
        rmsNormInPlace(h, w.inputNorm);
        const position = inputs.positionIds[b]![s]!;
        const q = matVec(w.qProj, h, heads * headDim, hidden);
        const k = matVec(w.kProj, h, kvHeads * headDim, hidden);
        const v = matVec(w.vProj, h, kvHeads * headDim, hidden);
        for (let head = 0; head < heads; head++) {
          rmsNormInPlace(q, w.qNorm, head * headDim, headDim);
          applyRope(q, head * headDim, headDim, position);
        }
        for (let kv = 0; kv < kvHeads; kv++) {
          rmsNormInPlace(k, w.kNorm, kv * headDim, headDim);
          applyRope(k, kv * headDim, headDim, position);
          keys.set(k.subarray(kv * headDim, (kv + 1) * headDim), cacheAt(b, kv, pastLen + s));
          values.set(v.subarray(kv * headDim, (kv + 1) * headDim), cacheAt(b, kv, pastLen + s));
        }
        queries.push(q);
      }
    }
    present.layers.push({ key: keys, value: values });

    // Attention and MLP per token.
    for (let b = 0; b < batch; b++) {
      for (let s = 0; s < seq; s++) {
        const q = queries[b * seq + s]!;
        const context = new Float64Array(heads * headDim);
        for (let head = 0; head < heads; head++) {
          // Grouped-query attention: consecutive query heads share one KV head.
          const kv = Math.floor(head / groups);
          const scores = new Float64Array(total);
          for (let t = 0; t < total; t++) {
            const visible = t <= pastLen + s && inputs.attentionMask[b]![t] !== 0;
            if (!visible) {
              scores[t] = MASKED_SCORE;
              continue;
            }
            let dot = 0;
            for (let d = 0; d < headDim; d++) dot += q[head * headDim + d]! * keys[cacheAt(b, kv, t) + d]!;
            scores[t] = dot / Math.sqrt(headDim);
          }
          const max = Math.max(...scores);
          let sum = 0;
          for (let t = 0; t < total; t++) {
            scores[t] = Math.exp(scores[t]! - max);
            sum += scores[t]!;
          }
          for (let t = 0; t < total; t++) {
            const p = scores[t]! / sum;
            for (let d = 0; d < headDim; d++) context[head * headDim + d] = context[head * headDim + d]! + p * values[cacheAt(b, kv, t) + d]!;
          }
        }
        const offset = (b * seq + s) * hidden;
        const attnOut = matVec(w.oProj, context, hidden, heads * headDim);
        for (let i = 0; i < hidden; i++) x[offset + i] = x[offset + i]! + attnOut[i]!;

        const h = x.slice(offset, offset + hidden);
        rmsNormInPlace(h, w.postNorm);
        const gate = matVec(w.gateProj, h, intermediate, hidden);
        const up = matVec(w.upProj, h, intermediate, hidden);
        for (let i = 0; i < intermediate; i++) gate[i] = (gate[i]! / (1 + Math.exp(-gate[i]!))) * up[i]!;
        const down = matVec(w.downProj, gate, hidden, intermediate);
        for (let i = 0; i < hidden; i++) x[offset + i] = x[offset + i]! + down[i]!;
      }
    }
  });

  // Final norm and the tied lm_head: logits = E · h.
  const logits = new Float64Array(batch * seq * QWEN3_VOCAB_SIZE);
  for (let bs = 0; bs < batch * seq; bs++) {
    const h = x.slice(bs * hidden, (bs + 1) * hidden);
    rmsNormInPlace(h, weights.finalNorm);
    logits.set(matVec(weights.embedTokens, h, QWEN3_VOCAB_SIZE, hidden), bs * QWEN3_VOCAB_SIZE);
  }
  return { logits, present };
}
