/**
 * Seeded random weights for a tiny Qwen3, in the Hugging Face (PyTorch) layout:
 * every linear weight is row-major `[out_features, in_features]`.
 */
import { QWEN3_VOCAB_SIZE, type TinyModelShape, validateShape } from './config.js';
import { SeededRandom } from './prng.js';

/**
 * Standard deviation of every projection and of the embedding. At 0.02 (the usual
 * initialiser) the tied embedding dominates the residual stream and greedy decoding
 * repeats the last prompt token forever; 0.2 lets the layers matter.
 */
export const WEIGHT_STD = 0.2;
/** Norm weights are 1 + NORM_NOISE · N(0, 1), so a norm weight applied wrongly (or not at all) shows. */
export const NORM_NOISE = 0.1;

/** The weights of one decoder layer. */
export interface TinyLayerWeights {
  /** `input_layernorm.weight` `[hidden]`. */
  inputNorm: Float32Array;
  /** `self_attn.q_proj.weight` `[heads·headDim, hidden]`. */
  qProj: Float32Array;
  /** `self_attn.k_proj.weight` `[kvHeads·headDim, hidden]`. */
  kProj: Float32Array;
  /** `self_attn.v_proj.weight` `[kvHeads·headDim, hidden]`. */
  vProj: Float32Array;
  /** `self_attn.q_norm.weight` `[headDim]`, shared by all query heads. */
  qNorm: Float32Array;
  /** `self_attn.k_norm.weight` `[headDim]`, shared by all key heads. */
  kNorm: Float32Array;
  /** `self_attn.o_proj.weight` `[hidden, heads·headDim]`. */
  oProj: Float32Array;
  /** `post_attention_layernorm.weight` `[hidden]`. */
  postNorm: Float32Array;
  /** `mlp.gate_proj.weight` `[intermediate, hidden]`. */
  gateProj: Float32Array;
  /** `mlp.up_proj.weight` `[intermediate, hidden]`. */
  upProj: Float32Array;
  /** `mlp.down_proj.weight` `[hidden, intermediate]`. */
  downProj: Float32Array;
}

/** All weights of a tiny Qwen3. The lm_head is tied to `embedTokens`. */
export interface TinyWeights {
  shape: TinyModelShape;
  /** `model.embed_tokens.weight` `[vocab, hidden]`; also the lm_head. */
  embedTokens: Float32Array;
  layers: TinyLayerWeights[];
  /** `model.norm.weight` `[hidden]`. */
  finalNorm: Float32Array;
}

/**
 * Draws the weights for `shape` from `seed`. The order of draws is fixed, so the same
 * (shape, seed) always gives bit-identical weights.
 */
export function makeTinyWeights(shape: TinyModelShape, seed: number): TinyWeights {
  validateShape(shape);
  const random = new SeededRandom(seed);
  const { hidden, heads, kvHeads, headDim, intermediate } = shape;
  const linear = (out: number, inp: number): Float32Array => random.normalArray(out * inp, WEIGHT_STD);
  const norm = (width: number): Float32Array => random.normalArray(width, NORM_NOISE, 1);

  const embedTokens = random.normalArray(QWEN3_VOCAB_SIZE * hidden, WEIGHT_STD);
  const layers: TinyLayerWeights[] = [];
  for (let i = 0; i < shape.layers; i++) {
    layers.push({
      inputNorm: norm(hidden),
      qProj: linear(heads * headDim, hidden),
      kProj: linear(kvHeads * headDim, hidden),
      vProj: linear(kvHeads * headDim, hidden),
      qNorm: norm(headDim),
      kNorm: norm(headDim),
      oProj: linear(hidden, heads * headDim),
      postNorm: norm(hidden),
      gateProj: linear(intermediate, hidden),
      upProj: linear(intermediate, hidden),
      downProj: linear(hidden, intermediate),
    });
  }
  return { shape: { ...shape }, embedTokens, layers, finalNorm: norm(hidden) };
}
