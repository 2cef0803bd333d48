/**
 * One forward pass through the same `generate()` path replies use, capturing
 * the raw logits of the last prompt position before anything edits them.
 */
import { LogitsProcessor, Tensor } from '@huggingface/transformers';
import type { LogitsReport } from '../protocol.js';
import type { ModelSession } from './model-session.js';

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
  await session.model.generate({
    input_ids: new Tensor('int64', BigInt64Array.from(tokens.map(BigInt)), [1, tokens.length]),
    attention_mask: new Tensor('int64', new BigInt64Array(tokens.length).fill(1n), [1, tokens.length]),
    max_new_tokens: 1,
    do_sample: false,
    logits_processor: [capture],
  } as unknown as Parameters<typeof session.model.generate>[0]);
  if (!capture.captured) throw new Error('generate() produced no logits');
  return { tokens, logits: capture.captured };
}
