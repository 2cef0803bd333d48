import { describe, expect, it } from 'vitest';
import { drawCandidate, filterMinP, filterTopP, softmaxOver, topKIds } from '../../src/core/sampling/candidates.js';
import { applyPresencePenalty } from '../../src/core/sampling/presence-penalty.js';
import { sampleToken } from '../../src/core/sampling/sample-token.js';
import { createRandom } from '../../src/core/sampling/seeded-random.js';

const known = { ids: [3, 1, 4, 0, 2], probs: [0.5, 0.2, 0.15, 0.1, 0.05] };

describe('top-k', () => {
  it('returns the k highest logits, highest first', () => {
    expect(topKIds([0.1, 5, -2, 3, 3.5, 9], 3)).toEqual([5, 1, 4]);
    expect(topKIds([2, 1, 3], 0)).toEqual([2, 0, 1]);
  });
  it('matches a full sort on a large random vector', () => {
    const random = createRandom(7);
    const logits = Float32Array.from({ length: 151_936 }, () => random() * 10);
    const expected = Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]!).slice(0, 20);
    expect(topKIds(logits, 20)).toEqual(expected);
  });
});

describe('top-p', () => {
  it('keeps the smallest prefix reaching p, renormalised', () => {
    const kept = filterTopP(known, 0.8);
    expect(kept.ids).toEqual([3, 1, 4]);
    expect(kept.probs.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(kept.probs[0]).toBeCloseTo(0.5 / 0.85, 12);
  });
  it('keeps the top token alone at a tiny p and everything at 1', () => {
    expect(filterTopP(known, 0.01).ids).toEqual([3]);
    expect(filterTopP(known, 1).ids).toEqual(known.ids);
  });
});

describe('min-p', () => {
  it('drops tokens below min_p × the top probability', () => {
    // threshold 0.3 × 0.5 = 0.15: keeps 0.5, 0.2, 0.15
    expect(filterMinP(known, 0.3).ids).toEqual([3, 1, 4]);
    expect(filterMinP(known, 0).ids).toEqual(known.ids);
    expect(filterMinP(known, 1).ids).toEqual([3]);
  });
});

describe('softmax with temperature', () => {
  it('matches the closed form', () => {
    const c = softmaxOver([Math.log(1), Math.log(3)], [1, 0], 1);
    expect(c.ids).toEqual([1, 0]);
    expect(c.probs[0]).toBeCloseTo(0.75, 12);
    const sharp = softmaxOver([Math.log(1), Math.log(3)], [1, 0], 0.5);
    expect(sharp.probs[0]).toBeCloseTo(0.9, 12);
  });
});

describe('presence penalty', () => {
  it('subtracts the penalty once per distinct generated token', () => {
    const logits = Float32Array.from([1, 2, 3, 4]);
    applyPresencePenalty(logits, [1, 1, 3, 1], 1.5);
    expect([...logits]).toEqual([1, 0.5, 3, 2.5]);
  });
  it('changes which token greedy picks', () => {
    const logits = Float32Array.from([2.0, 2.5]);
    applyPresencePenalty(logits, [1], 1);
    expect(sampleToken(logits, { temperature: 0, topK: 20, topP: 1, minP: 0 }, Math.random)).toBe(0);
  });
});

describe('sampling', () => {
  const settings = { temperature: 0.7, topK: 20, topP: 0.8, minP: 0 };
  const random = createRandom(1);
  const logits = Float32Array.from({ length: 1000 }, () => random() * 4);

  it('is reproducible with a seed and varies across seeds', () => {
    const run = (seed: number) => {
      const rng = createRandom(seed);
      return Array.from({ length: 50 }, () => sampleToken(logits, settings, rng));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('only ever draws tokens inside the top-k ∩ top-p set', () => {
    const allowed = new Set(filterTopP(softmaxOver(logits, topKIds(logits, 20), 0.7), 0.8).ids);
    const rng = createRandom(5);
    for (let i = 0; i < 500; i++) expect(allowed.has(sampleToken(logits, settings, rng))).toBe(true);
  });

  it('draws with the filtered probabilities', () => {
    const counts = new Map<number, number>();
    const rng = createRandom(9);
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const id = drawCandidate(known, rng());
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    known.ids.forEach((id, i) => expect((counts.get(id) ?? 0) / n).toBeCloseTo(known.probs[i]!, 1));
  });

  it('is greedy at temperature 0', () => {
    expect(sampleToken(Float32Array.from([0, 3, 1]), { ...settings, temperature: 0 }, () => 0.99)).toBe(1);
  });
});

describe('top-k 0 (all candidates) over the real vocabulary', () => {
  it('samples without spreading 151,936 logits into one call', () => {
    const random = createRandom(3);
    const logits = Float32Array.from({ length: 151_936 }, () => random() * 4);
    logits[42] = 40;
    expect(sampleToken(logits, { temperature: 0.7, topK: 0, topP: 0.95, minP: 0 }, createRandom(1))).toBe(42);
    const all = softmaxOver(logits, topKIds(logits, 0), 1);
    expect(all.ids).toHaveLength(151_936);
    expect(all.probs[0]).toBeGreaterThan(0.99);
  });
});
