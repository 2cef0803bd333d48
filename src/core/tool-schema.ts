/**
 * Checks a tool call's arguments against its tool's JSON Schema with
 * `@cfworker/json-schema`: a maintained validator that interprets schemas
 * (drafts 4 to 2020-12) instead of compiling them to code, so it runs in a
 * worker under a strict Content-Security-Policy, where Ajv's generated
 * functions (`new Function`) are refused; and it is a few kB.
 */
import { Validator, type Schema } from '@cfworker/json-schema';
import type { ChatTool } from '../types.js';

/** Validators by schema object: one per tool per request. */
const validators = new WeakMap<object, Validator>();

/** Why `input` is not valid arguments for `tool`; undefined when it is. */
export function validateToolInput(tool: ChatTool, input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return `The arguments of "${tool.name}" must be a JSON object.`;
  const schema = tool.parameters;
  if (!schema) return undefined;
  let validator = validators.get(schema);
  if (!validator) validators.set(schema, (validator = new Validator(schema as Schema, '2020-12', false)));
  const result = validator.validate(input);
  if (result.valid) return undefined;
  // The innermost errors say what is wrong; the outer ones only that something below is.
  const errors = result.errors.filter((error) => !result.errors.some((other) => other !== error && other.keywordLocation.startsWith(`${error.keywordLocation}/`)));
  const described = errors.slice(0, 3).map((error) => `${error.instanceLocation.replace(/^#/, '') || '/'}: ${error.error}`);
  return `The arguments of "${tool.name}" do not match its schema (${described.join('; ')}).`;
}
