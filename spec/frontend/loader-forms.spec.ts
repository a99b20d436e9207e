import { describe, expect, it } from 'vitest';
import { core, tr } from './helpers.js';

describe('loader forms', () => {
  it('__name(expr, "n") names the function and is otherwise transparent', () => {
    expect(tr('(x) => { const inc = __name((y) => y + 1, "inc"); return inc(x); }', new Set())).toStrictEqual(
      core(`
      (fn p (x) (let inc (fn inc (y) (%+ y 1)) (inc x)))`),
    );
    expect(tr('(xs) => xs.map(__name((y) => y, "id"))', new Set())).toStrictEqual(
      core('(fn p (xs) (%map xs (fn id (y) y)))'),
    );
  });

  it('the statement __name(g, "g") after a function declaration is dropped', () => {
    expect(tr('x=>{function g(z){return z}__name(g,"g");return g(x)}', new Set())).toStrictEqual(
      core(`
      (fn p (x) (letrec ((g (fn g (z) z))) (g x)))`),
    );
  });

  it('(0, f)(x) is a call of f', () => {
    expect(tr('(x) => (0, f)(x)', new Set(['f']))).toStrictEqual(core('(fn p (x) (@f x))'));
  });

  it('a local named like a loader namespace is an ordinary object', () => {
    expect(tr('(import_m) => import_m.f', new Set(['f']))).toStrictEqual(core('(fn p (import_m) (%get import_m "f"))'));
  });

  it('a recursive const wrapped by __name is a letrec', () => {
    expect(tr('n=>{const c=__name(k=>k?c(k-1):0,"c");return c(n)}', new Set())).toStrictEqual(
      core(`
      (fn p (n) (letrec ((c (fn c (k) ((%bool k) (fn () (c (%- k 1))) (fn () 0))))) (c n)))`),
    );
  });
});
