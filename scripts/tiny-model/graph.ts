/**
 * The Qwen3 decoder with KV cache as a standard-ONNX graph (opset 17, default domain
 * only), with the inputs and outputs of the onnx-community Optimum exports, so
 * transformers.js treats it like `onnx-community/Qwen3-0.6B-ONNX` and onnxruntime-web
 * runs it on both WASM and WebGPU.
 */
import { MAX_POSITION_EMBEDDINGS, QWEN3_VOCAB_SIZE, RMS_NORM_EPS, ROPE_THETA } from './config.js';
import { DataType, GraphBuilder, attr, tensorValueInfo } from './onnx-builder.js';
import type { Initializer } from './onnx-builder.js';
import { makeRopeTables } from './rope-tables.js';
import type { TinyWeights } from './weights.js';
import type { onnx as Onnx } from 'onnx-proto';

/** Opset of the default ONNX domain (17: ReduceMean still takes `axes` as an attribute). */
export const OPSET = 17;
/** IR version matching opset 17 (ONNX 1.12). */
export const IR_VERSION = 8;
/**
 * Score given to masked attention positions. Masking with `Where` (not by adding a
 * bias) makes every entry of a fully masked row exactly equal, so softmax gives a
 * uniform row instead of NaN; large and finite so no backend turns it into -inf.
 */
export const MASKED_SCORE = -1e9;

/** A decoder graph before serialisation: initializers are kept as raw bytes. */
export interface Qwen3Graph {
  nodes: Onnx.INodeProto[];
  initializers: Initializer[];
  inputs: Onnx.IValueInfoProto[];
  outputs: Onnx.IValueInfoProto[];
}

/** Row-major `[rows, cols]` → `[cols, rows]`: HF linear weights are `[out, in]`, MatMul wants `[in, out]`. */
function transpose(matrix: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(matrix.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c]!;
  }
  return out;
}

