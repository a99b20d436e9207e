import { describe, expect, it } from 'vitest';
import { EpicSyntaxError } from '../../lib/errors.js';
import { app, host, let_, lit, v } from '../../lib/terms/term.js';
import { core, errorOf, tr } from './helpers.js';

const body = (text: string) => {
  const t = tr(text);
  if (t.kind !== 'Lam') throw new Error('not a Lam');
  return t.body;
};

describe('declarations', () => {
  it('const and let become lets; several declarators in order', () => {
    expect(body('(x) => { const a = f(x), b = g(a); let c = 1; return [a, b, c]; }')).toStrictEqual(
      core(`
      (let a (@f x) (let b (@g a) (let c 1 [a b c])))`),
    );
  });

  it('let x; is undefined', () => {
    expect(body('() => { let x; return x; }')).toStrictEqual(let_('x', lit(undefined), v('x')));
  });

  it('a const arrow that refers to itself is a letrec', () => {
    expect(body('(n) => { const fact = (k) => k <= 1 ? 1 : k * fact(k - 1); return fact(n); }')).toStrictEqual(
      core(`
      (letrec ((fact (fn fact (k) ((%bool (%<= k 1)) (fn () 1) (fn () (%* k (fact (%- k 1))))))))
        (fact n))`),
    );
  });

  it('rejects var, naming it, with the location and caret', () => {
    const e = errorOf('(x) => {\n  var y = x;\n  return y;\n}');
    expect(e).toBeInstanceOf(EpicSyntaxError);
    expect(e.message).toBe('var is not supported; use let or const\n  at p:2:3\n2 |   var y = x;\n  |   ^');
  });

  it('rejects a use before the declaration (the temporal dead zone)', () => {
    expect(errorOf('() => { const a = b; const b = 1; return a; }').message).toContain(
      'b is used before its declaration at 1:28',
    );
    expect(errorOf('() => { const a = a + 1; return a; }').message).toContain('a is used before its declaration');
  });

  it('a local shadows a host of the same name, from the start of its block', () => {
    expect(body('(x) => { const judge = (y) => y; return judge(x); }')).toStrictEqual(
      core(`
      (let judge (fn judge (y) y) (judge x))`),
    );
    expect(errorOf('(x) => { const r = judge(x); const judge = 1; return r; }').message).toContain(
      'judge is used before its declaration',
    );
  });
});

describe('SSA reassignment', () => {
  it('each assignment is a new version that later reads see', () => {
    expect(body('(x) => { let a = x; a = a + 1; a *= 2; a -= f(a); return a; }')).toStrictEqual(
      core(`
      (let a x (let a$1 (%+ a 1) (let a$2 (%* a$1 2) (let a$3 (%- a$2 (@f a$2)) a$3))))`),
    );
  });

  it('generated names avoid every identifier of the source and every host', () => {
    expect(body('(a$1) => { let a = 1; a = 2; return [a, a$1]; }')).toStrictEqual(
      core('(let a 1 (let a$2 2 [a$2 a$1]))'),
    );
    expect(tr('(x) => { let $t1 = 0; if (x) $t1 = 1; return $t1; }', new Set(['$t2']))).toStrictEqual(
      core(`
      (fn p (x) (let $t1 0 (let $t3 ((%bool x) (fn () (let $t1$1 1 $t1$1)) (fn () $t1)) (let $t1$2 $t3 $t1$2))))`),
    );
  });

  it('a shadowing binding gets its own name, and the outer one is intact after the block', () => {
    expect(body('(x) => { const a = 1; { const a = 2; f(a); } return a; }')).toStrictEqual(
      core(`
      (let a 1 (let a$1 2 (let $_1 (@f a$1) a)))`),
    );
  });

  it('an assignment in a block reaches the code after it', () => {
    expect(body('(x) => { let a = 1; { a = 2; } return a; }')).toStrictEqual(core('(let a 1 (let a$1 2 a$1))'));
  });

  it('destructuring assignment swaps', () => {
    expect(body('(x, y) => { let a = x, b = y; [a, b] = [b, a]; return a; }')).toStrictEqual(
      core(`
      (let a x (let b y (let $t1 [b a] (let a$1 (%getOpt $t1 0) (let b$1 (%getOpt $t1 1) a$1)))))`),
    );
  });

  it('rejects assignments to consts, hosts, globals and unknown names', () => {
    expect(errorOf('() => { const a = 1; a = 2; }').message).toContain(
      'Cannot assign to a: it is a const (declared at 1:15)',
    );
    expect(errorOf('() => { judge = 2; }').message).toContain('Cannot assign to the host value judge');
    expect(errorOf('() => { Math = 2; }').message).toContain('Cannot assign to the global Math');
    expect(errorOf('() => { nope = 2; }').message).toContain('Unknown name "nope"');
    expect(errorOf('() => { function g() {} g = 1; }').message).toContain('Cannot assign to the function g');
  });

  it('rejects field and index assignment', () => {
    expect(errorOf('(o) => { o.x = 1; }').message).toContain('assignment to a field (o.x = …) is not supported');
    expect(errorOf('(o) => { o[0] = 1; }').message).toContain(
      'assignment to an index (xs[i] = …) is not supported: arrays are immutable here; use xs.with(i, value)',
    );
    expect(errorOf('(o) => { o.n++; }').message).toContain('assignment to a field');
  });
});

