/**
 * The Qwen3 decoder as the onnxruntime-genai model builder exports it, the graph style of
 * the `onnx-community/Qwen3-*-ONNX` repositories.
 *
 * Modelled on microsoft/onnxruntime-genai `src/python/py/models/builders/base.py`
 * (`Model.__init__` for the input/output names and shapes, `make_attention_mask_reformatting_for_gqa`,
 * `make_embedding`, `make_layernorm`, `make_qk_norm`, `make_rotary_embedding`,
 * `make_group_query_attention`, `make_mlp_proj`, `make_activation_with_mul`, `make_lm_head`)
 * and `builders/qwen.py` (`Qwen3Model`: q_norm/k_norm on), in the configuration the
 * onnx-community Qwen3 exports show: separate q/k/v projections, q_norm/k_norm as
 * `SimplifiedLayerNormalization` on `[batch, seq·heads, head_dim]`, a separate
 * `RotaryEmbedding` per q/k fed by the `position_ids` input and `cos_cache`/`sin_cache`
 * initializers, `GroupQueryAttention` whose `seqlens_k` and `total_sequence_length` are
 * computed from `attention_mask` inside the graph, and `SkipSimplifiedLayerNormalization`
 * carrying the residual stream. Node names follow the builder (`/model/layers.{i}/attn/...`,
 * `/model/attn_mask_reformat/...`, `/lm_head/MatMul`), initializer names too
 * (`model.layers.{i}.attn.q_proj.MatMul.weight`, `..._Q4` and `..._scales` when quantized).
 *
 * Quantized dtypes follow the builder's int4 path (quantization deferred to onnxruntime's
 * `onnxruntime/python/tools/quantization/matmul_nbits_quantizer.py`): a `MatMulNBits` node named
 * `<MatMul name>_Q4` (bits 4, block_size 32, K, N; `accuracy_level` 4 by default for CPU and
 * WebGPU, `builders/quant_config.py`) reading `...MatMul.weight_Q4` and `...MatMul.weight_scales`
 * (the symmetric "default" naming tabulated in `base.py`
 * `make_tied_quantized_embedding_input_names`). Op semantics: onnxruntime
 * `docs/ContribOperators.md` (com.microsoft.MatMulNBits, GroupQueryAttention, RotaryEmbedding,
 * SkipSimplifiedLayerNormalization).
 *
 * Like the real exports, `GroupQueryAttention` takes each row's valid tokens to be its first
 * `seqlens_k + 1` cache entries, so a left-padded batch does not give the unpadded logits
 * (measured: 9.6 off); single sequences, as transformers.js generates them, are exact.
 *
 * Deliberate differences, each because a browser must run it:
 * - The tied embedding is a plain `Gather`. The builder's int4 export reads it with
 *   `GatherBlockQuantized`, which onnxruntime-web's WASM build lacks (FACTS). Float dtypes
 *   gather along axis 1 of the lm_head's `[hidden, vocab]` weight and transpose the few
 *   gathered rows (the builder transposes the whole table); q4 dtypes gather packed rows
 *   of the lm_head's `MatMulNBits` weight and unpack them with standard integer ops, so the
 *   4-bit table is stored once.
 * - q8 (`model_quantized.onnx`) is what onnxruntime's `quantize_dynamic` makes of the fp32
 *   export (`onnxruntime/python/tools/quantization/operators/matmul.py`, `MatMulInteger`;
 *   `operators/gather.py`), as transformers.js's conversion script writes it: each MatMul
 *   becomes `DynamicQuantizeLinear` on the activation, `MatMulInteger` on uint8 weights, a
 *   `Cast` to float and two `Mul`s by the scales; the embedding gathers the same uint8 table
 *   and dequantizes with `DequantizeLinear`. One per-tensor scale and zero point (its
 *   default `per_channel=False`) holds these weights exactly; the activation's 8 bits do not,
 *   so q8 is only near the fp32 function.
 * - An optional `num_logits_to_keep` input (int64 scalar, 0 = all positions), which
 *   transformers.js 4.3.1 feeds when a graph declares it (`setNumLogitsToKeep`). The current
 *   builder does not declare it; some exports do (FACTS), and it lets prefill skip the
 *   151936-wide lm_head for all but the last position.
 */
