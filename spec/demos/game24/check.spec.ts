import { describe, expect, it } from 'vitest';
import { answerExpression, checkAnswer, evaluate } from '../../../demos/game24/check.js';
import { loadTotLog } from '../../../demos/game24/log.js';

describe('checking answers as ToT test_output does', () => {
  it('evaluates exactly, with precedence, parentheses and unary signs', () => {
    expect(evaluate('8 / (3 - 8 / 3)')).toEqual({ n: 24n, d: 1n });
    expect(evaluate('2 + 3 * 4 - -1')).toEqual({ n: 15n, d: 1n });
    expect(evaluate('1.5 * 4')).toEqual({ n: 6n, d: 1n });
    expect(evaluate('1 / 3')).toEqual({ n: 1n, d: 3n });
  });

  it('gives undefined for division by zero and for what it does not parse', () => {
    expect(evaluate('4 / (2 - 2)')).toBeUndefined();
    expect(evaluate('(1 + 2')).toBeUndefined();
    expect(evaluate('2 ^ 3')).toBeUndefined();
    expect(evaluate('3 x 8')).toBeUndefined();
  });

  it('takes the expression from the last line, without "answer: " and the "=" part', () => {
    expect(answerExpression('a\nAnswer: (4 * 5) + (10 - 6) = 24\n\n')).toBe('(4 * 5) + (10 - 6) ');
  });

  it('needs the puzzle numbers exactly once each, and 24', () => {
    expect(checkAnswer('4 5 6 10', 'Answer: (4 * 5) + (10 - 6) = 24')).toBe(true);
    expect(checkAnswer('4 5 6 10', 'Answer: (4 * 5) + 4 = 24')).toBe(false);
    expect(checkAnswer('4 5 6 10', 'Answer: 4 * 5 + 6 - 10 = 24')).toBe(false);
    expect(checkAnswer('3 3 8 8', 'Answer: 8 / (3 - 8 / 3) = 24')).toBe(true);
  });

  it('agrees with the log on every final trajectory of 900–949 (judged by sympy there)', () => {
    const log = loadTotLog();
    const ours = log.flatMap((r) => r.ys.map((y) => Number(checkAnswer(r.steps[0]!.x, y))));
    const theirs = log.flatMap((r) => r.infos.map((info) => info.r));
    expect(ours).toHaveLength(250);
    expect(ours).toEqual(theirs);
    expect(theirs.filter((r) => r === 1).length).toBeGreaterThan(30);
  });
});