describe('expression statements and blocks', () => {
  it('are let-bound so their calls run', () => {
    expect(body('(x) => { log(x); f(x); }')).toStrictEqual(
      let_('$_1', app(host('log'), [v('x')]), let_('$_2', app(host('f'), [v('x')]), lit(undefined))),
    );
  });

  it('a statement-level comma sequence is several statements', () => {
    expect(body('(x) => { log(x), f(x); }')).toStrictEqual(core('(let $_1 (@log x) (let $_2 (@f x) undefined))'));
  });

  it('skips directives and empty statements', () => {
    expect(body('(x) => { "use strict";; return x; }')).toStrictEqual(v('x'));
  });

  it('code after a return is not translated', () => {
    expect(body('(x) => { return x; f(x); }')).toStrictEqual(v('x'));
  });
});

describe('function declarations', () => {
  it("a block's function declarations are one letrec, so they can call each other", () => {
    expect(
      body(`(n) => {
      return isEven(n);
      function isEven(k) { return k === 0 ? true : isOdd(k - 1); }
      function isOdd(k) { return k === 0 ? false : isEven(k - 1); }
    }`),
    ).toStrictEqual(
      core(`
      (letrec ((isEven (fn isEven (k) ((%bool (%=== k 0)) (fn () true) (fn () (isOdd (%- k 1))))))
               (isOdd (fn isOdd (k$1) ((%bool (%=== k$1 0)) (fn () false) (fn () (isEven (%- k$1 1)))))))
        (isEven n))`),
    );
  });

  it('are placed after the consts they use', () => {
    expect(body('(x) => { const k = f(x); function add(y) { return y + k; } return add(1); }')).toStrictEqual(
      core(`
      (let k (@f x) (letrec ((add (fn add (y) (%+ y k)))) (add 1)))`),
    );
  });

  it('are placed after the assignments to variables they use', () => {
    expect(body('(x) => { let k = x; k = f(k); function add(y) { return y + k; } return add(1); }')).toStrictEqual(
      core(`
      (let k x (let k$1 (@f k) (letrec ((add (fn add (y) (%+ y k$1)))) (add 1))))`),
    );
    expect(
      errorOf('(x) => { let k = x; const r = add(1); if (x) { k = 2; } function add(y) { return y + k; } return r; }')
        .message,
    ).toContain('it refers to k, which is assigned later (at 1:39); move that assignment above the first use of add');
  });

  it('a use before that point is rejected with the reason', () => {
    expect(
      errorOf('(x) => { const r = add(1); const k = 2; function add(y) { return y + k; } return r; }').message,
    ).toContain(
      'The function add is used before it can be defined: it refers to k, which is declared later (at 1:34); ' +
        'move that declaration above the first use of add',
    );
  });

  it('are each placed by what they need, so one that needs nothing is usable from the start', () => {
    expect(
      body(
        '(x) => { const r = inc(x); const k = 2; function inc(y) { return y + 1; } function add(y) { return y + k; } return add(r); }',
      ),
    ).toStrictEqual(
      core(`(letrec ((inc (fn inc (y) (%+ y 1))))
        (let r (inc x) (let k 2 (letrec ((add (fn add (y$1) (%+ y$1 k)))) (add r)))))`),
    );
  });

  it('go together when they call each other, after what either needs', () => {
    expect(
      body(
        '(x) => { const k = 2; function even(n) { return n === 0 || odd(n - 1); } function odd(n) { return n !== 0 && even(n - k); } return even(x); }',
      ),
    ).toStrictEqual(
      core(`(let k 2 (letrec ((even (fn even (n) (let $t1 (%=== n 0) ((%bool $t1) (fn () $t1) (fn () (odd (%- n 1)))))))
          (odd (fn odd (n$1) (let $t2 (%!== n$1 0) ((%bool $t2) (fn () (even (%- n$1 k))) (fn () $t2)))))) (even x)))`),
    );
  });

  it('a use before the point of a function it uses is rejected with the reason', () => {
    expect(
      errorOf(
        '(x) => { const r = add(1); const k = 2; function add(y) { return plus(y); } function plus(y) { return y + k; } return r; }',
      ).message,
    ).toContain(
      'The function add is used before it can be defined: it uses the function plus, which needs k, declared later ' +
        '(at 1:34); move that declaration above the first use of add',
    );
  });
});
