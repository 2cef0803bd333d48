/**
 * Turns a stream of token ids into text deltas. Qwen3's byte-level BPE can
 * split one character over several tokens, so a delta is only released once
 * it no longer ends in a partial character (decoded as U+FFFD). Decoding runs
 * over a short window (prefix/read offsets, as Hugging Face's text-generation
 * servers do), so the cost per token stays flat on long replies.
 */

/** Decodes ids to text (special tokens skipped). */
export type DecodeFn = (ids: number[]) => string;

/** Incremental detokenizer. */
export class IncrementalDecoder {
  private readonly ids: number[] = [];
  private prefixOffset = 0;
  private readOffset = 0;

  private readonly decode: DecodeFn;

  constructor(decode: DecodeFn) {
    // Some tokenizers reject an empty list; the empty window is common here.
    this.decode = (ids) => (ids.length === 0 ? '' : decode(ids));
  }

  /** Adds one token; returns the text it completes ('' when it must wait). */
  push(id: number): string {
    this.ids.push(id);
    const prefix = this.decode(this.ids.slice(this.prefixOffset, this.readOffset));
    const full = this.decode(this.ids.slice(this.prefixOffset));
    if (full.length > prefix.length && !full.endsWith('\uFFFD')) {
      this.prefixOffset = this.readOffset;
      this.readOffset = this.ids.length;
      return full.slice(prefix.length);
    }
    return '';
  }

  /** Releases whatever is still held back, at the end of a reply. */
  flush(): string {
    const prefix = this.decode(this.ids.slice(this.prefixOffset, this.readOffset));
    const full = this.decode(this.ids.slice(this.prefixOffset));
    this.prefixOffset = this.readOffset = this.ids.length;
    return full.length > prefix.length ? full.slice(prefix.length) : '';
  }
}
