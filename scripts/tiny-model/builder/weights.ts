/**
 * Weights that every dtype of the builder-style model stores exactly.
 *
 * Each linear weight is drawn already 4-bit quantized: in every block of 32 input
 * features a power-of-two scale (1/16 or 1/8, chosen at random) times a signed nibble
 * in [-8, 7]. Such a value is exact in float32, in float16 and in `MatMulNBits` with
 * the default zero point 8, so `model.onnx`, `model_fp16.onnx`, `model_q4.onnx` and
 * `model_q4f16.onnx` all compute the function of the same real-valued weights, and the
 * float64 reference forward pass can check each of them. The nibbles follow a rounded,
 * nearly normal N(0, 0.2²) (the std the tiny model needs to avoid echoing its prompt,
 * see FACTS), so the effective std stays ≈ 0.2. Norm weights are 1 + N(0, 0.1²) rounded to 1/256, also
 * exact in float16.
 *
 * Every tensor has its own PRNG stream keyed by (seed, tensor name), so tensors can be
 * produced in any order, one at a time — the 0.6B shape streams them to disk without
 * ever holding the whole model.
 */
import { QWEN3_VOCAB_SIZE, type TinyModelShape } from '../config.js';
import { SeededRandom } from '../prng.js';
import type { TinyLayerWeights, TinyWeights } from '../weights.js';
import { float32ToFloat16Bits } from './float16.js';

/** `MatMulNBits` block size along K, as the builder's int4 export uses. */
export const QUANT_BLOCK = 32;
/** Bits per weight. */
export const QUANT_BITS = 4;
/** The zero point `MatMulNBits` assumes when none is given: 2^(bits-1). */
export const DEFAULT_ZERO_POINT = 8;
/** Target std of a linear weight (see FACTS: 0.02 makes greedy decoding loop). */
export const BUILDER_WEIGHT_STD = 0.2;
/** Norm weights are 1 + NORM_NOISE · N(0, 1), rounded to multiples of 1/NORM_GRID. */
export const BUILDER_NORM_NOISE = 0.1;
const NORM_GRID = 256;
const SCALES = [1 / 16, 1 / 8] as const;

/**
 * An HF linear weight `[out, in]` in `MatMulNBits` form: `out` rows (N), each split into
 * `blocks = ceil(in / 32)` blocks of 32 nibbles along `in` (K); the padding past `in` holds
 * the zero point, so it dequantizes to 0.
 */
export interface QuantizedMatrix {
  rows: number;
  cols: number;
  blocks: number;
  /** Unsigned nibbles (value + 8), `[rows, blocks · 32]`. */
  nibbles: Uint8Array;
  /** Power-of-two scale of each block, `[rows, blocks]`. */
  scales: Float32Array;
}

/** 32-bit FNV-1a of `text`, mixed with the seed: the stream id of one tensor. */
function streamSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1);
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Standard deviation of the sum of four uniform bytes (Irwin–Hall, n = 4): sqrt(4 · (256² − 1) / 12). */
const BYTE_SUM_STD = Math.sqrt((4 * (256 * 256 - 1)) / 12);

/** Per scale, the nibble for each byte sum 0..1020: clamp(round((sum − 510) / σ · 0.2 / scale), −8, 7) + 8. */
const NIBBLE_TABLES = SCALES.map((scale) =>
  Uint8Array.from({ length: 1021 }, (_, sum) => {
    const q = Math.round(((sum - 510) / BYTE_SUM_STD) * (BUILDER_WEIGHT_STD / scale));
    return Math.max(-8, Math.min(7, q)) + DEFAULT_ZERO_POINT;
  }),
);

/**
 * Draws one quantized `[rows, cols]` matrix from the stream `name`. Each nibble rounds
 * an approximately normal draw, the sum of the four bytes of one 32-bit mulberry32 output
 * (Irwin–Hall, tails cut at ±3.45σ): an order of magnitude faster than Box–Muller, which
 * matters for the 0.6B shape's 600 M weights.
 */
export function drawQuantizedMatrix(seed: number, name: string, rows: number, cols: number): QuantizedMatrix {
  const random = new SeededRandom(streamSeed(seed, name));
  let state = Math.floor(random.uniform() * 4294967296) >>> 0;
  const blocks = Math.ceil(cols / QUANT_BLOCK);
  const padded = blocks * QUANT_BLOCK;
  const nibbles = new Uint8Array(rows * padded).fill(DEFAULT_ZERO_POINT);
  const scales = new Float32Array(rows * blocks);
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < blocks; b++) {
      const which = random.uniform() < 0.5 ? 0 : 1;
      scales[r * blocks + b] = SCALES[which];
      const table = NIBBLE_TABLES[which]!;
      const end = Math.min(QUANT_BLOCK, cols - b * QUANT_BLOCK);
      const offset = r * padded + b * QUANT_BLOCK;
      for (let k = 0; k < end; k++) {
        // mulberry32, inlined.
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), state | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        t = (t ^ (t >>> 14)) >>> 0;
        nibbles[offset + k] = table[(t & 0xff) + ((t >>> 8) & 0xff) + ((t >>> 16) & 0xff) + (t >>> 24)]!;
      }
    }
  }
  return { rows, cols, blocks, nibbles, scales };
}

/** Draws a norm weight `[width]` from the stream `name`. */
export function drawNormWeight(seed: number, name: string, width: number): Float32Array {
  const random = new SeededRandom(streamSeed(seed, name));
  const out = new Float32Array(width);
  for (let i = 0; i < width; i++) out[i] = 1 + Math.round(random.normal() * BUILDER_NORM_NOISE * NORM_GRID) / NORM_GRID;
  return out;
}

