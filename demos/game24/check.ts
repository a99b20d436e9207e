/**
 * Judging a final trajectory as ToT's `Game24Task.test_output` does: take the last line, drop
 * "answer: ", keep what precedes "="; it must use exactly the puzzle's numbers (compared as
 * sorted digit strings) and evaluate to 24. ToT evaluates with `sympy.simplify`; here a small
 * recursive-descent evaluator computes the value exactly, as a fraction of BigInts, so
 * `8 / (3 - 8 / 3)` is exactly 24.
 *
 * Gotcha: only `+ - * /`, parentheses, unary signs and decimal numbers are understood. Anything
 * else (sympy would also take `^`, `**` or names) counts as not a solution.
 */
import { assertNever } from '../../lib/errors.js';

/** An exact rational number n/d with d > 0. */
interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
}

/**
 * Whether trajectory `y` solves puzzle `x` (ToT's reward r = 1).
 *
 * @example
 * checkAnswer('4 5 6 10', '…\nAnswer: (4 * 5) + (10 - 6) = 24\n') // true
 * checkAnswer('4 5 6 10', '…\n10 - 1.5 = 8.5 (left: 8.5)\n')      // false (numbers differ)
 */
export function checkAnswer(x: string, y: string): boolean {
  const expression = answerExpression(y);
  const digits = (s: string): string[] => (s.match(/\d+/g) ?? []).toSorted();
  const used = digits(expression);
  const given = digits(x);
  if (used.length !== given.length || used.some((d, i) => d !== given[i])) return false;
  const value = evaluate(expression);
  return value !== undefined && value.n === 24n * value.d;
}

/**
 * The expression ToT judges: the last line of `y`, lower-cased, without "answer: ", before "=".
 *
 * @example
 * answerExpression('…\nAnswer: (4 * 5) + (10 - 6) = 24\n') // '(4 * 5) + (10 - 6) '
 */
export function answerExpression(y: string): string {
  const last = y.trim().split('\n').at(-1) ?? '';
  return last.toLowerCase().replaceAll('answer: ', '').split('=')[0] ?? '';
}

/**
 * The exact value of an arithmetic expression, or undefined if it does not parse or divides by
 * zero.
 *
 * @example
 * evaluate('8 / (3 - 8 / 3)') // { n: 24n, d: 1n }
 */
export function evaluate(expression: string): Fraction | undefined {
  const tokens = expression.match(/\d+(?:\.\d+)?|\S/g) ?? [];
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const parseExpr = (): Fraction | undefined => chain(parseTerm, ['+', '-']);
  const parseTerm = (): Fraction | undefined => chain(parseUnary, ['*', '/']);
  const chain = (operand: () => Fraction | undefined, ops: readonly Op[]): Fraction | undefined => {
    let left = operand();
    while (left && (ops as readonly string[]).includes(peek() ?? '')) {
      const op = tokens[pos++] as Op;
      const right = operand();
      left = right && apply(op, left, right);
    }
    return left;
  };
  const parseUnary = (): Fraction | undefined => {
    const sign = peek();
    if (sign !== '-' && sign !== '+') return parsePrimary();
    pos++;
    const inner = parseUnary();
    return inner && (sign === '-' ? { n: -inner.n, d: inner.d } : inner);
  };
  const parsePrimary = (): Fraction | undefined => {
    const token = tokens[pos++];
    if (token === '(') {
      const inner = parseExpr();
      return tokens[pos++] === ')' ? inner : undefined;
    }
    return token !== undefined && /^\d/.test(token) ? decimal(token) : undefined;
  };
  const value = parseExpr();
  return pos === tokens.length ? value : undefined;
}

type Op = '+' | '-' | '*' | '/';

function apply(op: Op, a: Fraction, b: Fraction): Fraction | undefined {
  switch (op) {
    case '+':
      return reduce(a.n * b.d + b.n * a.d, a.d * b.d);
    case '-':
      return reduce(a.n * b.d - b.n * a.d, a.d * b.d);
    case '*':
      return reduce(a.n * b.n, a.d * b.d);
    case '/':
      return b.n === 0n ? undefined : reduce(a.n * b.d, a.d * b.n);
    default:
      return assertNever(op, 'operator');
  }
}

function decimal(token: string): Fraction {
  const [whole = '0', fraction = ''] = token.split('.');
  return reduce(BigInt(whole + fraction), 10n ** BigInt(fraction.length));
}

function reduce(n: bigint, d: bigint): Fraction {
  const sign = d < 0n ? -1n : 1n;
  let [a, b] = [n < 0n ? -n : n, d < 0n ? -d : d];
  while (b !== 0n) [a, b] = [b, a % b];
  const g = a === 0n ? 1n : a;
  return { n: (sign * n) / g, d: (sign * d) / g };
}
