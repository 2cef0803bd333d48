/**
 * The models this SDK knows by name. Download sizes marked `reported` are the
 * onnx-community exports' published figures (0.6B q4f16 ≈ 570 MB, q4 ≈ 919 MB;
 * 1.7B q4f16 ≈ 1.4 GB; 4B q4f16 ≈ 2.8 GB); every other size is an
 * `estimate` from the parameter count (see `weight-bytes.ts`), and so are the
 * external-data chunk counts except 4B q4f16's two, which are reported.
 *
 * Only dtypes a browser can hold are listed: Qwen3-1.7B in fp32 (6.9 GB) and
 * the 4B models in fp32, fp16 or 8-bit (16, 8 and 4 GB) exceed both the
 * 4 GiB wasm32 heap and what browsers let one tab allocate on a GPU.
 */
import { DEFAULT_MODEL } from '../core/defaults.js';
import { QWEN3_0_6B, QWEN3_1_7B, QWEN3_4B, QWEN3_TINY } from './architectures.js';
import type { ModelArchitecture, ModelDtype, ModelInfo, WeightSize } from './types.js';
import { estimateWeightBytes } from './weight-bytes.js';

/** The model `load()` uses when none is given. */
export const DEFAULT_MODEL_ID = DEFAULT_MODEL;

/** The tiny random-weight Qwen3 the tests generate into `models/`. */
export const TEST_MODEL_ID = 'qwen3-web/Qwen3-Tiny-ONNX';

/** Qwen3's native context and config.json's position cap (32,768 + room for a long reply). */
const QWEN3_CONTEXT = 32_768;
const QWEN3_POSITIONS = 40_960;
/** The 2507 updates are trained for a 262,144-token context (model cards). */
const QWEN3_2507_CONTEXT = 262_144;

function sizesOf(
  arch: ModelArchitecture,
  dtypes: readonly ModelDtype[],
  reported: Partial<Record<ModelDtype, number>>,
): Partial<Record<ModelDtype, WeightSize>> {
  const sizes: Partial<Record<ModelDtype, WeightSize>> = {};
  for (const dtype of dtypes) {
    const known = reported[dtype];
    sizes[dtype] =
      known === undefined ? { bytes: estimateWeightBytes(arch, dtype), source: 'estimate' } : { bytes: known, source: 'reported' };
  }
  return sizes;
}

const SMALL_DTYPES: readonly ModelDtype[] = ['q4f16', 'q4', 'fp16', 'q8', 'int8', 'uint8', 'bnb4', 'fp32'];
const MID_DTYPES: readonly ModelDtype[] = ['q4f16', 'q4', 'fp16', 'q8'];
const LARGE_DTYPES: readonly ModelDtype[] = ['q4f16', 'q4'];

/**
 * Files over 2 GiB cannot be one protobuf: their weights go to external-data
 * chunks. As config.json declares them (`use_external_data_format`).
 */
const SMALL_EXTERNAL_DATA = { 'model.onnx': 1, 'model_fp16.onnx': 1 };
const MID_EXTERNAL_DATA = { 'model_fp16.onnx': 2, 'model_q4.onnx': 1 };
const LARGE_EXTERNAL_DATA = { 'model_q4f16.onnx': 2, 'model_q4.onnx': 2 };

const qwen3_4b_sizes = sizesOf(QWEN3_4B, LARGE_DTYPES, { q4f16: 2_800_000_000 });