import { QWEN3_VOCAB_SIZE, RMS_NORM_EPS, ROPE_THETA, type TinyModelShape } from '../config.js';
import { DataType, attr, littleEndianBytes, tensorValueInfo } from '../onnx-builder.js';
import { makeRopeTables } from '../rope-tables.js';
import type { onnx as Onnx } from 'onnx-proto';
import { toFloat16 } from './float16.js';
import {
  QUANT_BITS,
  QUANT_BLOCK,
  dequantize,
  dequantizeHalf,
  drawNormWeight,
  drawQuantizedMatrix,
  layerNorms,
  layerProjections,
  packNibbles,
  quantizeUint8,
  Q8_SCALE,
  Q8_ZERO_POINT,
  weightNames,
  type QuantizedMatrix,
} from './weights.js';
import type { TinyLayerWeights } from '../weights.js';

/** Opset of the default domain; the builder writes 21 (and com.microsoft 1). */
export const BUILDER_OPSET = 21;
/** IR version the builder writes. */
export const BUILDER_IR_VERSION = 10;
/** The Microsoft contrib-op domain. */
export const MS_DOMAIN = 'com.microsoft';

/** One dtype of the export: file suffix (transformers.js `DEFAULT_DTYPE_SUFFIX_MAPPING`), I/O type, weights. */
export interface BuilderDtype {
  name: 'fp32' | 'fp16' | 'q4' | 'q4f16' | 'q8' | 'int8';
  file: string;
  /** Element type of activations, KV cache, logits and float initializers. */
  io: 'float32' | 'float16';
  /**
   * How projections and lm_head hold their weights: float `MatMul`, `MatMulNBits`
   * (4 bits, block 32), or uint8 `MatMulInteger` behind `DynamicQuantizeLinear`.
   */
  weights: 'float' | 'q4' | 'q8';
  /**
   * The 8-bit weights' element type: uint8 with zero point 128 (`model_quantized.onnx`,
   * quantize_dynamic's default, the same bytes as `model_uint8.onnx`) or int8 with zero
   * point 0 (`model_int8.onnx`, its `weight_type=QInt8`). Activations are uint8 either way.
   */
  integer?: 'uint8' | 'int8';
}

/** The dtypes of an onnx-community Qwen3 repository that the fixture can write. */
export const BUILDER_DTYPES: Readonly<Record<BuilderDtype['name'], BuilderDtype>> = Object.freeze({
  fp32: { name: 'fp32', file: 'model.onnx', io: 'float32', weights: 'float' },
  fp16: { name: 'fp16', file: 'model_fp16.onnx', io: 'float16', weights: 'float' },
  q4: { name: 'q4', file: 'model_q4.onnx', io: 'float32', weights: 'q4' },
  q4f16: { name: 'q4f16', file: 'model_q4f16.onnx', io: 'float16', weights: 'q4' },
  q8: { name: 'q8', file: 'model_quantized.onnx', io: 'float32', weights: 'q8', integer: 'uint8' },
  int8: { name: 'int8', file: 'model_int8.onnx', io: 'float32', weights: 'q8', integer: 'int8' },
});

/** Graph options beyond shape and dtype. */
export interface BuilderGraphOptions {
  /** Declare the `num_logits_to_keep` input. */
  numLogitsToKeep: boolean;
  /**
   * `MatMulNBits` `accuracy_level`; 0 leaves it unset (float compute, exact). The builder's
   * int4 CPU export uses 4 (int8 activations), which makes q4 only approximately equal to fp32.
   */
  accuracyLevel: number;
  /** Rows of the rotary caches (the builder uses the context length). */
  ropePositions: number;
}

/** An initializer whose bytes are made only when the serializer asks, so large models stream. */
export interface LazyInitializer {
  name: string;
  dataType: number;
  dims: number[];
  byteLength: number;
  produce: () => Uint8Array;
}

/** A builder-style graph before serialisation. */
export interface BuilderGraph {
  nodes: Onnx.INodeProto[];
  initializers: LazyInitializer[];
  inputs: Onnx.IValueInfoProto[];
  outputs: Onnx.IValueInfoProto[];
}

const BYTES: Record<number, number> = {
  [DataType.FLOAT]: 4,
  [DataType.FLOAT16]: 2,
  [DataType.INT32]: 4,
  [DataType.INT64]: 8,
  [DataType.UINT8]: 1,
  [DataType.INT8]: 1,
};

