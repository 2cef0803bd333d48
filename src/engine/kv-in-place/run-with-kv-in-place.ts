/**
 * Runs a session whose graph has the in-place KV contract
 * (`attentionOverKvBuffer`) under transformers.js as if it had
 * GroupQueryAttention's: transformers.js feeds the cache it holds and gets
 * the whole cache back, as views of {@link KvBuffer}s that grow in place.
 */
import { Qwen3Error } from '../../errors.js';
import { KvBuffer, type OrtTensorClass, type OrtTensorLike } from './kv-buffer.js';

type Feeds = Record<string, OrtTensorLike>;

/** The part of onnxruntime's `InferenceSession` this wraps. */
export interface RunnableSession {
  run(feeds: Feeds, ...rest: unknown[]): Promise<Record<string, OrtTensorLike>>;
}

const PAST = 'past_key_values.';

/** Replaces `session.run` with one that keeps the KV cache in place. */
export function runWithKvInPlace(session: RunnableSession): void {
  const run = session.run.bind(session);
  session.run = async (feeds, ...rest) => {
    const pastNames = Object.keys(feeds).filter((name) => name.startsWith(PAST));
    const ids = feeds['input_ids'];
    if (pastNames.length === 0 || !ids) return run(feeds, ...rest);
    const newTokens = ids.dims[1] ?? 0;
    const buffers = new Map<string, KvBuffer>();
    const translated: Feeds = { ...feeds };
    for (const name of pastNames) {
      const past = feeds[name]!;
      checkMaskCovers(feeds['attention_mask'], (past.dims[2] ?? 0) + newTokens);
      const buffer = KvBuffer.forPast(past, newTokens);
      translated[name] = buffer.input(past.constructor as OrtTensorClass, past);
      buffers.set(name, buffer);
    }
    const outputs = await run(translated, ...rest);
    for (const [name, buffer] of buffers) {
      const presentName = `present.${name.slice(PAST.length)}`;
      const present = outputs[presentName];
      // Views are made by the class of the session's own outputs: the one
      // transformers.js recognizes as onnxruntime's (in a browser bundle it
      // may not be the class of the tensors it feeds, from onnxruntime-common).
      if (present) outputs[presentName] = buffer.append(present.constructor as OrtTensorClass, present);
    }
    return outputs;
  };
}

/** The graph finds the past's length from the mask: they must agree, as GroupQueryAttention requires. */
function checkMaskCovers(mask: OrtTensorLike | undefined, total: number): void {
  const length = mask?.dims[mask.dims.length - 1];
  if (length !== undefined && length !== total) {
    throw new Qwen3Error('INTERNAL', `The attention mask covers ${length} positions, the cache and the new tokens ${total}.`);
  }
}
