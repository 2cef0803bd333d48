/**
 * The prompt through `generate()`, as replies run it, capturing the raw
 * logits of the last prompt position before anything edits them. One forward
 * pass on WASM; on WebGPU passes of at most {@link WEBGPU_MAX_PASS_TOKENS},
 * the most its kernels compute correctly.
 */
import { LogitsProcessor, Tensor } from '@huggingface/transformers';
import type { LogitsReport } from '../protocol.js';
import type { ModelSession } from './model-session.js';
import { prefillChunks, WEBGPU_MAX_PASS_TOKENS } from './prefill.js';

class CaptureLogits extends LogitsProcessor {
  captured: Float32Array | undefined;

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    this.captured ??= Float32Array.from(logits.data as Float32Array);
    return logits;
  }
}

/** Logits of the last position of `text`, tokenized without a template. */
export async function lastPositionLogits(session: ModelSession, text: string): Promise<LogitsReport> {
  const tokens = session.tokenizer.encode(text, { add_special_tokens: false });
  const capture = new CaptureLogits();
  const passTokens = session.info.device === 'webgpu' ? WEBGPU_MAX_PASS_TOKENS : tokens.length;
  const cache = await prefillChunks(session, undefined, tokens, { chunkTokens: passTokens, leave: passTokens, stop: () => false });
  let output: { past_key_values?: { dispose(): Promise<void> } };
  try {
    output = (await session.model.generate({
      input_ids: new Tensor('int64', BigInt64Array.from(tokens.map(BigInt)), [1, tokens.length]),
      attention_mask: new Tensor('int64', new BigInt64Array(tokens.length).fill(1n), [1, tokens.length]),
      max_new_tokens: 1,
      do_sample: false,
      logits_processor: [capture],
      past_key_values: cache?.pastKeyValues,
      return_dict_in_generate: true,
    } as unknown as Parameters<typeof session.model.generate>[0])) as unknown as typeof output;
  } catch (error) {
    await cache?.pastKeyValues.dispose().catch(() => undefined);
    throw error;
  }
  // The chunks' cache went into generate(), which returns it extended: one cache to free.
  await output.past_key_values?.dispose();
  if (!capture.captured) throw new Error('generate() produced no logits');
  return { tokens, logits: capture.captured };
}
