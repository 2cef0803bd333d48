/** The tokenizer of a generated model folder, through transformers.js, from disk only. */
import { basename, dirname } from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { DEFAULT_TINY_MODEL_DIR } from './ensure.js';

/** Loads `dir`'s tokenizer.json / tokenizer_config.json with `AutoTokenizer` (no network). */
export async function loadTinyTokenizer(dir: string = DEFAULT_TINY_MODEL_DIR): Promise<PreTrainedTokenizer> {
  const { AutoTokenizer, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = `${dirname(dir)}/`;
  return AutoTokenizer.from_pretrained(basename(dir));
}