/** Nodes and lazy initializers with the builder's naming: node `N` outputs `N/output_i`. */
class LazyGraph {
  readonly nodes: Onnx.INodeProto[] = [];
  readonly initializers: LazyInitializer[] = [];
  private readonly names = new Set<string>();

  node(opType: string, inputs: string[], name: string, attributes: Onnx.IAttributeProto[] = [], outputs: number | string[] = 1, domain = ''): string[] {
    if (this.names.has(name)) throw new Error(`duplicate node ${name}`);
    this.names.add(name);
    const output = typeof outputs === 'number' ? Array.from({ length: outputs }, (_, i) => `${name}/output_${i}`) : outputs;
    this.nodes.push({ opType, input: inputs, output, name, attribute: attributes, domain });
    return output;
  }

  op(opType: string, inputs: string[], name: string, attributes: Onnx.IAttributeProto[] = [], domain = ''): string {
    return this.node(opType, inputs, name, attributes, 1, domain)[0]!;
  }

  tensor(name: string, dataType: number, dims: number[], produce: () => Uint8Array): string {
    if (this.names.has(name)) return name;
    this.names.add(name);
    const byteLength = dims.reduce((a, b) => a * b, 1) * BYTES[dataType]!;
    this.initializers.push({
      name,
      dataType,
      dims,
      byteLength,
      produce: () => {
        const bytes = produce();
        if (bytes.length !== byteLength) throw new Error(`initializer ${name}: ${bytes.length} bytes, expected ${byteLength}`);
        return bytes;
      },
    });
    return name;
  }

  /** `/model/constants/INT64/<values>`: shared int64 constants, as the builder names them. */
  int64(values: number[], scalar = false): string {
    const label = scalar ? String(values[0]) : `[${values.join(', ')}]`;
    return this.tensor(`/model/constants/INT64/${label}`, DataType.INT64, scalar ? [] : [values.length], () =>
      littleEndianBytes(BigInt64Array.from(values, (v) => BigInt(v))),
    );
  }
}

/**
 * Builds the decoder for `shape` in `dtype`. Weights come from `seed` (see
 * `./weights.ts`) and are generated only when serialised; `memo` may cache the drawn
 * matrices across dtypes (tiny shapes) or be omitted (the 0.6B shape).
 */
