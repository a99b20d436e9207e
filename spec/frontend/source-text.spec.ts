import { describe, expect, it } from 'vitest';
import { EpicSyntaxError } from '../../lib/errors.js';
import { parseFunctionText } from '../../lib/frontend/source-text.js';

const parse = (body: string) => parseFunctionText({ name: 'p', body });

describe('parseFunctionText', () => {
  it('wraps arrows and function expressions in parentheses (shift 1)', () => {
    expect(parse('x => x')).toMatchObject({ shift: 1, fn: { type: 'ArrowFunctionExpression' } });
    expect(parse('function f(a) { return a; }')).toMatchObject({ shift: 1, fn: { type: 'FunctionExpression', id: { name: 'f' } } });
  });

  it('wraps a method shorthand in an object literal (shift 2) and reports its name', () => {
    expect(parse('meth(a) { return a; }')).toMatchObject({ shift: 2, methodName: 'meth', fn: { type: 'FunctionExpression' } });
  });

  it('keeps acorn locations of the wrapped text (columns on line 1 are shifted)', () => {
    const { fn, shift } = parse('(a) => {\n  return a;\n}');
    expect(fn.loc?.start).toEqual({ line: 1, column: shift });
  });

  it('accepts a trailing line comment', () => {
    expect(parse('x => x // done').fn.type).toBe('ArrowFunctionExpression');
  });

  it('reports the error of the reading that got further, located in the text', () => {
    let error: unknown;
    try {
      parse('meth(a) { return a +; }');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EpicSyntaxError);
    expect((error as EpicSyntaxError).loc).toMatchObject({ line: 1, column: 21 });
  });
});
