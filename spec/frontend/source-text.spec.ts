import type * as acorn from 'acorn';
import { describe, expect, it } from 'vitest';
import { EpicSyntaxError } from '../../lib/errors.js';
import { parseFunctionText } from '../../lib/frontend/source-text.js';

const parse = (body: string) => parseFunctionText({ name: 'p', body });

describe('parseFunctionText', () => {
  it('wraps arrows and function expressions in parentheses (shift 1)', () => {
    expect(parse('x => x')).toMatchObject({ shift: 1, fn: { type: 'ArrowFunctionExpression' } });
    expect(parse('function f(a) { return a; }')).toMatchObject({
      shift: 1,
      fn: { type: 'FunctionExpression', id: { name: 'f' } },
    });
  });

  it('wraps a method shorthand in an object literal (shift 2) and reports its name', () => {
    expect(parse('meth(a) { return a; }')).toMatchObject({
      shift: 2,
      methodName: 'meth',
      fn: { type: 'FunctionExpression' },
    });
  });

  it('gives offsets in the wrapped text, shift characters on', () => {
    const text = '(a) => {\n  return a;\n}';
    const { fn, shift } = parse(text);
    expect(fn.start - shift).toBe(0);
    const body = fn.body as acorn.BlockStatement;
    expect(body.body[0]!.start - shift).toBe(text.indexOf('return'));
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
