/**
 * Splits Qwen3's streamed text into reasoning (inside `<think>…</think>`) and
 * answer, without ever letting a tag through — even when a tag arrives split
 * over several deltas, or one delta holds a tag and text around it.
 */

const OPEN = '<think>';
const CLOSE = '</think>';

/** Where the parser is in the reply. */
export type ThinkState = 'before' | 'reasoning' | 'answer';

/** One piece of parsed output. */
export interface ThinkChunk {
  kind: 'reasoning' | 'answer';
  text: string;
}

/** What one `push` produced: text chunks, and whether the reasoning closed. */
export interface ThinkParseResult {
  chunks: ThinkChunk[];
  reasoningClosed: boolean;
}

/**
 * Incremental `<think>` parser.
 *
 * - `before`: the reply may open with `<think>` (after optional whitespace);
 *   any other text means there is no reasoning and goes to the answer.
 * - `reasoning`: text until `</think>` is reasoning.
 * - `answer`: everything else; the whitespace Qwen3 puts right after
 *   `</think>` is dropped, a stray `</think>` is removed, and a later
 *   `<think>` opens reasoning again.
 *
 * @example
 * ```ts
 * const parser = new ThinkParser('reasoning');
 * parser.push('I think</th'); // reasoning "I think"
 * parser.push('ink>\n\nHi');   // reasoning closed, answer "Hi"
 * ```
 */
export class ThinkParser {
  private state: ThinkState;
  /** Text held back because it may be the start of a tag. */
  private pending = '';
  /** True until the answer's first non-whitespace character. */
  private answerStart = true;

  constructor(initial: ThinkState = 'before') {
    this.state = initial;
  }

  /** Current state. */
  get current(): ThinkState {
    return this.state;
  }

  /** Feeds a text delta. */
  push(delta: string): ThinkParseResult {
    const result: ThinkParseResult = { chunks: [], reasoningClosed: false };
    let text = this.pending + delta;
    this.pending = '';
    while (text.length > 0) {
      if (this.state === 'before') {
        const trimmed = text.trimStart();
        if (trimmed.length === 0) {
          this.pending = text;
          return result;
        }
        if (trimmed.startsWith(OPEN)) {
          this.state = 'reasoning';
          text = trimmed.slice(OPEN.length);
          continue;
        }
        if (OPEN.startsWith(trimmed)) {
          this.pending = text;
          return result;
        }
        this.state = 'answer';
        continue;
      }
      const tag = this.state === 'reasoning' ? CLOSE : OPEN;
      const at = text.indexOf(tag);
      if (at >= 0) {
        this.emit(result, text.slice(0, at));
        text = text.slice(at + tag.length);
        if (this.state === 'reasoning') {
          this.state = 'answer';
          result.reasoningClosed = true;
        } else {
          this.state = 'reasoning';
        }
        continue;
      }
      // A suffix of `text` that is a prefix of a tag must wait for the next delta.
      const keep = partialTagSuffix(text, this.state === 'reasoning' ? [CLOSE] : [OPEN, CLOSE]);
      this.emit(result, text.slice(0, text.length - keep));
      this.pending = text.slice(text.length - keep);
      return result;
    }
    return result;
  }

  /** Flushes held-back text at the end of the reply. */
  end(): ThinkParseResult {
    const result: ThinkParseResult = { chunks: [], reasoningClosed: false };
    const rest = this.pending;
    this.pending = '';
    if (this.state === 'before') {
      if (rest.trim().length > 0) this.state = 'answer';
      else return result;
    }
    this.emit(result, rest);
    return result;
  }

  private emit(result: ThinkParseResult, raw: string): void {
    let text = raw;
    if (this.state === 'answer') {
      if (this.answerStart) {
        text = text.replace(/^\s+/, '');
        if (text.length > 0) this.answerStart = false;
      }
      text = text.replaceAll(CLOSE, '');
    }
    if (text.length === 0) return;
    const kind = this.state === 'reasoning' ? 'reasoning' : 'answer';
    const last = result.chunks.at(-1);
    if (last && last.kind === kind) last.text += text;
    else result.chunks.push({ kind, text });
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of one of `tags`. */
function partialTagSuffix(text: string, tags: string[]): number {
  let best = 0;
  for (const tag of tags) {
    for (let n = Math.min(tag.length - 1, text.length); n > best; n--) {
      if (tag.startsWith(text.slice(text.length - n))) {
        best = n;
        break;
      }
    }
  }
  return best;
}
