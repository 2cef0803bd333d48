/**
 * `responseFormat: { type: 'json' }` in `generate()`: the reasoning stays
 * free (it may not end the reply, though), and from the answer's first token
 * a logits mask from xgrammar allows only tokens that keep the answer a
 * valid prefix of JSON matching the schema, then only the end of the turn.
 *
 * transformers.js calls logits processors synchronously, and xgrammar hands
 * its mask out through a promise. So a stopping criterion, called right
 * after each token is chosen, feeds the token to the matcher and asks for
 * the next mask, whose promise settles while the next forward pass is
 * awaited; the processor then finds it ready.
 */
import { LogitsProcessor, StoppingCriteria, type Tensor } from '@huggingface/transformers';
import type { GrammarMatcher } from '@mlc-ai/web-xgrammar';
import { answerStartIn } from '../core/answer-start.js';
import { Qwen3Error } from '../errors.js';
import type { ChatRequest } from '../protocol.js';
import { jsonGrammarsFor } from './json-grammar.js';
import { AnswerOpeningProcessor, BannedTokensProcessor, generatedTokens } from './logits-processors.js';
import type { ModelSession } from './model-session.js';
import type { PromptPlan } from './prompt-plan.js';

/** Sets to -Infinity every logit whose bit is 0 in `bitmask` (bit `i % 32` of word `i >> 5`, as xgrammar packs it). */
export function applyTokenMask(logits: Float32Array, bitmask: Int32Array): void {
  const size = logits.length;
  const words = Math.min(bitmask.length, Math.ceil(size / 32));
  let open = 0;
  for (let word = 0; word < words; word++) if (bitmask[word] !== 0) open++;
  if (open * 8 < words) {
    // Between JSON's punctuation few tokens are allowed: keep those, clear the row at once.
    const kept: number[] = [];
    for (let word = 0; word < words; word++) {
      for (let bits = bitmask[word]!; bits !== 0; bits &= bits - 1) {
        const id = word * 32 + 31 - Math.clz32(bits & -bits);
        if (id < size) kept.push(id, logits[id]!);
      }
    }
    logits.fill(-Infinity);
    for (let i = 0; i < kept.length; i += 2) logits[kept[i]!] = kept[i + 1]!;
    return;
  }
  for (let word = 0; word < words; word++) {
    const bits = bitmask[word]!;
    if (bits === -1) continue;
    const base = word * 32;
    if (bits === 0) {
      logits.fill(-Infinity, base, Math.min(base + 32, size));
      continue;
    }
    // Only the refused tokens of a partly open word.
    for (let refused = ~bits; refused !== 0; refused &= refused - 1) {
      const id = base + 31 - Math.clz32(refused & -refused);
      if (id < size) logits[id] = -Infinity;
    }
  }
  // Logits past the mask (none for Qwen3, whose mask covers the padded vocabulary) are never allowed.
  if (words * 32 < size) logits.fill(-Infinity, words * 32);
}

/** The matcher of one reply's JSON answer, kept in step with the tokens generated. */
export class JsonAnswer {
  /** Answer tokens the matcher has accepted. */
  private accepted = 0;
  /** The mask after `accepted` tokens, once computed. */
  private ready: { at: number; mask: Int32Array } | undefined;
  private asked = -1;

  /**
   * @param answerFrom Where the JSON begins in the generated tokens, or `undefined` while it has not.
   */
  constructor(
    private readonly matcher: GrammarMatcher,
    private readonly answerFrom: (generated: readonly number[]) => number | undefined,
  ) {}

  /** Whether the JSON is complete (the matcher accepted the end of the turn). */
  get complete(): boolean {
    return this.matcher.isTerminated();
  }

  /** Feeds the matcher the answer's tokens it has not seen, then asks for the next mask. */
  advance(generated: readonly number[]): void {
    const from = this.answerFrom(generated);
    if (from === undefined || generated.length < from) return;
    while (from + this.accepted < generated.length) {
      const token = generated[from + this.accepted]!;
      if (!this.matcher.acceptToken(token)) {
        throw new Qwen3Error('INTERNAL', `The JSON grammar rejected token ${token}, which its own mask allowed.`);
      }
      this.accepted++;
    }
    if (this.asked === this.accepted || this.matcher.isTerminated()) return;
    const at = (this.asked = this.accepted);
    void this.matcher.getNextTokenBitmask().then((mask) => {
      if (this.accepted === at) this.ready = { at, mask };
    });
  }

