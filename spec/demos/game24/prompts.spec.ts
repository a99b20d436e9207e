import { describe, expect, it } from 'vitest';
import {
  COT_PROMPT,
  currentNumbers,
  fill,
  PROPOSE_PROMPT,
  proposePrompt,
  VALUE_LAST_STEP_PROMPT,
  VALUE_PROMPT,
  valueCacheKey,
  valueOfOutputs,
  valuePrompt,
} from '../../../demos/game24/prompts.js';
import { loadTotLog } from '../../../demos/game24/log.js';

describe("ToT's Game-of-24 prompt wrappers", () => {
  it('keep the templates byte for byte, quirks included', () => {
    expect(PROPOSE_PROMPT).toContain('14 /  2 = 7 (left: 7 8 8)\n');
    expect(PROPOSE_PROMPT.endsWith('Input: {input}\nPossible next steps:\n')).toBe(true);
    expect(VALUE_LAST_STEP_PROMPT.match(/Judge: \n/g)).toHaveLength(6);
    expect(VALUE_LAST_STEP_PROMPT.endsWith('Answer: {answer}\nJudge:')).toBe(true);
    expect(VALUE_PROMPT.endsWith('1 3 3 are all too small\nimpossible\n{input}\n')).toBe(true);
    expect(COT_PROMPT.endsWith('Answer: ((5 + 5) + 5) + 9 = 24\nInput: {input}\n')).toBe(true);
  });

  it('fill replaces named fields like str.format and takes "$" literally', () => {
    expect(fill('a {input} b {answer}', { input: '$&', answer: '2' })).toBe('a $& b 2');
  });

  it('read the numbers left from the last line (or the puzzle itself)', () => {
    expect(currentNumbers('4 5 6 10')).toBe('4 5 6 10');
    expect(currentNumbers('4 + 5 = 9 (left: 6 9 10)\n6 + 9 = 15 (left: 10 15)\n')).toBe('10 15');
  });

  it('propose on the numbers left, and ask for the answer line once 24 is left', () => {
    expect(proposePrompt('4 5 6 10', '')).toBe(fill(PROPOSE_PROMPT, { input: '4 5 6 10' }));
    expect(proposePrompt('4 5 6 10', '4 + 5 = 9 (left: 6 9 10)\n')).toBe(fill(PROPOSE_PROMPT, { input: '6 9 10' }));
    const y = '4 * 5 = 20 (left: 6 10 20)\n10 - 6 = 4 (left: 4 20)\n4 + 20 = 24 (left: 24)\n';
    expect(proposePrompt('4 5 6 10', y)).toBe(`${fill(COT_PROMPT, { input: '4 5 6 10' })}Steps:${y}`);
  });

  it('value the numbers left, or judge the answer with the puzzle', () => {
    expect(valuePrompt('4 5 6 10', '4 + 5 = 9 (left: 6 9 10)\n')).toBe(fill(VALUE_PROMPT, { input: '6 9 10' }));
    expect(valuePrompt('4 5 6 10', 'a\nb\nc\nAnswer: (4 * 5) + (10 - 6) = 24\n')).toBe(
      fill(VALUE_LAST_STEP_PROMPT, { input: '4 5 6 10', answer: '(4 * 5) + (10 - 6) = 24' }),
    );
  });

  it('key the value cache by what the value prompt is made of: equal keys exactly for equal prompts', () => {
    expect(valueCacheKey('4 5 6 10', '4 + 5 = 9 (left: 6 9 10)\n')).toBe('["numbers","6 9 10"]');
    expect(valueCacheKey('4 5 6 10', 'a\nb\nc\nAnswer: (4 * 5) + (10 - 6) = 24\n')).toBe(
      '["answer","4 5 6 10","(4 * 5) + (10 - 6) = 24"]',
    );
    const byKey = new Map<string, Set<string>>();
    for (const record of loadTotLog()) {
      for (const step of record.steps) {
        for (const y of step.new_ys) {
          const key = valueCacheKey(step.x, y);
          byKey.set(key, (byKey.get(key) ?? new Set()).add(valuePrompt(step.x, y)));
        }
      }
    }
    expect([...byKey.values()].every((prompts) => prompts.size === 1)).toBe(true);
    const prompts = [...byKey.values()].map((set) => [...set][0]!);
    expect(new Set(prompts).size).toBe(prompts.length);
    expect(prompts).toHaveLength(1846);
  });

  it('unwrap values as ToT does: last lines only, its floats, and 0 for 4 lines without an answer', () => {
    const y = '4 + 5 = 9 (left: 6 9 10)\n';
    expect(valueOfOutputs(y, ['1 + 1\nlikely', 'x\nlikely', 'impossible'])).toBe(2.001);
    expect(valueOfOutputs(y, ['sure\n', 'likely.', 'Sure'])).toBe(0);
    expect(valueOfOutputs(y, ['sure', 'sure', 'sure'])).toBe(60);
    expect(valueOfOutputs(y, ['impossible', 'impossible', 'impossible'])).toBe(0.003);
    expect(
      valueOfOutputs('a (left: 1 2 3)\nb (left: 3 3)\nc (left: 9)\nd (left: 24)\n', ['sure', 'sure', 'sure']),
    ).toBe(0);
    expect(valueOfOutputs('a\nb\nc\nAnswer: 24\n', ['sure', 'sure', 'sure'])).toBe(60);
  });
});