/** Every model in the registry, largest last; the test model at the very end. */
export const MODEL_REGISTRY: readonly ModelInfo[] = [
  {
    id: 'onnx-community/Qwen3-0.6B-ONNX',
    label: 'Qwen3 0.6B',
    architecture: QWEN3_0_6B,
    contextLength: QWEN3_CONTEXT,
    maxPositionEmbeddings: QWEN3_POSITIONS,
    thinking: 'hybrid',
    dtypes: SMALL_DTYPES,
    declaredDtype: undefined,
    externalData: SMALL_EXTERNAL_DATA,
    kvCacheDtypes: {},
    sizes: sizesOf(QWEN3_0_6B, SMALL_DTYPES, { q4f16: 570_000_000, q4: 919_000_000 }),
    testModel: false,
  },
  {
    id: 'onnx-community/Qwen3-1.7B-ONNX',
    label: 'Qwen3 1.7B',
    architecture: QWEN3_1_7B,
    contextLength: QWEN3_CONTEXT,
    maxPositionEmbeddings: QWEN3_POSITIONS,
    thinking: 'hybrid',
    dtypes: MID_DTYPES,
    declaredDtype: undefined,
    externalData: MID_EXTERNAL_DATA,
    kvCacheDtypes: {},
    sizes: sizesOf(QWEN3_1_7B, MID_DTYPES, { q4f16: 1_400_000_000 }),
    testModel: false,
  },
  {
    id: 'onnx-community/Qwen3-4B-ONNX',
    label: 'Qwen3 4B',
    architecture: QWEN3_4B,
    contextLength: QWEN3_CONTEXT,
    maxPositionEmbeddings: QWEN3_POSITIONS,
    thinking: 'hybrid',
    dtypes: LARGE_DTYPES,
    declaredDtype: undefined,
    externalData: LARGE_EXTERNAL_DATA,
    kvCacheDtypes: {},
    sizes: qwen3_4b_sizes,
    testModel: false,
  },
  {
    id: 'onnx-community/Qwen3-4B-Instruct-2507-ONNX',
    label: 'Qwen3 4B Instruct 2507',
    architecture: QWEN3_4B,
    contextLength: QWEN3_2507_CONTEXT,
    maxPositionEmbeddings: QWEN3_2507_CONTEXT,
    thinking: 'never',
    dtypes: LARGE_DTYPES,
    declaredDtype: undefined,
    externalData: LARGE_EXTERNAL_DATA,
    kvCacheDtypes: {},
    // Same architecture as Qwen3-4B-ONNX; no figure is published for this repository, so all are estimates.
    sizes: sizesOf(QWEN3_4B, LARGE_DTYPES, {}),
    testModel: false,
  },
  {
    id: 'onnx-community/Qwen3-4B-Thinking-2507-ONNX',
    label: 'Qwen3 4B Thinking 2507',
    architecture: QWEN3_4B,
    contextLength: QWEN3_2507_CONTEXT,
    maxPositionEmbeddings: QWEN3_2507_CONTEXT,
    // Its chat template writes `<think>\n` into the prompt: the reply is reasoning first, always.
    thinking: 'always',
    dtypes: LARGE_DTYPES,
    declaredDtype: undefined,
    externalData: LARGE_EXTERNAL_DATA,
    kvCacheDtypes: {},
    sizes: sizesOf(QWEN3_4B, LARGE_DTYPES, {}),
    testModel: false,
  },
  {
    id: TEST_MODEL_ID,
    label: 'Qwen3 tiny (test model)',
    architecture: QWEN3_TINY,
    contextLength: QWEN3_CONTEXT,
    maxPositionEmbeddings: QWEN3_POSITIONS,
    // It uses the real Qwen3 tokenizer and template; its random weights never open <think> on their own.
    thinking: 'hybrid',
    dtypes: ['fp32'],
    declaredDtype: 'fp32',
    externalData: false,
    kvCacheDtypes: {},
    // `onnx/model.onnx` as `scripts/tiny-model` writes it (generator version 1, default shape).
    sizes: { fp32: { bytes: 44_566_209, source: 'measured' } },
    testModel: true,
  },
];

/** The registry entry for `id` (hub ids are case-insensitive), or `undefined`. */
export function findModel(id: string): ModelInfo | undefined {
  const wanted = id.toLowerCase();
  return MODEL_REGISTRY.find((model) => model.id.toLowerCase() === wanted);
}

/** The models to offer users: the registry without the test model. */
export function listModels(): ModelInfo[] {
  return MODEL_REGISTRY.filter((model) => !model.testModel);
}