  /** The mask for the next token, or `undefined` while the answer has not begun. */
  maskFor(generated: readonly number[]): Int32Array | undefined {
    this.advance(generated);
    const from = this.answerFrom(generated);
    if (from === undefined || generated.length < from || this.matcher.isTerminated()) return undefined;
    if (this.ready?.at !== this.accepted) {
      throw new Qwen3Error('INTERNAL', 'The JSON mask was not ready when the model finished its step.');
    }
    return this.ready.mask;
  }

  /** Before `generate()` starts: when the answer begins at once (thinking off), waits for its first mask. */
  async prepared(): Promise<void> {
    if (this.answerFrom([]) !== 0 || this.matcher.isTerminated()) return;
    this.asked = 0;
    this.ready = { at: 0, mask: await this.matcher.getNextTokenBitmask() };
  }

  dispose(): void {
    this.matcher.dispose();
  }
}

/** Applies the answer's mask before sampling. */
class JsonMaskProcessor extends LogitsProcessor {
  constructor(
    private readonly answer: JsonAnswer,
    private readonly promptLength: number,
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    const mask = this.answer.maskFor(generatedTokens(inputIds, this.promptLength));
    if (mask) applyTokenMask(logits.data as Float32Array, mask);
    return logits;
  }
}

/** Right after each token is chosen: gets the next mask computed during the forward pass. Never stops anything. */
class JsonLookahead extends StoppingCriteria {
  constructor(
    private readonly answer: JsonAnswer,
    private readonly promptLength: number,
  ) {
    super();
  }

  override _call(inputIds: number[][]): boolean[] {
    this.answer.advance(generatedTokens(inputIds, this.promptLength));
    return inputIds.map(() => false);
  }
}

/** What a JSON answer adds to `generate()`. */
export interface JsonReply {
  answer: JsonAnswer;
  /** Before sampling: no end of the reply while reasoning, and the JSON mask. */
  masks: LogitsProcessor[];
  /** After sampling: the blank line between `</think>` and the answer. */
  forcing: LogitsProcessor[];
  lookahead: StoppingCriteria;
}

/** The processors of a reply whose answer must be JSON; `undefined` for a free one. */
export async function jsonReply(session: ModelSession, plan: PromptPlan, options: ChatRequest): Promise<JsonReply | undefined> {
  const format = options.responseFormat;
  if (format?.type !== 'json') return undefined;
  const { special, tokenizer } = session;
  const promptLength = plan.ids.length;
  const startsInAnswer = plan.initialState === 'answer';
  // After `</think>` Qwen3's template (and the thinking budget's forced text) puts a blank line.
  const opening = startsInAnswer ? [] : tokenizer.encode('\n\n', { add_special_tokens: false });
  const matcher = await (await jsonGrammarsFor(session)).matcher(format.schema);
  const answer = new JsonAnswer(matcher, (generated) => {
    const start = answerStartIn(generated, startsInAnswer, special.thinkEnd);
    return start === undefined ? undefined : start + opening.length;
  });
  await answer.prepared();
  return {
    answer,
    masks: [...(startsInAnswer ? [] : [new ReasoningMayNotEnd(special.eos, special.thinkEnd, promptLength)]), new JsonMaskProcessor(answer, promptLength)],
    forcing: opening.length > 0 ? [new AnswerOpeningProcessor(opening, startsInAnswer, special.thinkEnd, promptLength)] : [],
    lookahead: new JsonLookahead(answer, promptLength),
  };
}

/** While the reply reasons, it may not end: it owes a JSON answer. */
class ReasoningMayNotEnd extends LogitsProcessor {
  private readonly banEnd: BannedTokensProcessor;

  constructor(
    eos: readonly number[],
    private readonly thinkEndId: number,
    private readonly promptLength: number,
  ) {
    super();
    this.banEnd = new BannedTokensProcessor(eos);
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    const reasoning = !generatedTokens(inputIds, this.promptLength).includes(this.thinkEndId);
    return reasoning ? this.banEnd._call(inputIds, logits) : logits;
  }
}
