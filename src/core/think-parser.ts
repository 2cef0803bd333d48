/**
 * Decides, token by token, which generated tokens are reasoning and which are
 * answer. The boundaries are the token ids of `<think>` (151667) and
 * `</think>` (151668) at the positions the model generated them — never a
 * match in the decoded text. So an answer that quotes `</think>` or
 * `<think>` keeps it verbatim, and reasoning that mentions a tag stays
 * reasoning.
 */

/** Where the reply is. */
export type ThinkState = 'before' | 'reasoning' | 'answer';

/**
 * The role of one generated token: the think block's tags, its inside, or
 * the answer.
 */
export type TokenRole = 'think-start' | 'reasoning' | 'think-end' | 'answer';

/** The ids of the two tags. */
export interface ThinkTagIds {
  thinkStart: number;
  thinkEnd: number;
}

/**
 * Incremental `<think>` splitter over token ids.
 *
 * - `before`: the reply may open with `<think>`; any other first token means
 *   there is no reasoning, and the reply is all answer.
 * - `reasoning`: every token until the first `</think>` is reasoning.
 * - `answer`: every token, tag ids included, is answer text.
 *
 * @example
 * ```ts
 * const parser = new ThinkParser('reasoning', { thinkStart: 151667, thinkEnd: 151668 });
 * parser.push(40);     // 'reasoning'
 * parser.push(151668); // 'think-end'
 * parser.push(151668); // 'answer' — a second </think> is just text
 * ```
 */
export class ThinkParser {
  private state: ThinkState;

  constructor(
    initial: ThinkState,
    private readonly tags: ThinkTagIds,
  ) {
    this.state = initial;
  }

  /** Current state. */
  get current(): ThinkState {
    return this.state;
  }

  /** Classifies the next generated token and advances. */
  push(id: number): TokenRole {
    switch (this.state) {
      case 'before':
        if (id === this.tags.thinkStart) {
          this.state = 'reasoning';
          return 'think-start';
        }
        this.state = 'answer';
        return 'answer';
      case 'reasoning':
        if (id === this.tags.thinkEnd) {
          this.state = 'answer';
          return 'think-end';
        }
        return 'reasoning';
      case 'answer':
        return 'answer';
    }
  }
}
