/**
 * Precomputed rotary tables for the ONNX graph.
 *
 * The graph gathers rows of these tables by `position_ids` instead of computing
 * `cos`/`sin` at run time: WGSL's `sin`/`cos` are imprecise enough to put WebGPU
 * logits ~1e-3 off, while gathered tables match the reference to ~5e-6.
 */

/** `cos` and `sin` of every (position, frequency) pair, row-major `[positions, headDim / 2]`. */
export interface RopeTables {
  cos: Float32Array;
  sin: Float32Array;
}

/**
 * Builds the tables for HF Qwen3's rotary embedding: frequency `i` of a head of width
 * `headDim` turns at `theta^(-2i / headDim)` radians per position. Angles are computed
 * in float64 and rounded once, so even position 40959 is accurate to float32.
 */
export function makeRopeTables(positions: number, headDim: number, theta: number): RopeTables {
  const half = headDim / 2;
  const cos = new Float32Array(positions * half);
  const sin = new Float32Array(positions * half);
  for (let i = 0; i < half; i++) {
    const inverseFrequency = Math.pow(theta, (-2 * i) / headDim);
    for (let position = 0; position < positions; position++) {
      const angle = position * inverseFrequency;
      cos[position * half + i] = Math.cos(angle);
      sin[position * half + i] = Math.sin(angle);
    }
  }
  return { cos, sin };
}
