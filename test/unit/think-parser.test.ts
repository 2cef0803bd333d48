import { describe, expect, it } from 'vitest';
import { ThinkParser, type ThinkState } from '../../src/core/think-parser.js';

/** Feeds deltas and returns the reasoning and answer text seen, plus close count. */
function parse(deltas: string[], initial: ThinkState = 'before') {
  const parser = new ThinkParser(initial);
  let reasoning = '';
  let answer = '';
  let closed = 0;
  for (const result of [...deltas.map((d) => parser.push(d)), parser.end()]) {
    if (result.reasoningClosed) closed++;
    for (const chunk of result.chunks) {
      if (chunk.kind === 'reasoning') reasoning += chunk.text;
      else answer += chunk.text;
    }
  }
  return { reasoning, answer, closed };
}

describe('ThinkParser', () => {
  it('splits a whole reply', () => {
    expect(parse(['<think>\nLet me see.\n</think>\n\nHello!'])).toEqual({ reasoning: '\nLet me see.\n', answer: 'Hello!', closed: 1 });
  });

  it('handles tags split across deltas at every position', () => {
    const reply = '<think>abc</think>\n\nxyz';
    for (let i = 1; i < reply.length; i++) {
      for (let j = i + 1; j < reply.length; j++) {
        const deltas = [reply.slice(0, i), reply.slice(i, j), reply.slice(j)];
        expect(parse(deltas), JSON.stringify(deltas)).toEqual({ reasoning: 'abc', answer: 'xyz', closed: 1 });
      }
    }
  });

  it('handles one character per delta', () => {
    expect(parse([...'<think>deep thought</think>\n\nanswer'])).toEqual({ reasoning: 'deep thought', answer: 'answer', closed: 1 });
  });

  it('handles a tag plus text in one token', () => {
    expect(parse(['<think>', 'a', 'b</think>\n\nc', 'd'])).toEqual({ reasoning: 'ab', answer: 'cd', closed: 1 });
    expect(parse(['reason', '.</think>Answer'], 'reasoning')).toEqual({ reasoning: 'reason.', answer: 'Answer', closed: 1 });
  });

  it('treats text before <think> as answer and still parses the think block', () => {
    expect(parse(['Hi ', '<think>hmm</think>', ' there'])).toEqual({ reasoning: 'hmm', answer: 'Hi  there', closed: 1 });
  });

  it('answers directly when the reply has no think block', () => {
    expect(parse(['Just ', 'an answer'])).toEqual({ reasoning: '', answer: 'Just an answer', closed: 0 });
  });

  it('keeps a reply with no </think> as reasoning', () => {
    expect(parse(['<think>', 'still thinking', ' forever'])).toEqual({ reasoning: 'still thinking forever', answer: '', closed: 0 });
    expect(parse(['open in the prompt', ' <'], 'reasoning')).toEqual({ reasoning: 'open in the prompt <', answer: '', closed: 0 });
  });

  it('never lets a tag into either stream', () => {
    const { reasoning, answer } = parse(['<thi', 'nk>a</th', 'ink>b', '</think>c', '<think>d</think>e']);
    expect(reasoning + answer).not.toMatch(/<\/?think>/);
    expect(reasoning).toBe('ad');
    expect(answer).toBe('bce');
  });

  it('drops only the whitespace right after </think>', () => {
    expect(parse(['<think>x</think>', '\n', '\n', '  Hello\n\nworld'])).toEqual({ reasoning: 'x', answer: 'Hello\n\nworld', closed: 1 });
  });

  it('passes through a lone "<" that is not a tag', () => {
    expect(parse(['a < b', ' and c <', 'd'], 'answer')).toEqual({ reasoning: '', answer: 'a < b and c <d', closed: 0 });
  });
});