/** Builds the whole decoder for `weights`. */
export function buildQwen3Graph(weights: TinyWeights): Qwen3Graph {
  const { hidden, heads, kvHeads, headDim, intermediate } = weights.shape;
  const g = new GraphBuilder();
  const groups = heads / kvHeads;

  // Small constants shared by all layers.
  const c = {
    zero: g.int64('/model/constants/zero', [0], []),
    one: g.int64('/model/constants/one', [1], []),
    eps: g.float('/model/constants/rms_norm_eps', new Float32Array([RMS_NORM_EPS]), []),
    scale: g.float('/model/constants/attn_scale', new Float32Array([1 / Math.sqrt(headDim)]), []),
    masked: g.float('/model/constants/masked_score', new Float32Array([MASKED_SCORE]), []),
    halves: g.int64('/model/constants/rope_halves', [headDim / 2, headDim / 2]),
    qShape: g.int64('/model/constants/q_shape', [0, 0, heads, headDim]),
    kvShape: g.int64('/model/constants/kv_shape', [0, 0, kvHeads, headDim]),
    contextShape: g.int64('/model/constants/context_shape', [0, 0, heads * headDim]),
    // Broadcast target that repeats each KV head `groups` times along a new axis.
    kvRepeat: g.int64('/model/constants/kv_repeat', [1, 1, groups, 1, 1]),
    kvMerged: g.int64('/model/constants/kv_merged_shape', [0, heads, -1, headDim]),
    flatHidden: g.int64('/model/constants/flat_hidden', [-1, hidden]),
    vocab: g.int64('/model/constants/vocab', [QWEN3_VOCAB_SIZE]),
  };
  const embed = g.float('model.embed_tokens.weight', weights.embedTokens, [QWEN3_VOCAB_SIZE, hidden]);

  /** Qwen3RMSNorm: x / sqrt(mean(x²) + eps) · weight, over the last axis. */
  const rmsNorm = (x: string, weight: string, path: string): string => {
    const square = g.op('Mul', [x, x], `${path}/Mul`);
    const mean = g.op('ReduceMean', [square], `${path}/ReduceMean`, [attr.ints('axes', [-1]), attr.int('keepdims', 1)]);
    const rms = g.op('Sqrt', [g.op('Add', [mean, c.eps], `${path}/Add`)], `${path}/Sqrt`);
    return g.op('Mul', [g.op('Div', [x, rms], `${path}/Div`), weight], `${path}/Mul_1`);
  };

  /** x @ weightᵀ with the HF `[out, in]` weight stored transposed as `[in, out]`. */
  const linear = (x: string, weight: Float32Array, outFeatures: number, inFeatures: number, path: string): string => {
    const name = g.float(`${path.slice(1).replaceAll('/', '.')}.MatMul.weight`, transpose(weight, outFeatures, inFeatures), [
      inFeatures,
      outFeatures,
    ]);
    return g.op('MatMul', [x, name], `${path}/MatMul`);
  };

  // --- Masks: causal (by cache index, as HF does) AND padding, shape [batch, 1, seq, total].
  const seqLen = g.op('Gather', [g.op('Shape', ['input_ids'], '/model/mask/Shape'), c.one], '/model/mask/Gather');
  const totalLen = g.op('Gather', [g.op('Shape', ['attention_mask'], '/model/mask/Shape'), c.one], '/model/mask/Gather');
  const pastLen = g.op('Sub', [totalLen, seqLen], '/model/mask/Sub');
  const keyIndex = g.op('Range', [c.zero, totalLen, c.one], '/model/mask/Range');
  // Query i sits at cache index past + i and may see keys 0 ..= past + i.
  const queryIndex = g.op('Range', [pastLen, totalLen, c.one], '/model/mask/Range');
  const queryColumn = g.op('Unsqueeze', [queryIndex, g.int64('/model/constants/axes_1', [1])], '/model/mask/Unsqueeze');
  const causal = g.op('LessOrEqual', [keyIndex, queryColumn], '/model/mask/LessOrEqual');
  const padding = g.op('Cast', ['attention_mask'], '/model/mask/Cast', [attr.int('to', DataType.BOOL)]);
  const padding4 = g.op('Unsqueeze', [padding, g.int64('/model/constants/axes_1_2', [1, 2])], '/model/mask/Unsqueeze');
  const allowed = g.op('And', [causal, padding4], '/model/mask/And');

  // --- Rotary: gather precomputed half-width tables, duplicate to full width (HF's cat(freqs, freqs)).
  const tables = makeRopeTables(MAX_POSITION_EMBEDDINGS, headDim, ROPE_THETA);
  const ropeTable = (kind: 'cos' | 'sin', data: Float32Array): string => {
    const table = g.float(`model.rotary_emb.${kind}_cache`, data, [MAX_POSITION_EMBEDDINGS, headDim / 2]);
    const half = g.op('Gather', [table, 'position_ids'], `/model/rotary_emb/${kind}/Gather`);
    const full = g.op('Concat', [half, half], `/model/rotary_emb/${kind}/Concat`, [attr.int('axis', -1)]);
    return g.op('Unsqueeze', [full, g.int64(`/model/constants/axes_${kind}`, [1])], `/model/rotary_emb/${kind}/Unsqueeze`);
  };
  const cos = ropeTable('cos', tables.cos);
  const sin = ropeTable('sin', tables.sin);
  /** x·cos + rotate_half(x)·sin with rotate_half(x) = cat(-x₂, x₁), on `[batch, heads, seq, headDim]`. */
  const rope = (x: string, path: string): string => {
    const [x1, x2] = g.node('Split', [x, c.halves], `${path}/Split`, [attr.int('axis', -1)], 2) as [string, string];
    const rotated = g.op('Concat', [g.op('Neg', [x2], `${path}/Neg`), x1], `${path}/Concat`, [attr.int('axis', -1)]);
    return g.op('Add', [g.op('Mul', [x, cos], `${path}/Mul`), g.op('Mul', [rotated, sin], `${path}/Mul_1`)], `${path}/Add`);
  };

  let x = g.op('Gather', [embed, 'input_ids'], '/model/embed_tokens/Gather');
  const inputs = [
    tensorValueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']),
    tensorValueInfo('attention_mask', DataType.INT64, ['batch_size', 'total_sequence_length']),
    tensorValueInfo('position_ids', DataType.INT64, ['batch_size', 'sequence_length']),
  ];
  const outputs = [tensorValueInfo('logits', DataType.FLOAT, ['batch_size', 'sequence_length', QWEN3_VOCAB_SIZE])];

  weights.layers.forEach((w, i) => {
    const p = `/model/layers.${i}`;
    const normWeight = (name: string, data: Float32Array, width: number): string =>
      g.float(`model.layers.${i}.${name}.weight`, data, [width]);
    for (const kind of ['key', 'value']) {
      inputs.push(tensorValueInfo(`past_key_values.${i}.${kind}`, DataType.FLOAT, ['batch_size', kvHeads, 'past_sequence_length', headDim]));
      outputs.push(tensorValueInfo(`present.${i}.${kind}`, DataType.FLOAT, ['batch_size', kvHeads, 'total_sequence_length', headDim]));
    }

    // Attention block.
    const h = rmsNorm(x, normWeight('input_layernorm', w.inputNorm, hidden), `${p}/input_layernorm`);
    /** Projects, splits into heads, normalises per head (q_norm / k_norm), moves heads before the sequence. */
    const projectHeads = (proj: Float32Array, count: number, shape: string, norm: string | undefined, name: string): string => {
      let t = linear(h, proj, count * headDim, hidden, `${p}/self_attn/${name}_proj`);
      t = g.op('Reshape', [t, shape], `${p}/self_attn/${name}/Reshape`);
      if (norm !== undefined) t = rmsNorm(t, norm, `${p}/self_attn/${name}_norm`);
      return g.op('Transpose', [t], `${p}/self_attn/${name}/Transpose`, [attr.ints('perm', [0, 2, 1, 3])]);
    };
    const q = rope(projectHeads(w.qProj, heads, c.qShape, normWeight('self_attn.q_norm', w.qNorm, headDim), 'q'), `${p}/self_attn/q_rotary`);
    const k = rope(projectHeads(w.kProj, kvHeads, c.kvShape, normWeight('self_attn.k_norm', w.kNorm, headDim), 'k'), `${p}/self_attn/k_rotary`);
    const v = projectHeads(w.vProj, kvHeads, c.kvShape, undefined, 'v');

    // The cache holds keys after RoPE, as HF does.
    const keys = g.op('Concat', [`past_key_values.${i}.key`, k], `${p}/self_attn/key/Concat`, [attr.int('axis', 2)], `present.${i}.key`);
    const values = g.op('Concat', [`past_key_values.${i}.value`, v], `${p}/self_attn/value/Concat`, [attr.int('axis', 2)], `present.${i}.value`);
    /** HF repeat_kv: query head j reads KV head floor(j / groups). */
    const repeatKv = (t: string, name: string): string => {
      if (groups === 1) return t;
      const unsqueezed = g.op('Unsqueeze', [t, g.int64(`${p}/self_attn/${name}/repeat_axes`, [2])], `${p}/self_attn/${name}/Unsqueeze`);
      const expanded = g.op('Expand', [unsqueezed, c.kvRepeat], `${p}/self_attn/${name}/Expand`);
      return g.op('Reshape', [expanded, c.kvMerged], `${p}/self_attn/${name}/Reshape`);
    };
    const keysT = g.op('Transpose', [repeatKv(keys, 'key')], `${p}/self_attn/key/Transpose`, [attr.ints('perm', [0, 1, 3, 2])]);
    const scores = g.op('Mul', [g.op('MatMul', [q, keysT], `${p}/self_attn/scores/MatMul`), c.scale], `${p}/self_attn/scores/Mul`);
    const masked = g.op('Where', [allowed, scores, c.masked], `${p}/self_attn/scores/Where`);
    const probs = g.op('Softmax', [masked], `${p}/self_attn/Softmax`, [attr.int('axis', -1)]);
    let context = g.op('MatMul', [probs, repeatKv(values, 'value')], `${p}/self_attn/context/MatMul`);
    context = g.op('Transpose', [context], `${p}/self_attn/context/Transpose`, [attr.ints('perm', [0, 2, 1, 3])]);
    context = g.op('Reshape', [context, c.contextShape], `${p}/self_attn/context/Reshape`);
    const attnOut = linear(context, w.oProj, hidden, heads * headDim, `${p}/self_attn/o_proj`);
    x = g.op('Add', [x, attnOut], `${p}/attn_residual/Add`);

    // SwiGLU MLP block.
    const h2 = rmsNorm(x, normWeight('post_attention_layernorm', w.postNorm, hidden), `${p}/post_attention_layernorm`);
    const gate = linear(h2, w.gateProj, intermediate, hidden, `${p}/mlp/gate_proj`);
    const up = linear(h2, w.upProj, intermediate, hidden, `${p}/mlp/up_proj`);
    const silu = g.op('Mul', [gate, g.op('Sigmoid', [gate], `${p}/mlp/act_fn/Sigmoid`)], `${p}/mlp/act_fn/Mul`);
    const down = linear(g.op('Mul', [silu, up], `${p}/mlp/Mul`), w.downProj, hidden, intermediate, `${p}/mlp/down_proj`);
    x = g.op('Add', [x, down], `${p}/mlp_residual/Add`);
  });

  // lm_head tied to the embedding: Gemm with transB reads the same initializer, stored once.
  const normed = rmsNorm(x, g.float('model.norm.weight', weights.finalNorm, [hidden]), '/model/norm');
  const flat = g.op('Reshape', [normed, c.flatHidden], '/lm_head/Reshape');
  const flatLogits = g.op('Gemm', [flat, embed], '/lm_head/Gemm', [attr.int('transB', 1)]);
  const logitsShape = g.op('Concat', [g.op('Shape', ['input_ids'], '/lm_head/Shape'), c.vocab], '/lm_head/Concat', [attr.int('axis', 0)]);
  g.op('Reshape', [flatLogits, logitsShape], '/lm_head/Reshape', [], 'logits');

  return { nodes: g.nodes, initializers: g.initializers, inputs, outputs };
}

/** Model-level metadata for {@link Qwen3Graph}; `initializers` are already `TensorProto`s. */
export function makeModelProto(graph: Qwen3Graph, initializers: Onnx.ITensorProto[]): Onnx.IModelProto {
  return {
    irVersion: IR_VERSION,
    producerName: 'qwen3-web tiny-model generator',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: 'qwen3_tiny',
      node: graph.nodes,
      initializer: initializers,
      input: graph.inputs,
      output: graph.outputs,
    },
  };
}