export function buildBuilderGraph(
  shape: TinyModelShape,
  seed: number,
  dtype: BuilderDtype,
  options: BuilderGraphOptions,
  memo?: Map<string, QuantizedMatrix>,
): BuilderGraph {
  const { hidden, heads, kvHeads, headDim, layers } = shape;
  const g = new LazyGraph();
  const io = dtype.io === 'float16' ? DataType.FLOAT16 : DataType.FLOAT;
  const ioTypeName = dtype.io === 'float16' ? 'FLOAT16' : 'FLOAT';
  const floatBytes = (values: Float32Array): Uint8Array => (io === DataType.FLOAT16 ? littleEndianBytes(toFloat16(values)) : littleEndianBytes(values));
  const floatTensor = (name: string, dims: number[], values: () => Float32Array): string => g.tensor(name, io, dims, () => floatBytes(values()));
  /** A dequantized weight in the I/O type; float16 straight from the nibbles. */
  const weightTensor = (name: string, dims: number[], m: () => QuantizedMatrix): string =>
    g.tensor(name, io, dims, () => littleEndianBytes(io === DataType.FLOAT16 ? dequantizeHalf(m(), true) : dequantize(m(), true)));
  const floatScalar = (value: number): string => floatTensor(`/model/constants/${ioTypeName}/${value}`, [], () => new Float32Array([value]));
  // Without a memo, still keep the last matrix: its packed nibbles and its scales are
  // serialised one after the other, and drawing the 0.6B lm_head twice costs seconds.
  let last: { name: string; m: QuantizedMatrix } | undefined;
  const matrix = (name: string, rows: number, cols: number): QuantizedMatrix => {
    const cached = memo?.get(name) ?? (last?.name === name ? last.m : undefined);
    if (cached) return cached;
    const drawn = drawQuantizedMatrix(seed, name, rows, cols);
    memo?.set(name, drawn);
    last = { name, m: drawn };
    return drawn;
  };

  const inputs = [
    tensorValueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']),
    tensorValueInfo('attention_mask', DataType.INT64, ['batch_size', 'total_sequence_length']),
    tensorValueInfo('position_ids', DataType.INT64, ['batch_size', 'sequence_length']),
  ];
  for (let i = 0; i < layers; i++) {
    for (const kind of ['key', 'value']) {
      // Numeric heads and head_dim: transformers.js builds the empty first-step cache from these dims.
      inputs.push(tensorValueInfo(`past_key_values.${i}.${kind}`, io, ['batch_size', kvHeads, 'past_sequence_length', headDim]));
    }
  }
  if (options.numLogitsToKeep) inputs.push(tensorValueInfo('num_logits_to_keep', DataType.INT64, []));
  const outputs = [
    tensorValueInfo('logits', io, ['batch_size', options.numLogitsToKeep ? 'logits_sequence_length' : 'sequence_length', QWEN3_VOCAB_SIZE]),
  ];
  for (let i = 0; i < layers; i++) {
    for (const kind of ['key', 'value']) {
      outputs.push(tensorValueInfo(`present.${i}.${kind}`, io, ['batch_size', kvHeads, 'total_sequence_length', headDim]));
    }
  }

  /** HF `x @ W.T` for an `[out, in]` weight: float MatMul on `W.T`, or MatMulNBits on packed W. */
  const linear = (x: string, basename: string, streamName: string, out: number, inp: number): string => {
    const m = (): QuantizedMatrix => matrix(streamName, out, inp);
    const weightBase = `${basename.slice(1).replaceAll('/', '.')}.weight`;
    if (dtype.weights === 'float') {
      const weight = weightTensor(weightBase, [inp, out], m);
      return g.op('MatMul', [x, weight], basename);
    }
    if (dtype.weights === 'q8') {
      const weight = g.tensor(`${weightBase}_quantized`, q8Type, [inp, out], () => q8Bytes(m()));
      return integerMatMul(x, weight, basename);
    }
    const blocks = Math.ceil(inp / QUANT_BLOCK);
    const packed = g.tensor(`${weightBase}_Q4`, DataType.UINT8, [out, blocks, (QUANT_BLOCK * QUANT_BITS) / 8], () => packNibbles(m()));
    const scales = floatTensor(`${weightBase}_scales`, [out, blocks], () => m().scales);
    const nbitsAttributes = [
      attr.int('K', inp),
      attr.int('N', out),
      attr.int('bits', QUANT_BITS),
      attr.int('block_size', QUANT_BLOCK),
      ...(options.accuracyLevel > 0 ? [attr.int('accuracy_level', options.accuracyLevel)] : []),
    ];
    return g.op('MatMulNBits', [x, packed, scales], `${basename}_Q4`, nbitsAttributes, MS_DOMAIN);
  };
  /** quantize_dynamic's MatMul: quantize the activation per tensor, integer product, rescale. */
  const integerMatMul = (x: string, weight: string, basename: string, output?: string): string => {
    const [xq, xScale, xZero] = g.node('DynamicQuantizeLinear', [x], `${basename}_QuantizeLinear`, [], 3);
    const product = g.op('MatMulInteger', [xq!, weight, xZero!, q8ZeroPoint()], `${basename}_quant`);
    const real = g.op('Cast', [product], `${basename}_quant_output_cast`, [attr.int('to', DataType.FLOAT)]);
    const scale = g.op('Mul', [xScale!, q8Scale()], `${basename}_quant_scales_mul`);
    return g.node('Mul', [real, scale], `${basename}_quant_output_scale_mul`, [], output ? [output] : 1)[0]!;
  };
  const q8Scale = (): string => floatTensor('/model/constants/q8/scale', [], () => new Float32Array([Q8_SCALE]));
  const signed = dtype.integer === 'int8';
  const q8Type = signed ? DataType.INT8 : DataType.UINT8;
  // int8 holds the same values as uint8 − 128: flipping the top bit turns one into the other.
  const q8Bytes = (matrix: QuantizedMatrix): Uint8Array => {
    const bytes = quantizeUint8(matrix, true);
    if (signed) for (let i = 0; i < bytes.length; i++) bytes[i]! ^= 0x80;
    return bytes;
  };
  const q8ZeroPoint = (): string => g.tensor(`/model/constants/q8/zero_point`, q8Type, [], () => new Uint8Array([signed ? 0 : Q8_ZERO_POINT]));
  const norm = (name: string, streamName: string, width: number): string => floatTensor(name, [width], () => drawNormWeight(seed, streamName, width));
  const epsilon = attr.float('epsilon', RMS_NORM_EPS);
  const simplifiedNorm = (x: string, weight: string, name: string): string =>
    g.op('SimplifiedLayerNormalization', [x, weight], name, [attr.int('axis', -1), epsilon, attr.int('stash_type', 1)]);
  /** SkipSimplifiedLayerNormalization: output 0 is norm(residual + skip), output 3 the new residual. */
  const skipNorm = (residual: string, skip: string, weight: string, name: string, last = false): [string, string] => {
    const outputs = last ? [`${name}/output_0`] : [`${name}/output_0`, '', '', `${name}/output_3`];
    const [normed, , , sum] = g.node('SkipSimplifiedLayerNormalization', [residual, skip, weight], name, [epsilon], outputs, MS_DOMAIN);
    return [normed!, sum ?? ''];
  };

  // --- attention_mask → seqlens_k (row sums − 1) and total_sequence_length, both int32.
  const maskBase = '/model/attn_mask_reformat/attn_mask_subgraph';
  const reduceSum = g.op('ReduceSum', ['attention_mask', g.int64([1])], `${maskBase}/ReduceSum`, [attr.int('keepdims', 0)]);
  const sub = g.op('Sub', [reduceSum, g.int64([1], true)], `${maskBase}/Sub`);
  const seqlensK = g.op('Cast', [sub], `${maskBase}/Sub/Cast`, [attr.int('to', DataType.INT32)]);
  const maskShape = g.op('Shape', ['attention_mask'], `${maskBase}/Shape`);
  const totalLength = g.op('Gather', [maskShape, g.int64([1], true)], `${maskBase}/Gather`, [attr.int('axis', 0)]);
  const totalSeqLen = g.op('Cast', [totalLength], `${maskBase}/Gather/Cast`, [attr.int('to', DataType.INT32)]);

  // --- Tied embedding / lm_head weight, stored once.
  const lmHead = (): QuantizedMatrix => matrix(weightNames.lmHead, QWEN3_VOCAB_SIZE, hidden);
  const embedBlocks = Math.ceil(hidden / QUANT_BLOCK);
  let x: string;
  let lmHeadWeight: string;
  let lmHeadScales = '';
  if (dtype.weights === 'float') {
    lmHeadWeight = weightTensor('lm_head.MatMul.weight', [hidden, QWEN3_VOCAB_SIZE], lmHead);
    const columns = g.op('Gather', [lmHeadWeight, 'input_ids'], '/model/embed_tokens/Gather', [attr.int('axis', 1)]);
    x = g.op('Transpose', [columns], '/model/embed_tokens/Transpose', [attr.ints('perm', [1, 2, 0])]);
  } else if (dtype.weights === 'q8') {
    lmHeadWeight = g.tensor('lm_head.MatMul.weight_quantized', q8Type, [hidden, QWEN3_VOCAB_SIZE], () => q8Bytes(lmHead()));
    const columns = g.op('Gather', [lmHeadWeight, 'input_ids'], '/model/embed_tokens/Gather', [attr.int('axis', 1)]);
    const rows = g.op('Transpose', [columns], '/model/embed_tokens/Transpose', [attr.ints('perm', [1, 2, 0])]);
    x = g.op('DequantizeLinear', [rows, q8Scale(), q8ZeroPoint()], '/model/embed_tokens/DequantizeLinear');
  } else {
    lmHeadWeight = g.tensor('lm_head.MatMul.weight_Q4', DataType.UINT8, [QWEN3_VOCAB_SIZE, embedBlocks, QUANT_BLOCK / 2], () => packNibbles(lmHead()));
    lmHeadScales = floatTensor('lm_head.MatMul.weight_scales', [QWEN3_VOCAB_SIZE, embedBlocks], () => lmHead().scales);
    // GatherBlockQuantized spelled out in standard ops: gather packed rows and their scales,
    // split each byte into (low, high) nibbles, subtract the zero point, scale per block.
    const base = '/model/embed_tokens';
    const rows = g.op('Gather', [lmHeadWeight, 'input_ids'], `${base}/Gather`, [attr.int('axis', 0)]);
    const rowScales = g.op('Gather', [lmHeadScales, 'input_ids'], `${base}/scales/Gather`, [attr.int('axis', 0)]);
    const bytes = g.op('Cast', [rows], `${base}/Cast`, [attr.int('to', DataType.INT32)]);
    const sixteen = g.tensor('/model/constants/INT32/16', DataType.INT32, [], () => littleEndianBytes(new Int32Array([16])));
    const high = g.op('Div', [bytes, sixteen], `${base}/high/Div`);
    const low = g.op('Sub', [bytes, g.op('Mul', [high, sixteen], `${base}/high/Mul`)], `${base}/low/Sub`);
    const lastAxis = g.int64([-1]);
    const pairs = g.op(
      'Concat',
      [g.op('Unsqueeze', [low, lastAxis], `${base}/low/Unsqueeze`), g.op('Unsqueeze', [high, lastAxis], `${base}/high/Unsqueeze`)],
      `${base}/Concat`,
      [attr.int('axis', -1)],
    );
    const nibbles = g.op('Reshape', [pairs, g.int64([0, 0, embedBlocks, QUANT_BLOCK])], `${base}/Reshape`);
    const centred = g.op('Sub', [g.op('Cast', [nibbles], `${base}/nibbles/Cast`, [attr.int('to', io)]), floatScalar(8)], `${base}/Sub`);
    const scaled = g.op('Mul', [centred, g.op('Unsqueeze', [rowScales, lastAxis], `${base}/scales/Unsqueeze`)], `${base}/Mul`);
    x = g.op('Reshape', [scaled, g.int64([0, 0, embedBlocks * QUANT_BLOCK])], `${base}/Reshape_1`);
    if (embedBlocks * QUANT_BLOCK !== hidden) {
      x = g.op('Slice', [x, g.int64([0]), g.int64([hidden]), g.int64([2])], `${base}/Slice`);
    }
  }

  // --- Rotary caches `[positions, head_dim / 2]` in the I/O type, shared by all layers.
  let tables: ReturnType<typeof makeRopeTables> | undefined;
  const ropeTables = (): ReturnType<typeof makeRopeTables> => (tables ??= makeRopeTables(options.ropePositions, headDim, ROPE_THETA));
  const cosCache = floatTensor('cos_cache', [options.ropePositions, headDim / 2], () => ropeTables().cos);
  const sinCache = floatTensor('sin_cache', [options.ropePositions, headDim / 2], () => ropeTables().sin);
  const rotary = (t: string, name: string): string =>
    g.op('RotaryEmbedding', [t, 'position_ids', cosCache, sinCache], name, [attr.int('interleaved', 0), attr.int('num_heads', 0), attr.int('rotary_embedding_dim', 0)], MS_DOMAIN);

  const projections = layerProjections(shape);
  const norms = layerNorms(shape);
  const stream = (i: number, part: keyof TinyLayerWeights): string => weightNames.layer(i, part);
  let residual = x;
  let pendingSkip = '';
  for (let i = 0; i < layers; i++) {
    const p = `/model/layers.${i}`;
    const inputNormWeight = norm(`model.layers.${i}.input_layernorm.weight`, stream(i, 'inputNorm'), norms.inputNorm);
    let h: string;
    if (i === 0) {
      h = simplifiedNorm(residual, inputNormWeight, `${p}/input_layernorm/LayerNorm`);
    } else {
      [h, residual] = skipNorm(residual, pendingSkip, inputNormWeight, `${p}/input_layernorm/SkipLayerNorm`);
    }

    const proj = (part: keyof typeof projections, name: string, input: string): string =>
      linear(input, `${p}/${name}/MatMul`, stream(i, part), projections[part][0], projections[part][1]);
    let q = proj('qProj', 'attn/q_proj', h);
    let k = proj('kProj', 'attn/k_proj', h);
    const v = proj('vProj', 'attn/v_proj', h);
    /** Per-head RMSNorm: `[B, S, n·d]` → `[B, S·n, d]` → SimplifiedLayerNorm → `[B, S, n·d]`. */
    const headNorm = (t: string, which: 'q' | 'k', count: number): string => {
      const weight = norm(`model.layers.${i}.attn.${which}_norm.layernorm.weight`, stream(i, which === 'q' ? 'qNorm' : 'kNorm'), norms.qNorm);
      const split = g.op('Reshape', [t, g.int64([0, -1, headDim])], `${p}/attn/${which}_norm/Reshape_1`);
      const normed = simplifiedNorm(split, weight, `${p}/attn/${which}_norm/SimplifiedLayerNormalization`);
      return g.op('Reshape', [normed, g.int64([0, -1, count * headDim])], `${p}/attn/${which}_norm/Reshape_2`);
    };
    q = rotary(headNorm(q, 'q', heads), `${p}/attn/q_rotary/RotaryEmbedding`);
    k = rotary(headNorm(k, 'k', kvHeads), `${p}/attn/k_rotary/RotaryEmbedding`);
    const [attention] = g.node(
      'GroupQueryAttention',
      [q, k, v, `past_key_values.${i}.key`, `past_key_values.${i}.value`, seqlensK, totalSeqLen],
      `${p}/attn/GroupQueryAttention`,
      [
        attr.int('num_heads', heads),
        attr.int('kv_num_heads', kvHeads),
        attr.float('scale', 1 / Math.sqrt(headDim)),
        attr.int('local_window_size', -1),
        attr.float('softcap', 0),
        attr.int('do_rotary', 0),
        attr.int('rotary_interleaved', 0),
      ],
      [`${p}/attn/GroupQueryAttention/output_0`, `present.${i}.key`, `present.${i}.value`],
      MS_DOMAIN,
    );
    const attnOut = proj('oProj', 'attn/o_proj', attention!);

    const postNormWeight = norm(`model.layers.${i}.post_attention_layernorm.weight`, stream(i, 'postNorm'), norms.postNorm);
    let h2: string;
    [h2, residual] = skipNorm(residual, attnOut, postNormWeight, `${p}/post_attention_layernorm/SkipLayerNorm`);
    const gate = proj('gateProj', 'mlp/gate_proj', h2);
    const up = proj('upProj', 'mlp/up_proj', h2);
    const act = g.op('Mul', [gate, g.op('Sigmoid', [gate], `${p}/mlp/act_fn/Sigmoid`)], `${p}/mlp/act_fn/Mul`);
    pendingSkip = proj('downProj', 'mlp/down_proj', g.op('Mul', [act, up], `${p}/mlp/Mul`));
  }

  const finalWeight = norm(`model.layers.${layers}.final_norm_layernorm.weight`, weightNames.finalNorm, hidden);
  let [normed] = skipNorm(residual, pendingSkip, finalWeight, `/model/layers.${layers}/final_norm_layernorm/SkipLayerNorm`, true);

  if (options.numLogitsToKeep) {
    // Keep the last n positions; n = 0 gives start 0, i.e. all of them (transformers.js passes 0 outside generate()).
    const start = g.op('Unsqueeze', [g.op('Neg', ['num_logits_to_keep'], '/model/logits_to_keep/Neg'), g.int64([0])], '/model/logits_to_keep/Unsqueeze');
    normed = g.op('Slice', [normed, start, g.int64([Number.MAX_SAFE_INTEGER]), g.int64([1])], '/model/logits_to_keep/Slice');
  }

  if (dtype.weights === 'float') {
    g.node('MatMul', [normed, lmHeadWeight], '/lm_head/MatMul', [], ['logits']);
  } else if (dtype.weights === 'q8') {
    integerMatMul(normed, lmHeadWeight, '/lm_head/MatMul', 'logits');
  } else {
    g.node(
      'MatMulNBits',
      [normed, lmHeadWeight, lmHeadScales],
      '/lm_head/MatMul_Q4',
      [
        attr.int('K', hidden),
        attr.int('N', QWEN3_VOCAB_SIZE),
        attr.int('bits', QUANT_BITS),
        attr.int('block_size', QUANT_BLOCK),
        ...(options.accuracyLevel > 0 ? [attr.int('accuracy_level', options.accuracyLevel)] : []),
      ],
      ['logits'],
      MS_DOMAIN,
    );
  }

  return { nodes: g.nodes, initializers: g.initializers, inputs, outputs };
}

/** Model-level fields for a {@link BuilderGraph}, as the builder writes them. */
export function makeBuilderModelProto(graph: BuilderGraph, initializers: Onnx.ITensorProto[]): Onnx.IModelProto {
  return {
    irVersion: BUILDER_IR_VERSION,
    producerName: 'qwen3-web tiny-model (onnxruntime-genai builder style)',
    opsetImport: [
      { domain: '', version: BUILDER_OPSET },
      { domain: MS_DOMAIN, version: 1 },
    ],
    graph: { name: 'main_graph', node: graph.nodes, initializer: initializers, input: graph.inputs, output: graph.outputs },
  };
}
