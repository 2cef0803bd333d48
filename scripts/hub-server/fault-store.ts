import { validateFaultRule } from './fault-rules.js';
import type { FaultAction, FaultKind, FaultRule, FileMatcher } from './types.js';

/** What a fault is matched against and whether it can act on the response. */
export interface FaultTarget {
  /** Decoded request path. */
  path: string;
  /** `owner/name`, for resolve, CDN and API paths. */
  repo?: string;
  /** Path inside the repo. */
  file?: string;
  /** Whether this action would change this response (see {@link FaultAction}). */
  applies(action: FaultAction): boolean;
}

interface ActiveRule {
  rule: FaultRule;
  /** Requests still to affect; Infinity when unlimited. */
  remaining: number;
}

/** The fault rules in force, consumed as they are applied. */
export class FaultStore {
  #rules: ActiveRule[] = [];

  /** Replaces every rule (each validated first). */
  set(rules: readonly FaultRule[]): void {
    this.#rules = rules.map(validateFaultRule).map(activate);
  }

  /** Appends a validated rule. */
  add(rule: FaultRule): void {
    this.#rules.push(activate(validateFaultRule(rule)));
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules = [];
  }

  /** The active rules, with `times` set to what is left. */
  list(): FaultRule[] {
    return this.#rules.map(({ rule, remaining }) =>
      Number.isFinite(remaining) ? { ...rule, times: remaining } : { ...rule },
    );
  }

  /** The first active rule of `kind` that matches `target` and applies, without counting it as used. */
  peek<K extends FaultKind>(target: FaultTarget, kind: K): Extract<FaultAction, { kind: K }> | undefined {
    const found = this.#rules.find(
      ({ rule, remaining }) => remaining > 0 && rule.kind === kind && matches(rule.match, target) && target.applies(rule),
    );
    return found?.rule as Extract<FaultAction, { kind: K }> | undefined;
  }

  /** Picks the first applicable rule of each kind for this request, counting it as used. */
  take(target: FaultTarget): Map<FaultKind, FaultAction> {
    const picked = new Map<FaultKind, FaultAction>();
    for (const active of this.#rules) {
      const { rule } = active;
      if (active.remaining <= 0 || picked.has(rule.kind)) continue;
      if (!matches(rule.match, target) || !target.applies(rule)) continue;
      active.remaining -= 1;
      picked.set(rule.kind, rule);
    }
    this.#rules = this.#rules.filter((r) => r.remaining > 0);
    return picked;
  }
}

function activate(rule: FaultRule): ActiveRule {
  return { rule, remaining: rule.times ?? Infinity };
}

function matches(matcher: FileMatcher, target: FaultTarget): boolean {
  const candidates = [target.path];
  if (target.file !== undefined) candidates.push(target.file);
  if (target.repo !== undefined && target.file !== undefined) candidates.push(`${target.repo}/${target.file}`);
  if (typeof matcher === 'string') return candidates.some((c) => c.includes(matcher));
  return candidates.some((c) => {
    matcher.lastIndex = 0; // a /g or /y RegExp would otherwise carry state between tests
    return matcher.test(c);
  });
}
