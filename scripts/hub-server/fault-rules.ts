import type { FaultAction, FaultRule, FileMatcher, SerializedFaultRule, SerializedMatcher } from './types.js';

/** Checks a rule's shape and numbers; throws a TypeError naming the problem. */
export function validateFaultRule(rule: FaultRule): FaultRule {
  if (typeof rule !== 'object' || rule === null) throw new TypeError('fault rule must be an object');
  if (typeof rule.match !== 'string' && !(rule.match instanceof RegExp)) {
    throw new TypeError('fault rule needs `match`: a string or a RegExp');
  }
  if (rule.times !== undefined && !isCount(rule.times)) throw new TypeError('`times` must be a non-negative integer');
  validateAction(rule);
  return rule;
}

function validateAction(action: FaultAction): void {
  switch (action.kind) {
    case 'cut':
      return requireCount(action.afterBytes, 'afterBytes');
    case 'delay':
      return requireCount(action.ms, 'ms');
    case 'throttle':
      if (!(typeof action.bytesPerSecond === 'number' && action.bytesPerSecond > 0 && Number.isFinite(action.bytesPerSecond))) {
        throw new TypeError('`bytesPerSecond` must be a positive number');
      }
      return;
    case 'status':
      if (!(Number.isInteger(action.status) && action.status >= 400 && action.status <= 599)) {
        throw new TypeError('`status` must be an error status (400-599)');
      }
      return;
    case 'announce-length':
      return requireCount(action.bytes, 'bytes');
    case 'corrupt':
      return requireCount(action.atByte, 'atByte');
    case 'offline':
      return;
    default:
      throw new TypeError(`unknown fault kind ${JSON.stringify((action as { kind?: unknown }).kind)}`);
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function requireCount(value: unknown, name: string): void {
  if (!isCount(value)) throw new TypeError(`\`${name}\` must be a non-negative integer`);
}

/** Turns a JSON rule (matcher as string or `{ regex, flags }`) into a validated {@link FaultRule}. */
export function deserializeFaultRule(json: unknown): FaultRule {
  if (typeof json !== 'object' || json === null) throw new TypeError('fault rule must be an object');
  const rule = json as SerializedFaultRule;
  return validateFaultRule({ ...rule, match: deserializeMatcher(rule.match) } as FaultRule);
}

function deserializeMatcher(match: SerializedMatcher | undefined): FileMatcher {
  if (typeof match === 'string') return match;
  if (typeof match === 'object' && match !== null && typeof match.regex === 'string') {
    try {
      return new RegExp(match.regex, match.flags ?? '');
    } catch (error) {
      throw new TypeError(`bad regex: ${(error as Error).message}`);
    }
  }
  throw new TypeError('fault rule needs `match`: a string or { "regex": "..." }');
}

/** The JSON form of a rule, for `POST /__hub/faults`. */
export function serializeFaultRule(rule: FaultRule): SerializedFaultRule {
  const match: SerializedMatcher =
    typeof rule.match === 'string' ? rule.match : { regex: rule.match.source, flags: rule.match.flags };
  return { ...rule, match };
}
