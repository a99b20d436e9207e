import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withoutLocs } from '../../lib/terms/locs.js';
import { parseTerm } from '../../lib/terms/parse.js';
import { printTerm } from '../../lib/terms/print.js';
import { app, host, lam, let_, letrec, lit, prim, proj, tuple, v } from '../../lib/terms/term.js';
import type { Term } from '../../lib/terms/term.js';
import { litArb, nameArb, termArb } from './arbitraries.js';
import { DEPTH, letChain, nestedApps } from './deep-terms.js';

const roundTrip = (t: Term, width?: number): Term =>
  withoutLocs(parseTerm(printTerm(t, width === undefined ? {} : { width })));

describe('printTerm', () => {
  it('prints every kind in the compact form', () => {
    const t = letrec(
      [{ name: 'loop', lam: lam(['n'], app(v('loop'), [prim('-', [v('n'), lit(1)])]), undefined, 'loop') }],
      let_('t', tuple([lit(1), lit('a'), host('judge'), tuple([])]), app(lam([], proj(v('t'), 2)), [])),
    );
    expect(printTerm(t)).toBe(
      '(letrec ((loop (fn loop (n) (loop (%- n 1))))) (let t [1 "a" @judge []] ((fn () (proj 2 t)))))',
    );
  });

  it('prints the literal words and special numbers so they read back', () => {
    const items = [true, false, null, undefined, NaN, Infinity, -Infinity, -0, 0, 1e21, 5e-7, -2.5].map((x) => lit(x));
    expect(printTerm(tuple(items))).toBe('[true false null undefined NaN Infinity -Infinity -0 0 1e+21 5e-7 -2.5]');
  });

  it('quotes names that are keywords, literal words or not identifiers', () => {
    const names = ['x', 'fn', 'let', 'letrec', 'proj', 'true', 'NaN', '', 'a b', 'a`b', 'a"b', 'é', '1x', '\ud800'];
    expect(printTerm(tuple(names.map((n) => v(n))))).toBe(
      '[x `fn` `let` `letrec` `proj` `true` `NaN` `` `a b` `a\\`b` `a"b` `é` `1x` `\\ud800`]',
    );
    expect(printTerm(app(v('fn'), [v('x')]))).toBe('(`fn` x)');
    expect(printTerm(lam(['let', ''], v('let'), undefined, 'proj'))).toBe('(fn `proj` (`let` ``) `let`)');
  });

  it('writes host names bare when they are identifiers, keywords included', () => {
    expect(printTerm(tuple([host('fn'), host('true'), host('a.b'), host('')]))).toBe('[@fn @true @`a.b` @``]');
  });

  it('escapes strings as JSON does', () => {
    expect(printTerm(lit('a"b\\c\n\u0001`é\ud800'))).toBe('"a\\"b\\\\c\\n\\u0001`é\\ud800"');
  });

  it('breaks a term over indented lines when it does not fit the width', () => {
    const t = let_(
      'x',
      app(host('propose'), [lit('puzzle')]),
      prim('map', [v('x'), lam(['i'], app(host('judge'), [v('i')]))]),
    );
    expect(printTerm(t, { width: 29 })).toBe(
      ['(let x (@propose "puzzle")', '  (%map', '    x', '    (fn (i) (@judge i))))'].join('\n'),
    );
  });

  it('keeps a chain of lets in one column, so deep chains do not drift right', () => {
    const chain = let_(
      'a',
      app(host('f'), [lit(1)]),
      let_('b', app(host('g'), [v('a')]), app(host('h'), [v('a'), v('b')])),
    );
    expect(printTerm(chain, { width: 20 })).toBe(['(let a (@f 1)', '(let b (@g a)', '  (@h a b)))'].join('\n'));
    let deep: Term = v('x');
    for (let i = 0; i < 500; i += 1) deep = let_(`x${i}`, lit(i), deep);
    const lines = printTerm(deep, { width: 40 }).split('\n');
    expect(lines.length).toBeGreaterThan(490);
    expect(lines.filter((l) => !l.startsWith('(let x'))).toEqual([]);
    // Closing brackets stack on the last line, Lisp style; everything else fits the width.
    expect(Math.max(...lines.map((l) => l.replace(/\)+$/, '').length))).toBeLessThanOrEqual(40);
  });

  it('aligns tuple items and letrec bindings under the first one', () => {
    const body = app(v('f'), [lit(100000)]);
    const t = letrec(
      [
        { name: 'f', lam: lam(['n'], tuple([v('n'), v('n')])) },
        { name: 'g', lam: lam([], v('g')) },
      ],
      body,
    );
    expect(printTerm(t, { width: 20 })).toBe(
      [
        '(letrec ((f',
        '           (fn (n)',
        '             [n n]))',
        '         (g',
        '           (fn () g)))',
        '  (f 100000))',
      ].join('\n'),
    );
  });

  it('stops indenting at the width, where nothing fits anyway', () => {
    let deep: Term = v('x');
    for (let i = 0; i < 8; i += 1) deep = app(host('f'), [deep, lit(i)]);
    expect(printTerm(deep, { width: 9 })).toBe(
      [
        '(@f',
        '  (@f',
        '    (@f',
        '      (@f',
        '        (@f',
        '         (@f',
        '         (@f',
        '         (@f',
        '         x',
        '         0)',
        '         1)',
        '         2)',
        '         3)',
        '        4)',
        '      5)',
        '    6)',
        '  7)',
      ].join('\n'),
    );
  });

  it('uses width 100 by default: 100 columns stay on one line, 101 break', () => {
    const fits = app(v('f'), [lit('x'.repeat(100 - '(f "")'.length))]);
    const breaks = app(v('f'), [lit('x'.repeat(101 - '(f "")'.length))]);
    expect(printTerm(fits)).toHaveLength(100);
    expect(printTerm(fits)).not.toContain('\n');
    expect(printTerm(breaks)).toContain('\n');
  });
});

