import { describe, expect, it } from 'vitest';
import { lam, prim, v } from '../../lib/terms/term.js';
import { core, errorOf, tr } from './helpers.js';

const body = (text: string) => {
  const t = tr(text);
  if (t.kind !== 'Lam') throw new Error('not a Lam');
  return t.body;
};

describe('functions', () => {
  it('arrows with expression and block bodies, nested closures', () => {
    expect(body('(a) => (b) => { const c = a + b; return (d) => c * d; }')).toStrictEqual(
      lam(['b'], core('(let c (%+ a b) (fn (d) (%* c d)))')),
    );
  });

  it('function expressions; a block body without return gives undefined', () => {
    expect(body('(a) => function (b) { f(b); }')).toStrictEqual(lam(['b'], core('(let $_1 (@f b) undefined)')));
  });

  it('a named function expression may call itself', () => {
    expect(body('(n) => (function loop(k) { return k > 0 ? loop(k - 1) : k; })(n)')).toStrictEqual(
      core(`
      ((letrec ((loop (fn loop (k) ((%bool (%> k 0)) (fn () (loop (%- k 1))) (fn () k))))) loop) n)`),
    );
  });

  it('a named function expression that does not call itself is a plain named Lam', () => {
    expect(body('() => function named(x) { return x; }')).toStrictEqual(lam(['x'], v('x'), undefined, 'named'));
  });

  it('parameters shadow hosts', () => {
    expect(body('(judge) => judge(1)')).toStrictEqual(core('(judge 1)'));
  });

  it('const f = function g() {…} may call itself by either name', () => {
    expect(body('(n) => { const f = function g(k) { return k ? f(k - 1) + g(0) : 0; }; return f(n); }')).toStrictEqual(
      core(`
      (letrec ((f (fn f (k) ((%bool k) (fn () (%+ (f (%- k 1)) (f 0))) (fn () 0))))) (f n))`),
    );
  });

  it('functions declared in nested blocks are local to them', () => {
    expect(body('(x) => { { function sq(y) { return y * y; } x = sq(x); } return x; }')).toStrictEqual(
      core(`
      (letrec ((sq (fn sq (y) (%* y y)))) (let x$1 (sq x) x$1))`),
    );
  });

  it('rejects async functions, generators, this and arguments', () => {
    expect(errorOf('async (x) => x').message).toContain('async functions are not supported');
    expect(errorOf('(x) => async () => 1').message).toContain('async functions are not supported');
    expect(errorOf('function* gen() { yield 1; }').message).toContain(
      'generators (function*, yield) are not supported',
    );
    expect(errorOf('function () { return this; }').message).toContain('this is not supported');
    expect(errorOf('function () { return arguments[0]; }').message).toContain('arguments is not supported');
  });

  it('names function values after what they are assigned to', () => {
    const t = body('() => { const inc = (x) => x + 1; return inc; }');
    expect(t).toStrictEqual(core('(let inc (fn inc (x) (%+ x 1)) inc)'));
    expect(prim('+', [v('x')]).kind).toBe('Prim');
  });
});
