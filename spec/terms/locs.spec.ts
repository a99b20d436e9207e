import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { children, foldTerm, freeVars, withoutLocs } from '../../lib/terms/locs.js';
import { parseTerm } from '../../lib/terms/parse.js';
import { printTerm } from '../../lib/terms/print.js';
import { app, lam, let_, letrec, lit, v } from '../../lib/terms/term.js';
import type { Term } from '../../lib/terms/term.js';
import { termArb } from './arbitraries.js';
import { DEPTH, letChain, nestedApps, nestedLams } from './deep-terms.js';

const loc = { line: 3, column: 4, source: { name: 's', body: 'x' } };
const free = (text: string): string[] => [...freeVars(parseTerm(text))].sort();

describe('withoutLocs', () => {
  it('removes every loc, bindings and Lam names kept', () => {
    const located = letrec(
      [{ name: 'f', lam: lam(['x'], v('x', loc), loc, 'f') }],
      app(v('f', loc), [lit(-0, loc)], loc),
      loc,
    );
    const stripped = withoutLocs(located);
    expect(stripped).toStrictEqual(
      letrec([{ name: 'f', lam: lam(['x'], v('x'), undefined, 'f') }], app(v('f'), [lit(-0)])),
    );
    expect(JSON.stringify(stripped)).not.toContain('loc');
  });

  it('does not change the term it copies', () => {
    const located = let_('x', lit(1, loc), v('x', loc), loc);
    withoutLocs(located);
    expect(located.loc).toBe(loc);
    expect(located.value.loc).toBe(loc);
  });

  it('is the identity on terms without locations, and strips what the parser adds', () => {
    fc.assert(
      fc.property(termArb, (t: Term) => {
        expect(withoutLocs(t)).toStrictEqual(t);
        expect(JSON.stringify(withoutLocs(parseTerm(printTerm(t))))).not.toMatch(/"loc"/);
      }),
      { numRuns: 200 },
    );
  });
});

describe(`withoutLocs on terms ${DEPTH} deep`, () => {
  it('copies a let chain', () => {
    let t = withoutLocs(parseTerm(`${'(let x 1 '.repeat(DEPTH)}x${')'.repeat(DEPTH)}`));
    let depth = 0;
    for (; t.kind === 'Let'; t = t.body) {
      depth += 1;
      if ('loc' in t || 'loc' in t.value) throw new Error(`a loc left at let ${depth}`);
    }
    expect(depth).toBe(DEPTH);
    expect(t).toStrictEqual(v('x'));
  });
});

describe('foldTerm', () => {
  it("combines each node with its children's results, in the order of children()", () => {
    const names = (t: Term, kids: string[]): string => (t.kind === 'Var' ? t.name : kids.join(' '));
    expect(foldTerm(parseTerm('(let a (f b) [c (proj 0 d) (fn (e) g)])'), names)).toBe('f b c d g');
  });

  it(`folds applications nested ${DEPTH} deep`, () => {
    const depth = (_t: Term, kids: number[]): number => 1 + Math.max(0, ...kids);
    expect(foldTerm(nestedApps(v('f'), v('x')), depth)).toBe(DEPTH + 1);
  });
});

describe('freeVars', () => {
  it('finds the variables not bound by fn, let or letrec', () => {
    expect(free('(let x y (fn (z) (x z w)))')).toEqual(['w', 'y']);
    expect(free('[a (proj 0 b) (%+ c 1) @host]')).toEqual(['a', 'b', 'c']);
  });

  it('binds a let name in the body only, not in its own value', () => {
    expect(free('(let x x x)')).toEqual(['x']);
    expect(free('(let x 1 x)')).toEqual([]);
  });

  it('binds letrec names in every bound fn and in the body', () => {
    expect(free('(letrec ((even (fn (n) (odd n))) (odd (fn (n) (even m)))) (even k))')).toEqual(['k', 'm']);
  });

  it('does not treat a fn name or a host name as bound or free', () => {
    expect(free('(fn go (n) (go n))')).toEqual(['go']);
    expect(free('(@f @g)')).toEqual([]);
  });

  it('respects shadowing and quoted names', () => {
    expect(free('(fn (x) (let x x (fn (`a b`) [x `a b` `c d`])))')).toEqual(['c d']);
  });

  it('lists free names in the order they first occur', () => {
    expect([...freeVars(parseTerm('(let a (b c) (fn (d) [d e c b]))'))]).toEqual(['b', 'c', 'e']);
  });

  it(`takes a ${DEPTH}-long let chain without overflowing, scoping each name to its body`, () => {
    expect([...freeVars(letChain(v('y'), v(`x${DEPTH}`)))]).toEqual(['y']);
    expect([...freeVars(letChain(v('y'), app(v('x1'), [v('x0'), v(`x${DEPTH + 1}`)])))]).toEqual([
      'y',
      'x0',
      `x${DEPTH + 1}`,
    ]);
  });

  it(`takes applications and fns nested ${DEPTH} deep, a name leaving scope with its binder`, () => {
    expect([...freeVars(nestedApps(v('f'), v('x')))]).toEqual(['f', 'x']);
    const lams = nestedLams(app(v('y1'), [v(`y${DEPTH}`), v('z')]));
    expect([...freeVars(lams)]).toEqual(['z']);
    expect([...freeVars(app(lams, [v('y1'), v('y2')]))]).toEqual(['z', 'y1', 'y2']);
  });
});

describe('children', () => {
  const kids = (src: string) => children(withoutLocs(parseTerm(src)));

  it('lists the direct subterms in evaluation order', () => {
    expect(kids('(f x 1)')).toEqual([v('f'), v('x'), lit(1)]);
    expect(kids('(let a 1 a)')).toEqual([lit(1), v('a')]);
    expect(kids('(letrec ((g (fn () 1))) (g))')).toEqual([lam([], lit(1)), app(v('g'), [])]);
    expect(kids('(proj 0 [1 2])').map((t) => t.kind)).toEqual(['Tuple']);
    expect(kids('(%+ 1 2)')).toEqual([lit(1), lit(2)]);
    expect(kids('@h')).toEqual([]);
  });
});