describe('printTerm then parseTerm', () => {
  it('gives back every literal value, with Object.is semantics (NaN, -0)', () => {
    fc.assert(
      fc.property(litArb, (value) => Object.is((roundTrip(lit(value)) as { value: unknown }).value, value)),
      { numRuns: 1000 },
    );
  });

  it('gives back every name, as a variable, a host name and a binder', () => {
    fc.assert(
      fc.property(nameArb, (name) => {
        expect(roundTrip(let_(name, host(name), lam([name], v(name), undefined, name)))).toStrictEqual(
          let_(name, host(name), lam([name], v(name), undefined, name)),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('gives back random terms from the compact form', () => {
    fc.assert(
      fc.property(termArb, (t) => {
        expect(roundTrip(t)).toStrictEqual(t);
      }),
      { numRuns: 500 },
    );
  });

  it('gives back random terms from the pretty form (width 10)', () => {
    fc.assert(
      fc.property(termArb, (t) => {
        const text = printTerm(t, { width: 10 });
        expect(withoutLocs(parseTerm(text))).toStrictEqual(t);
      }),
      { numRuns: 500 },
    );
  });

  it('distinguishes what must differ (the comparison can fail)', () => {
    expect(roundTrip(lit(-0))).not.toStrictEqual(lit(0));
    expect(roundTrip(lit(undefined))).not.toStrictEqual(lit(null));
    expect(roundTrip(lam([], v('x')))).not.toStrictEqual(lam([], v('x'), undefined, 'x'));
    expect(roundTrip(v('true'))).not.toStrictEqual(lit(true));
  });
});

describe(`printTerm on terms ${DEPTH} deep`, () => {
  it('prints a let chain one let a line', () => {
    const text = printTerm(letChain(v('y'), v(`x${DEPTH}`)));
    const lines = text.split('\n');
    // The last few lets fit on the last line, before the closing brackets.
    expect(lines.length).toBeGreaterThan(DEPTH - 10);
    expect(lines[0]).toBe('(let x1 y');
    expect(lines.filter((l) => !l.startsWith('(let x'))).toEqual([]);
    expect(lines.at(-1)).toMatch(new RegExp(`\\(let x${DEPTH} x${DEPTH - 1} x${DEPTH}\\){${DEPTH}}$`));
  });

  it('prints nested applications one a line, indented no further than the width', () => {
    const text = printTerm(nestedApps(v('f'), v('x')), { width: 40 });
    const lines = text.split('\n');
    expect(lines).toHaveLength(DEPTH + 1);
    expect(lines.slice(-2)).toEqual([`${' '.repeat(40)}(f`, `${' '.repeat(40)}x${')'.repeat(DEPTH)}`]);
    expect(lines.filter((l) => l.length > 42).length).toBe(1);
  });
});
