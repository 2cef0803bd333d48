/**
 * The JSON card's example: facts pulled out of a sentence into an object of a
 * fixed schema. The model reasons first (briefly on the test model), then its
 * answer is constrained to the schema token by token (`responseFormat`), so
 * what comes back always parses and matches, whatever the model's weights.
 */
import type { ChatOptions, JsonSchema } from 'qwen3-web';
import type { ChatClient } from 'qwen3-web/react';

export const SAMPLE_TEXT = 'Ada Lovelace, born in London in 1815, wrote the first published computer program.';

/** Bounded strings and numbers: a complete object fits in a few dozen tokens, on any model. */
export const PERSON_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 40 },
    born: { type: 'integer', minimum: 0, maximum: 2100 },
    city: { type: 'string', maxLength: 40 },
    occupation: { enum: ['scientist', 'writer', 'programmer', 'artist', 'other'] },
  },
  required: ['name', 'born', 'city', 'occupation'],
  additionalProperties: false,
};

export interface Extraction {
  /** The answer parsed; `undefined` when the reply ended before its JSON did. */
  object: unknown;
  reasoningTokens: number;
  totalMs: number;
}

/** Asks the model for `text`'s facts as a {@link PERSON_SCHEMA} object. */
export async function extractPerson(client: ChatClient, text: string, options: Pick<ChatOptions, 'thinkingBudget' | 'signal'> = {}): Promise<Extraction> {
  const messages = [
    { role: 'system' as const, content: 'Extract the person described by the user as JSON: name, year of birth, city of birth, occupation.' },
    { role: 'user' as const, content: text },
  ];
  for await (const event of client.chat(messages, { ...options, responseFormat: { type: 'json', schema: PERSON_SCHEMA }, maxNewTokens: 512, temperature: 0 })) {
    if (event.type === 'finish') return { object: event.object, reasoningTokens: event.usage.reasoningTokens, totalMs: event.timings.totalMs };
  }
  throw new Error('The reply ended without finishing.');
}
