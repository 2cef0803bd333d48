/**
 * JSON grammars for one loaded model, from xgrammar (`@mlc-ai/web-xgrammar`,
 * the grammar engine WebLLM, vLLM and SGLang use): a JSON Schema compiled
 * against the tokenizer's vocabulary into a matcher that gives, at each step,
 * the bitmask of tokens that keep the answer valid.
 *
 * xgrammar is 1.1 MB (its WASM inlined), so it is imported on the first JSON
 * request only; the vocabulary is read into it once per model and each
 * schema compiled once.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { CompiledGrammar, GrammarCompiler, GrammarMatcher } from '@mlc-ai/web-xgrammar';
import { Qwen3Error } from '../errors.js';
import type { JsonSchema } from '../types.js';
import type { ModelSession } from './model-session.js';

/** Compiled schemas kept per model, most recently used last. */
const COMPILED_KEPT = 8;

/** What xgrammar needs of a model: its tokens and where a reply ends. */
export interface GrammarVocabulary {
  tokenizer: PreTrainedTokenizer;
  /** The logits' width, which pads the tokenizer's vocabulary (151,936 for Qwen3's 151,669 tokens). */
  vocabSize: number;
  /** Tokens that end a reply, allowed once the JSON is complete. */
  stopIds: readonly number[];
}

export class JsonGrammars {
  private readonly compiled = new Map<string, Promise<CompiledGrammar>>();

  private constructor(
    private readonly compiler: GrammarCompiler,
    private readonly createMatcher: (grammar: CompiledGrammar) => Promise<GrammarMatcher>,
  ) {}

  static async create(vocabulary: GrammarVocabulary): Promise<JsonGrammars> {
    const xgrammar = await import('@mlc-ai/web-xgrammar');
    const tokens = tokenTexts(vocabulary);
    const info = await xgrammar.TokenizerInfo.createTokenizerInfo(tokens, 'byte_level', false, tokens.length, [...vocabulary.stopIds]);
    const compiler = await xgrammar.GrammarCompiler.createGrammarCompiler(info);
    info.dispose();
    return new JsonGrammars(compiler, (grammar) => xgrammar.GrammarMatcher.createGrammarMatcher(grammar));
  }

  /** A fresh matcher for an answer that is one JSON value matching `schema` (any JSON value without one). */
  async matcher(schema: JsonSchema | undefined): Promise<GrammarMatcher> {
    return this.createMatcher(await this.compile(schema ?? {}));
  }

  dispose(): void {
    for (const grammar of this.compiled.values()) void grammar.then((compiled) => compiled.dispose(), () => undefined);
    this.compiled.clear();
    this.compiler.dispose();
  }

  private compile(schema: JsonSchema): Promise<CompiledGrammar> {
    const key = JSON.stringify(schema);
    let compiled = this.compiled.get(key);
    if (compiled) {
      this.compiled.delete(key);
    } else {
      // No free whitespace (anyWhitespace false), no indent (-1): one layout,
      // `{"a": 1, "b": [2, 3]}`, as Qwen3 writes JSON. Free whitespace would
      // let a weak model pad the answer with blanks until its token limit.
      compiled = this.compiler.compileJSONSchema(key, false, -1).catch((error: unknown) => {
        this.compiled.delete(key);
        throw new Qwen3Error('INVALID_ARGUMENT', `responseFormat.schema cannot be used: ${error instanceof Error ? error.message : String(error)}`, {
          details: { option: 'responseFormat' },
          cause: error,
        });
      });
    }
    this.compiled.set(key, compiled);
    for (const [oldest, grammar] of this.compiled) {
      if (this.compiled.size <= COMPILED_KEPT) break;
      this.compiled.delete(oldest);
      void grammar.then((old) => old.dispose(), () => undefined);
    }
    return compiled;
  }
}

const grammars = new WeakMap<ModelSession, Promise<JsonGrammars>>();

/** The model's grammars, made on first use. */
export function jsonGrammarsFor(session: ModelSession): Promise<JsonGrammars> {
  let made = grammars.get(session);
  if (!made) {
    const vocabSize = (session.model.config as unknown as { vocab_size: number }).vocab_size;
    made = JsonGrammars.create({ tokenizer: session.tokenizer, vocabSize, stopIds: session.special.eos });
    made.catch(() => grammars.delete(session));
    grammars.set(session, made);
  }
  return made;
}

/** Frees the model's grammars (xgrammar's WASM memory) when the model is unloaded. */
export function disposeJsonGrammars(session: ModelSession): void {
  void grammars.get(session)?.then((made) => made.dispose(), () => undefined);
  grammars.delete(session);
}

/**
 * Every token's text as the byte-level BPE writes it (`Ġ` for a space), by
 * id. Qwen's added tokens (`<|im_end|>`, `<think>`, `<tool_call>`…) sit after
 * its BPE vocabulary, from `<|endoftext|>` up: they are left empty, which
 * xgrammar reads as special, so none can appear inside a JSON string (as
 * text, `<tool_call>` would be a valid string, and the engine would read a
 * tool call in the middle of the answer). The stop tokens are allowed once
 * the JSON is complete.
 */
function tokenTexts({ tokenizer, vocabSize }: GrammarVocabulary): string[] {
  const texts = new Array<string>(vocabSize).fill('');
  const firstAdded = Math.min(...tokenizer.all_special_ids);
  for (const [token, id] of tokenizer.get_vocab()) {
    if (id < firstAdded) texts[id] = token;
  }
  return texts;
}
