import { describe, expect, it } from 'vitest';
import { EpicSyntaxError } from '../../lib/errors.js';
import { lam, lit, prim, tuple, v } from '../../lib/terms/term.js';
import { core, errorOf, tr } from './helpers.js';

const expr = (text: string) => {
  const t = tr(`(a, b, xs, o, k) => ${text}`);
  if (t.kind !== 'Lam') throw new Error('not a Lam');
  return t.body;
};

describe('literals and templates', () => {
  it('numbers, strings, booleans, null, undefined', () => {
    expect(expr('1.5')).toStrictEqual(lit(1.5));
    expect(expr('"s"')).toStrictEqual(lit('s'));
    expect(expr('true')).toStrictEqual(lit(true));
    expect(expr('null')).toStrictEqual(lit(null));
    expect(expr('undefined')).toStrictEqual(lit(undefined));
    expect(expr('NaN')).toStrictEqual(lit(NaN));
  });

  it('template literals become template(s0, e0, s1, …) with cooked strings', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal's source text
    expect(expr('`a${a}\\n${b}`')).toStrictEqual(prim('template', [lit('a'), v('a'), lit('\n'), v('b'), lit('')]));
    expect(expr('`plain`')).toStrictEqual(prim('template', [lit('plain')]));
  });
});

describe('arrays and objects', () => {
  it('array literals are tuples; spreads concatenate', () => {
    expect(expr('[a, b]')).toStrictEqual(tuple([v('a'), v('b')]));
    expect(expr('[]')).toStrictEqual(tuple([]));
    expect(expr('[a, ...xs, b, ...o]')).toStrictEqual(
      prim('concat', [tuple([v('a')]), v('xs'), tuple([v('b')]), v('o')]),
    );
    expect(expr('[...xs]')).toStrictEqual(prim('concat', [v('xs')]));
  });

  it('object literals are records: shorthand, string and number keys', () => {
    expect(expr('({ a, "x y": b, 2: 3 })')).toStrictEqual(
      prim('record', [lit('a'), v('a'), lit('x y'), v('b'), lit('2'), lit(3)]),
    );
    expect(expr('({})')).toStrictEqual(prim('record', []));
  });

  it('object spreads merge, left to right, into a fresh record', () => {
    expect(expr('({ a, ...o, b })')).toStrictEqual(
      prim('merge', [prim('merge', [prim('record', [lit('a'), v('a')]), v('o')]), prim('record', [lit('b'), v('b')])]),
    );
    expect(expr('({ ...o })')).toStrictEqual(prim('merge', [prim('record', []), v('o')]));
  });

  it('methods and function values in objects are named after their key', () => {
    expect(expr('({ inc(x) { return x + 1; }, id: (y) => y })')).toStrictEqual(
      prim('record', [
        lit('inc'),
        lam(['x'], prim('+', [v('x'), lit(1)]), undefined, 'inc'),
        lit('id'),
        lam(['y'], v('y'), undefined, 'id'),
      ]),
    );
  });
});

describe('member access and operators', () => {
  it('o.k, o[k], xs.length and xs[0] are get', () => {
    expect(expr('o.x')).toStrictEqual(prim('get', [v('o'), lit('x')]));
    expect(expr('o[k]')).toStrictEqual(prim('get', [v('o'), v('k')]));
    expect(expr('xs.length')).toStrictEqual(prim('get', [v('xs'), lit('length')]));
    expect(expr('xs[0].y')).toStrictEqual(prim('get', [prim('get', [v('xs'), lit(0)]), lit('y')]));
  });

  it('binary operators are prims of the same name', () => {
    for (const op of [
      '+',
      '-',
      '*',
      '/',
      '%',
      '**',
      '<',
      '<=',
      '>',
      '>=',
      '==',
      '!=',
      '===',
      '!==',
      '&',
      '|',
      '^',
      '<<',
      '>>',
      '>>>',
    ]) {
      expect(expr(`a ${op} b`)).toStrictEqual(prim(op as '+', [v('a'), v('b')]));
    }
  });

  it('unary operators', () => {
    expect(expr('-a')).toStrictEqual(prim('neg', [v('a')]));
    expect(expr('+a')).toStrictEqual(prim('pos', [v('a')]));
    expect(expr('!a')).toStrictEqual(prim('not', [v('a')]));
    expect(expr('~a')).toStrictEqual(prim('bitnot', [v('a')]));
    expect(expr('typeof a')).toStrictEqual(prim('typeof', [v('a')]));
  });

  it('known global constants are inlined', () => {
    expect(expr('Math.PI * a')).toStrictEqual(prim('*', [lit(Math.PI), v('a')]));
    expect(expr('Number.MAX_SAFE_INTEGER')).toStrictEqual(lit(Number.MAX_SAFE_INTEGER));
  });

  it('void 0 (how tsx writes undefined) is undefined; void e still evaluates e', () => {
    expect(expr('void 0')).toStrictEqual(core('undefined'));
    expect(expr('void f(a)')).toStrictEqual(core('(let $_1 (@f a) undefined)'));
  });

  it('keeps precedence from the parse', () => {
    expect(expr('a + b * 2 - -a')).toStrictEqual(core('(%- (%+ a (%* b 2)) (%neg a))'));
  });
});

describe('rejected expressions', () => {
  const cases: [string, string][] = [
    ['a in o', 'the in operator is not supported'],
    ['a instanceof o', 'instanceof is not supported'],
    ['delete o.x', 'delete is not supported'],
    ['(a, b)', 'comma (sequence) expressions are not supported as values'],
    ['/ab+c/.test(a)', 'regular expression literals are not supported'],
    ['10n', 'BigInt literals are not supported'],
    ['({ [k]: 1 })', 'computed object keys'],
    ['({ get x() { return 1; } })', 'getters and setters are not supported'],
    ['[a, , b]', 'array holes'],
    ['String.raw`x`', 'tagged templates are not supported'],
    ['new Map()', 'new is not supported'],
    ['this.x', 'this is not supported'],
    ['class {}', 'classes are not supported'],
    ['import("x")', 'dynamic import() is not supported'],
    ['a = 1', 'an assignment used as a value is not supported'],
    ['a++', 'x++ / x-- used as a value is not supported'],
  ];
  it.each(cases)('%s', (text, message) => {
    const e = errorOf(`(a, b, o, k) => ${text}`);
    expect(e).toBeInstanceOf(EpicSyntaxError);
    expect(e.message).toContain(message);
    expect(e.message).toMatch(/\n {2}at p:1:\d+\n1 \| /);
  });

  it('puts the caret under the construct', () => {
    expect(errorOf('(a, o) => a + (o.x in o)').message).toBe(
      'the in operator is not supported; use Object.keys(o).includes(k) or o?.[k] !== undefined\n' +
        '  at p:1:16\n' +
        '1 | (a, o) => a + (o.x in o)\n' +
        '  |                ^',
    );
  });
});
