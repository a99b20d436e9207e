import { describe, expect, it } from 'vitest';
import { ifThenElse, let_, lit, prim, v } from '../../lib/terms/term.js';
import { core, errorOf, tr } from './helpers.js';

const body = (text: string) => {
  const t = tr(text);
  if (t.kind !== 'Lam') throw new Error('not a Lam');
  return t.body;
};

describe('destructuring', () => {
  it('arrays: getOpt by index (undefined when missing, as in JS); holes skip', () => {
    expect(body('(xs) => { const [a, , b] = xs; return b; }')).toStrictEqual(
      let_('a', prim('getOpt', [v('xs'), lit(0)]), let_('b', prim('getOpt', [v('xs'), lit(2)]), v('b'))),
    );
  });

  it('objects: getOpt by key, with renaming', () => {
    expect(body('(o) => { const { a, b: c, "d e": d } = o; return c; }')).toStrictEqual(
      core(`
      (let a (%getOpt o "a") (let c (%getOpt o "b") (let d (%getOpt o "d e") c)))`),
    );
  });

  it('binds a non-variable value once', () => {
    expect(body('(x) => { const [a, b] = f(x); return a; }')).toStrictEqual(
      core(`
      (let $t1 (@f x) (let a (%getOpt $t1 0) (let b (%getOpt $t1 1) a)))`),
    );
  });

  it('nests', () => {
    expect(body('(o) => { const { p: [x, { y }] } = o; return y; }')).toStrictEqual(
      core(`
      (let $t1 (%getOpt o "p") (let x (%getOpt $t1 0) (let $t2 (%getOpt $t1 1) (let y (%getOpt $t2 "y") y))))`),
    );
  });

  it('defaults are evaluated only when the value is undefined', () => {
    expect(body('(o) => { const { a = f() } = o; return a; }')).toStrictEqual(
      let_(
        '$t1',
        prim('getOpt', [v('o'), lit('a')]),
        let_('a', ifThenElse(prim('===', [v('$t1'), lit(undefined)]), core('(@f)'), v('$t1')), v('a')),
      ),
    );
  });

  it('a default may use names bound earlier in the pattern', () => {
    expect(body('(xs) => { const [a, b = a] = xs; return b; }')).toStrictEqual(
      core(`
      (let a (%getOpt xs 0) (let $t1 (%getOpt xs 1) (let b ((%bool (%=== $t1 undefined)) (fn () a) (fn () $t1)) b)))`),
    );
  });

  it('parameters: patterns and defaults get a fresh parameter', () => {
    expect(tr('([a, b], { c } , d = 1) => a + c + d')).toStrictEqual(
      core(`
      (fn p ($p1 $p2 $p3)
        (let a (%getOpt $p1 0) (let b (%getOpt $p1 1)
        (let c (%getOpt $p2 "c")
        (let d ((%bool (%=== $p3 undefined)) (fn () 1) (fn () $p3))
        (%+ (%+ a c) d))))))`),
    );
  });

  it('rejects rest elements and computed keys', () => {
    expect(errorOf('(xs) => { const [a, ...rest] = xs; }').message).toContain(
      'rest elements (...rest) are not supported',
    );
    expect(errorOf('(o) => { const { a, ...rest } = o; }').message).toContain('rest elements');
    expect(errorOf('(...xs) => xs').message).toContain('rest elements');
    expect(errorOf('(o, k) => { const { [k]: v } = o; }').message).toContain('computed object keys');
  });
});
