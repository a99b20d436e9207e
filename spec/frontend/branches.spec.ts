import { describe, expect, it } from 'vitest';
import { app, host, ifThenElse, lam, let_, lit, prim, tuple, v } from '../../lib/terms/term.js';
import { core, tr } from './helpers.js';

const body = (text: string) => {
  const t = tr(text);
  if (t.kind !== 'Lam') throw new Error('not a Lam');
  return t.body;
};

describe('if: the values form (no branch returns)', () => {
  it('hands a single assigned outer variable to the code after the if as itself', () => {
    expect(body('(c) => { let x = 0; if (c) { x = f(); } else { x = g(); } return x; }')).toStrictEqual(
      let_(
        'x',
        lit(0),
        let_(
          '$t1',
          ifThenElse(v('c'), let_('x$1', app(host('f'), []), v('x$1')), let_('x$2', app(host('g'), []), v('x$2'))),
          let_('x$3', v('$t1'), v('x$3')),
        ),
      ),
    );
  });

  it('an if without else passes the variables through unchanged', () => {
    expect(body('(c) => { let x = 1; if (c) x = 2; return x; }')).toStrictEqual(
      let_(
        'x',
        lit(1),
        let_('$t1', ifThenElse(v('c'), let_('x$1', lit(2), v('x$1')), v('x')), let_('x$2', v('$t1'), v('x$2'))),
      ),
    );
  });

  it('still let-binds the if when it assigns nothing, so its calls run', () => {
    expect(body('(c) => { if (c) { log(c); } return 1; }')).toStrictEqual(
      let_('$t1', ifThenElse(v('c'), let_('$_1', app(host('log'), [v('c')]), tuple([])), tuple([])), lit(1)),
    );
  });

  it('carries several variables, in order of first assignment, and ignores block-local ones', () => {
    expect(
      body('(c) => { let a = 0, b = 0; if (c) { b = 1; let a = 5; a = 6; } else { a = 2; } return [a, b]; }'),
    ).toStrictEqual(
      core(`
        (let a 0 (let b 0
        (let $t1 ((%bool c)
                  (fn () (let b$1 1 (let a$1 5 (let a$2 6 [b$1 a])))) ; the inner a is a different binding
                  (fn () (let a$3 2 [b a$3])))
        (let b$2 (proj 0 $t1) (let a$4 (proj 1 $t1) [a$4 b$2])))))`),
    );
  });

  it('chains else if', () => {
    expect(body('(n) => { let s = "z"; if (n < 0) s = "neg"; else if (n > 0) s = "pos"; return s; }')).toStrictEqual(
      core(`
      (let s "z"
      (let $t1 ((%bool (%< n 0))
                (fn () (let s$1 "neg" s$1))
                (fn () (let $t2 ((%bool (%> n 0)) (fn () (let s$2 "pos" s$2)) (fn () s))
                       (let s$3 $t2 s$3))))
      (let s$4 $t1 s$4)))`),
    );
  });

  it('code after the if that does not depend on it is outside the branches', () => {
    const t = body('(c) => { let x = 0; if (c) { x = f(); } const y = g(); return [x, y]; }');
    // the g() call is in the body of the let that binds the if, not inside a branch thunk
    expect(t).toStrictEqual(
      core(`
      (let x 0 (let $t1 ((%bool c) (fn () (let x$1 (@f) x$1)) (fn () x))
      (let x$2 $t1 (let y (@g) [x$2 y]))))`),
    );
  });
});

describe('if: the join-point form (a branch returns)', () => {
  it('makes the rest a local function $k that falling-through branches call', () => {
    expect(body('(c) => { let x = 0; if (c) { return f(); } x = g(); return x; }')).toStrictEqual(
      let_(
        'x',
        lit(0),
        let_(
          '$k1',
          lam([], let_('x$1', app(host('g'), []), v('x$1'))),
          ifThenElse(v('c'), app(host('f'), []), app(v('$k1'), [])),
        ),
      ),
    );
  });

  it('passes the variables the branches assign to $k', () => {
    expect(body('(c) => { let x = 0; if (c) { x = 1; } else { return 2; } return x; }')).toStrictEqual(
      let_(
        'x',
        lit(0),
        let_('$k1', lam(['x$2'], v('x$2')), ifThenElse(v('c'), let_('x$1', lit(1), app(v('$k1'), [v('x$1')])), lit(2))),
      ),
    );
  });

  it('omits $k when every branch returns', () => {
    expect(body('(c) => { if (c) return 1; else return 2; }')).toStrictEqual(ifThenElse(v('c'), lit(1), lit(2)));
  });

  it('handles early returns in nested ifs and blocks', () => {
    expect(
      body(`(a) => {
      if (a) {
        const b = f(a);
        if (b) { return b; }
      }
      return g(a);
    }`),
    ).toStrictEqual(
      core(`
      (let $k1 (fn () (@g a))
        ((%bool a)
          (fn () (let b (@f a) (let $k2 (fn () ($k1)) ((%bool b) (fn () b) (fn () ($k2))))))
          (fn () ($k1))))`),
    );
  });

  it('a function without a final return returns undefined on the fall-through path', () => {
    expect(body('(c) => { if (c) return 1; }')).toStrictEqual(
      let_('$k1', lam([], lit(undefined)), ifThenElse(v('c'), lit(1), app(v('$k1'), []))),
    );
  });

  it('evaluates the condition once, outside the branches', () => {
    const t = body('(x) => { if (f(x) > 1) return 1; return 2; }');
    expect(t).toStrictEqual(
      let_(
        '$k1',
        lam([], lit(2)),
        ifThenElse(prim('>', [app(host('f'), [v('x')]), lit(1)]), lit(1), app(v('$k1'), [])),
      ),
    );
  });
});
