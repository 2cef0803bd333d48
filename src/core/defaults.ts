/** What `load()` uses when an option is left out. One place, shared by the engine, the chat controller and the registry. */

/** The model loaded by default: the smallest Qwen3, which runs nearly everywhere. */
export const DEFAULT_MODEL = 'onnx-community/Qwen3-0.6B-ONNX';
/** The hub the model is downloaded from. */
export const DEFAULT_HOST = 'https://huggingface.co';
/** The model revision (branch, tag or commit). */
export const DEFAULT_REVISION = 'main';
