/**
 * What a JSON answer costs at Qwen3's vocabulary (151,936 logits), with the
 * SDK's own code (src/engine/json-grammar.ts, json-constraint.ts): xgrammar
 * loaded and the vocabulary read into it (once per model), a schema compiled
 * (once per schema), and per token the mask computed, the token accepted and
 * the mask applied to the logits.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { applyTokenMask } from '../../../src/engine/json-constraint.js';
import { JsonGrammars } from '../../../src/engine/json-grammar.js';
import type { SdkOverheads } from '../../shared/figures.js';
import { fakeLogits, timeOnFreshRows } from './logits-step.js';

/** The JSON figures of {@link SdkOverheads}. */
export type JsonMaskCosts = Pick<SdkOverheads, 'jsonSetupMs' | 'jsonCompileMs' | 'jsonMaskPerTokenMs' | 'jsonApplyMaskMs'>;

const SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    born: { type: 'integer' },
    city: { type: 'string' },
    occupation: { enum: ['scientist', 'writer', 'programmer', 'artist', 'other'] },
    works: { type: 'array', items: { type: 'string' } },
  },
  required: ['name', 'born', 'city', 'occupation', 'works'],
  additionalProperties: false,
};
const ANSWER = '{"name": "Ada Lovelace", "born": 1815, "city": "London", "occupation": "programmer", "works": ["Notes on the Analytical Engine", "Sketch of the Analytical Engine"]}';

export async function measureJsonMaskCosts(tokenizer: PreTrainedTokenizer, vocabSize: number): Promise<JsonMaskCosts> {
  const vocab = tokenizer.get_vocab();
  const stopIds = ['<|im_end|>', '<|endoftext|>'].map((token) => vocab.get(token)!);
  let started = performance.now();
  const grammars = await JsonGrammars.create({ tokenizer, vocabSize, stopIds });
  const jsonSetupMs = performance.now() - started;
  started = performance.now();
  const matcher = await grammars.matcher(SCHEMA);
  const jsonCompileMs = performance.now() - started;
  const ids = [...tokenizer.encode(ANSWER, { add_special_tokens: false }), stopIds[0]!];
  const rounds = 5;
  // Every step's mask of the answer: closed between punctuation, open inside strings.
  const masks: Int32Array[] = [];
  started = performance.now();
  for (let round = 0; round < rounds; round++) {
    matcher.reset();
    for (const id of ids) {
      const mask = await matcher.getNextTokenBitmask();
      if (round === 0) masks.push(mask);
      if (!matcher.acceptToken(id)) throw new Error(`the grammar refused token ${id} of its own answer`);
    }
  }
  const jsonMaskPerTokenMs = (performance.now() - started) / (rounds * ids.length);
  const jsonApplyMaskMs = timeOnFreshRows(fakeLogits(vocabSize), masks.length * 2, (row, i) => applyTokenMask(row, masks[i % masks.length]!));
  matcher.dispose();
  grammars.dispose();
  return { jsonSetupMs, jsonCompileMs, jsonMaskPerTokenMs, jsonApplyMaskMs };
}
