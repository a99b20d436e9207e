import * as acorn from 'acorn';
import { describe, expect, it } from 'vitest';
import { EpicSyntaxError } from '../../lib/errors.js';
import type { Ctx } from '../../lib/frontend/context.js';
import { createContext } from '../../lib/frontend/translate.js';
import { NameSupply } from '../../lib/frontend/names.js';
import { isStackOverflow, MAX_NESTING, nested, translateNested } from '../../lib/frontend/nesting.js';

const TEXT = 'x =>\n  f(x)';

function context(): Ctx {
  return createContext({ name: 'p', body: TEXT }, 0, new Set(), new NameSupply(new Set()));
}

const call = (acorn.parseExpressionAt(TEXT, 0, { ecmaVersion: 'latest' }) as acorn.ArrowFunctionExpression).body;

describe('nested', () => {
  it('counts levels while translating, and no more after', () => {
    const ctx = context();
    expect(nested(ctx, call, () => nested(ctx, call, () => ctx.counters.depth))).toBe(2);
    expect(ctx.counters.depth).toBe(0);
  });

  it(`reports level ${MAX_NESTING + 1} as too deep, located at its node`, () => {
    const ctx = context();
    const descend = (n: number): number => (n === 0 ? 0 : nested(ctx, call, () => descend(n - 1)));
    expect(translateNested(ctx, () => descend(MAX_NESTING))).toBe(0);
    expect(() => translateNested(ctx, () => descend(MAX_NESTING + 1))).toThrow(
      new EpicSyntaxError(
        `The program is too deeply nested (more than ${MAX_NESTING} levels of expressions, ` +
          'statements and functions inside one another); move the inner parts into functions or consts of their own',
        { loc: { line: 2, column: 3, source: context().source } },
      ),
    );
    expect(ctx.counters.depth).toBe(0);
  });

  it.each([
    ['a RangeError', new RangeError('Maximum call stack size exceeded')],
    [
      'the SyntaxError of a regular expression compiled without stack',
      new SyntaxError('Invalid regular expression: /a/: Maximum call stack size exceeded'),
    ],
  ])('turns the stack running out (%s) into a located EpicSyntaxError', (_, overflow) => {
    const ctx = context();
    let error: unknown;
    try {
      translateNested(ctx, () =>
        nested(ctx, call, () => {
          throw overflow;
        }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EpicSyntaxError);
    expect((error as Error).message).toMatch(
      /^The program is too deeply nested to translate here \(the JS stack ran out;.*\n {2}at p:2:3\n/,
    );
  });

  it('lets other errors through unchanged', () => {
    const ctx = context();
    const other = new RangeError('Invalid array length');
    expect(() =>
      translateNested(ctx, () =>
        nested(ctx, call, () => {
          throw other;
        }),
      ),
    ).toThrow(other);
    expect(isStackOverflow(other)).toBe(false);
    expect(isStackOverflow('Maximum call stack size exceeded')).toBe(false);
  });
});
