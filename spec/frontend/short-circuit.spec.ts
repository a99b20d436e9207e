import { describe, expect, it } from 'vitest';
import { app, host, ifThenElse, let_, lit, prim, v } from '../../lib/terms/term.js';
import { core, errorOf, tr } from './helpers.js';

const expr = (text: string) => {
  const t = tr(`(a, b, o, k) => ${text}`);
  if (t.kind !== 'Lam') throw new Error('not a Lam');
  return t.body;
};

describe('short-circuit operators', () => {
  it('a && b binds a once and evaluates b only in the branch that needs it', () => {
    expect(expr('f(a) && g(b)')).toStrictEqual(
      let_('$t1', app(host('f'), [v('a')]), ifThenElse(v('$t1'), app(host('g'), [v('b')]), v('$t1'))),
    );
  });

  it('a || b', () => {
    expect(expr('f(a) || g(b)')).toStrictEqual(
      let_('$t1', app(host('f'), [v('a')]), ifThenElse(v('$t1'), v('$t1'), app(host('g'), [v('b')]))),
    );
  });

  it('a ?? b tests == null', () => {
    expect(expr('f(a) ?? g(b)')).toStrictEqual(
      let_(
        '$t1',
        app(host('f'), [v('a')]),
        ifThenElse(prim('==', [v('$t1'), lit(null)]), app(host('g'), [v('b')]), v('$t1')),
      ),
    );
  });

  it('needs no let when the left side is a variable or a literal', () => {
    expect(expr('a && g(b)')).toStrictEqual(ifThenElse(v('a'), app(host('g'), [v('b')]), v('a')));
    expect(expr('null ?? b')).toStrictEqual(ifThenElse(prim('==', [lit(null), lit(null)]), v('b'), lit(null)));
  });

  it('c ? x : y', () => {
    expect(expr('a ? f(b) : g(b)')).toStrictEqual(
      ifThenElse(v('a'), app(host('f'), [v('b')]), app(host('g'), [v('b')])),
    );
  });

  it('nests', () => {
    expect(expr('a && (b || f(a))')).toStrictEqual(
      core('((%bool a) (fn () ((%bool b) (fn () b) (fn () (@f a)))) (fn () a))'),
    );
  });

  it('compound logical assignment short-circuits too', () => {
    const t = tr('(a) => { let x = a; x ||= f(); x ??= g(); x &&= h(); return x; }');
    expect(t).toStrictEqual(
      core(`(fn p (a)
      (let x a
      (let x$1 ((%bool x) (fn () x) (fn () (@f)))
      (let x$2 ((%bool (%== x$1 null)) (fn () (@g)) (fn () x$1))
      (let x$3 ((%bool x$2) (fn () (@h)) (fn () x$2))
      x$3)))))`),
    );
  });
});

describe('optional chaining', () => {
  it('o?.k is getOpt', () => {
    expect(expr('o?.x')).toStrictEqual(prim('getOpt', [v('o'), lit('x')]));
    expect(expr('o.y?.x')).toStrictEqual(prim('getOpt', [prim('get', [v('o'), lit('y')]), lit('x')]));
    expect(expr('o?.[k]')).toStrictEqual(prim('getOpt', [v('o'), v('k')]));
  });

  it('links after an optional one are skipped when the object is nullish (one test for the chain)', () => {
    expect(expr('o?.x.y')).toStrictEqual(
      ifThenElse(
        prim('==', [v('o'), lit(null)]),
        lit(undefined),
        prim('get', [prim('getOpt', [v('o'), lit('x')]), lit('y')]),
      ),
    );
  });

  it('a computed key with a call is evaluated only when the object is not nullish', () => {
    expect(expr('o?.[f(k)]')).toStrictEqual(
      ifThenElse(prim('==', [v('o'), lit(null)]), lit(undefined), prim('getOpt', [v('o'), app(host('f'), [v('k')])])),
    );
  });

  it('binds a non-atomic object once', () => {
    expect(expr('f(o)?.x.y')).toStrictEqual(
      core(`
      (let $t1 (@f o) ((%bool (%== $t1 null)) (fn () undefined) (fn () (%get (%getOpt $t1 "x") "y"))))`),
    );
  });

  it('segments follow one another as lets instead of nesting: each tests its own object', () => {
    // a?.b.c?.d.e: if a is nullish the first segment is undefined, and so the second one's test
    // skips the rest of the chain, as JS does
    expect(expr('a?.b.c?.d.e')).toStrictEqual(
      core(`
      (let $t1 ((%bool (%== a null)) (fn () undefined) (fn () (%get (%getOpt a "b") "c")))
        ((%bool (%== $t1 null)) (fn () undefined) (fn () (%get (%getOpt $t1 "d") "e"))))`),
    );
  });

  it('rejects optional calls', () => {
    for (const text of ['o?.m()', 'o?.a.trim()', 'f?.(a)', 'o.m?.()']) {
      expect(errorOf(`(o, f, a) => ${text}`, new Set()).message).toContain('optional calls');
    }
  });
});
