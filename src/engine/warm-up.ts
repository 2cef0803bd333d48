/**
 * One short generation at load time, so the first user message does not pay
 * for WebGPU shader compilation or the WASM runtime's first-run allocations.
 */
import { Tensor } from '@huggingface/transformers';
import type { ModelSession } from './model-session.js';

/** Runs a two-token reply to a tiny prompt and throws the result away. */
export async function warmUp(session: Pick<ModelSession, 'tokenizer' | 'model'>): Promise<void> {
  const ids = session.tokenizer.encode('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n', { add_special_tokens: false });
  await session.model.generate({
    input_ids: new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
    attention_mask: new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
    max_new_tokens: 2,
    do_sample: false,
  } as unknown as Parameters<typeof session.model.generate>[0]);
}