/** The real values, HF layout `[rows, cols]` (`transposed`: `[cols, rows]`, the float MatMul layout). */
export function dequantize(m: QuantizedMatrix, transposed = false): Float32Array {
  return dequantizeInto(new Float32Array(m.rows * m.cols), m, transposed, (nibble, scale) => (nibble - DEFAULT_ZERO_POINT) * scale);
}

/** Like {@link dequantize}, as float16 bits (exact: a nibble times a power of two). */
export function dequantizeHalf(m: QuantizedMatrix, transposed = false): Uint16Array {
  return dequantizeInto(new Uint16Array(m.rows * m.cols), m, transposed, (nibble, scale) => float32ToFloat16Bits((nibble - DEFAULT_ZERO_POINT) * scale));
}

/**
 * The scale and zero point of the 8-bit form: every weight is a nibble in −8…7 times 1/16
 * or 1/8, i.e. a multiple of 1/16 in [−1, 0.875], which uint8 with zero point 128 holds
 * exactly — one scale for the whole tensor, as `quantize_dynamic` writes it by default.
 */
export const Q8_SCALE = 1 / 16;
export const Q8_ZERO_POINT = 128;

/** Like {@link dequantize}, as uint8 at {@link Q8_SCALE} and {@link Q8_ZERO_POINT} (exact). */
export function quantizeUint8(m: QuantizedMatrix, transposed = false): Uint8Array {
  return dequantizeInto(new Uint8Array(m.rows * m.cols), m, transposed, (nibble, scale) => Q8_ZERO_POINT + Math.round(((nibble - DEFAULT_ZERO_POINT) * scale) / Q8_SCALE));
}

function dequantizeInto<T extends Float32Array | Uint16Array | Uint8Array>(out: T, m: QuantizedMatrix, transposed: boolean, value: (nibble: number, scale: number) => number): T {
  const padded = m.blocks * QUANT_BLOCK;
  // Only 16 nibbles × a few scales occur: look the value up per (scale, nibble).
  const tables = new Map<number, number[]>();
  const tableFor = (scale: number): number[] => {
    let table = tables.get(scale);
    if (!table) tables.set(scale, (table = Array.from({ length: 16 }, (_, nibble) => value(nibble, scale))));
    return table;
  };
  for (let r = 0; r < m.rows; r++) {
    for (let b = 0; b < m.blocks; b++) {
      const table = tableFor(m.scales[r * m.blocks + b]!);
      const end = Math.min(QUANT_BLOCK, m.cols - b * QUANT_BLOCK);
      for (let k = 0; k < end; k++) {
        const c = b * QUANT_BLOCK + k;
        out[transposed ? c * m.rows + r : r * m.cols + c] = table[m.nibbles[r * padded + c]!]!;
      }
    }
  }
  return out;
}

/**
 * `MatMulNBits` input B: uint8 `[N, blocks, 16]`, two nibbles per byte along K, the
 * first in the low half (onnxruntime docs/ContribOperators.md, com.microsoft.MatMulNBits).
 */
export function packNibbles(m: QuantizedMatrix): Uint8Array {
  const out = new Uint8Array(m.nibbles.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = m.nibbles[2 * i]! | (m.nibbles[2 * i + 1]! << 4);
  return out;
}

/** Stream names of the weights, by HF parameter name. */
export const weightNames = {
  lmHead: 'lm_head.weight',
  finalNorm: 'model.norm.weight',
  layer: (i: number, part: keyof TinyLayerWeights): string => `model.layers.${i}.${part}`,
};

/** The projections of a layer: HF `[out, in]` sizes. */
export function layerProjections(shape: TinyModelShape): Record<'qProj' | 'kProj' | 'vProj' | 'oProj' | 'gateProj' | 'upProj' | 'downProj', [number, number]> {
  const { hidden, heads, kvHeads, headDim, intermediate } = shape;
  return {
    qProj: [heads * headDim, hidden],
    kProj: [kvHeads * headDim, hidden],
    vProj: [kvHeads * headDim, hidden],
    oProj: [hidden, heads * headDim],
    gateProj: [intermediate, hidden],
    upProj: [intermediate, hidden],
    downProj: [hidden, intermediate],
  };
}

/** Norm weights of a layer and their widths. */
export function layerNorms(shape: TinyModelShape): Record<'inputNorm' | 'postNorm' | 'qNorm' | 'kNorm', number> {
  return { inputNorm: shape.hidden, postNorm: shape.hidden, qNorm: shape.headDim, kNorm: shape.headDim };
}

/**
 * The whole model as {@link TinyWeights} (float32, HF layout) for the reference forward
 * pass. Holds everything in memory: for the tiny shapes only.
 */
export function builderReferenceWeights(shape: TinyModelShape, seed: number): TinyWeights {
  const layers: TinyLayerWeights[] = [];
  for (let i = 0; i < shape.layers; i++) {
    const layer: Partial<TinyLayerWeights> = {};
    for (const [part, [out, inp]] of Object.entries(layerProjections(shape))) {
      layer[part as keyof TinyLayerWeights] = dequantize(drawQuantizedMatrix(seed, weightNames.layer(i, part as keyof TinyLayerWeights), out, inp));
    }
    for (const [part, width] of Object.entries(layerNorms(shape))) {
      layer[part as keyof TinyLayerWeights] = drawNormWeight(seed, weightNames.layer(i, part as keyof TinyLayerWeights), width);
    }
    layers.push(layer as TinyLayerWeights);
  }
  return {
    shape: { ...shape },
    embedTokens: dequantize(drawQuantizedMatrix(seed, weightNames.lmHead, QWEN3_VOCAB_SIZE, shape.hidden)),
    layers,
    finalNorm: drawNormWeight(seed, weightNames.finalNorm, shape.hidden),
  };
}
