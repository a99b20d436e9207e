import { describe, expect, it } from 'vitest';
import { EpicSyntaxError } from '../../lib/errors.js';
import { app, host, ifThenElse, lam, let_, letrec, lit, prim, tuple, v } from '../../lib/terms/term.js';
import { core, errorOf, tr } from './helpers.js';

const body = (text: string) => {
  const t = tr(text);
  if (t.kind !== 'Lam') throw new Error('not a Lam');
  return t.body;
};

describe('for…of → fold', () => {
  it('threads a single assigned outer variable through the fold as the accumulator itself', () => {
    expect(body('(xs) => { let total = 0; for (const x of xs) { total += judge(x); } return total; }')).toStrictEqual(
      let_(
        'total',
        lit(0),
        let_(
          '$t1',
          prim('fold', [
            v('xs'),
            v('total'),
            lam(
              ['$acc1', 'x'],
              let_(
                'total$1',
                v('$acc1'),
                let_('total$2', prim('+', [v('total$1'), app(host('judge'), [v('x')])]), v('total$2')),
              ),
            ),
          ]),
          let_('total$3', v('$t1'), v('total$3')),
        ),
      ),
    );
  });

  it('threads several assigned outer variables as a tuple and unpacks them after', () => {
    expect(
      body('(xs) => { let a = 0, b = 1; for (const x of xs) { a = a + x; b = b * x; } return [a, b]; }'),
    ).toStrictEqual(
      core(`
      (let a 0 (let b 1
      (let $t1 (%fold xs [a b] (fn ($acc1 x)
                 (let a$1 (proj 0 $acc1) (let b$1 (proj 1 $acc1)
                 (let a$2 (%+ a$1 x) (let b$2 (%* b$1 x) [a$2 b$2]))))))
      (let a$3 (proj 0 $t1) (let b$3 (proj 1 $t1) [a$3 b$3])))))`),
    );
  });

  it('with no state, the body still runs for its calls (an empty tuple is threaded)', () => {
    expect(body('(xs) => { for (const x of xs) { log(x); } return 0; }')).toStrictEqual(
      let_(
        '$t1',
        prim('fold', [v('xs'), tuple([]), lam(['$acc1', 'x'], let_('$_1', app(host('log'), [v('x')]), tuple([])))]),
        lit(0),
      ),
    );
  });

  it('destructures the loop variable', () => {
    expect(body('(ps) => { let s = 0; for (const [a, b] of ps) s = s + a * b; return s; }')).toStrictEqual(
      core(`
      (let s 0
      (let $t1 (%fold ps s (fn ($acc1 $x1)
                 (let s$1 $acc1
                 (let a (%getOpt $x1 0) (let b (%getOpt $x1 1)
                 (let s$2 (%+ s$1 (%* a b)) s$2))))))
      (let s$3 $t1 s$3)))`),
    );
  });

  it('a let loop variable may be reassigned in the body without being loop state', () => {
    expect(body('(xs) => { for (let x of xs) { x = x + 1; log(x); } }')).toStrictEqual(
      core(`
      (let $t1 (%fold xs [] (fn ($acc1 x) (let x$1 (%+ x 1) (let $_1 (@log x$1) [])))) undefined)`),
    );
  });

  it('variables declared in the body are per iteration, not state', () => {
    expect(body('(xs) => { let n = 0; for (const x of xs) { let y = x; y += 1; n += y; } return n; }')).toStrictEqual(
      core(`
      (let n 0
      (let $t1 (%fold xs n (fn ($acc1 x)
                 (let n$1 $acc1 (let y x (let y$1 (%+ y 1) (let n$2 (%+ n$1 y$1) n$2))))))
      (let n$3 $t1 n$3)))`),
    );
  });
});

describe('while → recursion', () => {
  it('is a letrec $loop over the state, tested before the body', () => {
    expect(body('(n) => { let i = 0; while (i < n) { i = i + 1; } return i; }')).toStrictEqual(
      let_(
        'i',
        lit(0),
        letrec(
          [
            {
              name: '$loop1',
              lam: lam(
                ['i$1'],
                ifThenElse(
                  prim('<', [v('i$1'), v('n')]),
                  let_('i$2', prim('+', [v('i$1'), lit(1)]), app(v('$loop1'), [v('i$2')])),
                  v('i$1'),
                ),
                undefined,
                '$loop1',
              ),
            },
          ],
          let_('$t1', app(v('$loop1'), [v('i')]), let_('i$3', v('$t1'), v('i$3'))),
        ),
      ),
    );
  });

  it('x++ adds one to the number value of x', () => {
    expect(body('(n) => { let i = n; i++; return i; }')).toStrictEqual(core('(let i n (let i$1 (%+ (%pos i) 1) i$1))'));
    expect(body('(n) => { let i = n; --i; return i; }')).toStrictEqual(core('(let i n (let i$1 (%- (%pos i) 1) i$1))'));
  });

  it('supports nested loops', () => {
    const t = body(`(n) => {
      let s = 0;
      for (const a of [1, 2]) { let j = 0; while (j < n) { s += a; j++; } }
      return s;
    }`);
    expect(t).toStrictEqual(
      core(`
      (let s 0
      (let $t2 (%fold [1 2] s (fn ($acc1 a)
                 (let s$1 $acc1
                 (let j 0
                 (letrec (($loop1 (fn $loop1 (s$2 j$1)
                            ((%bool (%< j$1 n))
                              (fn () (let s$3 (%+ s$2 a) (let j$2 (%+ (%pos j$1) 1) ($loop1 s$3 j$2))))
                              (fn () [s$2 j$1])))))
                 (let $t1 ($loop1 s$1 j) (let s$4 (proj 0 $t1) (let j$3 (proj 1 $t1) s$4))))))))
      (let s$5 $t2 s$5)))`),
    );
  });
});

describe('C-style for and do…while', () => {
  it('for (let i = 0; i < n; i++) is a while loop over i and the body state', () => {
    expect(body('(n) => { let s = 0; for (let i = 0; i < n; i++) { s += i; } return s; }')).toStrictEqual(
      core(`
      (let s 0 (let i 0
      (letrec (($loop1 (fn $loop1 (i$1 s$1)
                 ((%bool (%< i$1 n))
                   (fn () (let s$2 (%+ s$1 i$1) (let i$2 (%+ (%pos i$1) 1) ($loop1 i$2 s$2))))
                   (fn () [i$1 s$1])))))
      (let $t1 ($loop1 i s) (let i$3 (proj 0 $t1) (let s$3 (proj 1 $t1) s$3))))))`),
    );
  });

  it('the for head variable is not visible after the loop', () => {
    expect(errorOf('(n) => { for (let i = 0; i < n; i++) {} return i; }', new Set()).message).toContain(
      'Unknown name "i"',
    );
  });

  it('for (;;) with an expression init and a sequence update', () => {
    expect(body('(n) => { let i, j; for (i = 0, j = n; i < j; i++, j--) {} return i; }')).toStrictEqual(
      core(`
      (let i undefined (let j undefined
      (let i$1 0 (let j$1 n
      (letrec (($loop1 (fn $loop1 (i$2 j$2)
                 ((%bool (%< i$2 j$2))
                   (fn () (let i$3 (%+ (%pos i$2) 1) (let j$3 (%- (%pos j$2) 1) ($loop1 i$3 j$3))))
                   (fn () [i$2 j$2])))))
      (let $t1 ($loop1 i$1 j$1) (let i$4 (proj 0 $t1) (let j$4 (proj 1 $t1) i$4))))))))`),
    );
  });

  it('do…while tests after the body', () => {
    expect(body('(n) => { let i = 0; do { i += 2; } while (i < n); return i; }')).toStrictEqual(
      core(`
      (let i 0
      (letrec (($loop1 (fn $loop1 (i$1)
                 (let i$2 (%+ i$1 2) ((%bool (%< i$2 n)) (fn () ($loop1 i$2)) (fn () i$2))))))
      (let $t1 ($loop1 i) (let i$3 $t1 i$3))))`),
    );
  });
});

describe('what loops reject', () => {
  const cases: [string, string, string][] = [
    ['(xs) => { for (const x of xs) { break; } }', 'break is not supported inside loops', '1:33'],
    ['(xs) => { for (const x of xs) { continue; } }', 'continue is not supported inside loops', '1:33'],
    ['(xs) => { for (const x of xs) { if (x) return x; } }', 'return is not supported inside loops', '1:40'],
    ['(n) => { while (n) { return 1; } }', 'return is not supported inside loops', '1:22'],
    ['(xs) => { outer: for (const x of xs) {} }', 'labeled statements are not supported', '1:11'],
    ['(xs) => { let x; for (x of xs) {} }', 'a for…of loop must declare its variable', '1:23'],
    ['(o) => { for (const k in o) {} }', 'for…in is not supported; use for (const k of Object.keys(o))', '1:10'],
    ['(xs) => { for (var x of xs) {} }', 'var is not supported; use let or const', '1:16'],
  ];
  it.each(cases)('%s', (text, message, where) => {
    const e = errorOf(text);
    expect(e).toBeInstanceOf(EpicSyntaxError);
    expect(e.message).toContain(message);
    expect(e.message).toContain(`at p:${where}`);
  });

  it('allows return inside a function inside a loop', () => {
    expect(() =>
      tr('(xs) => { let n = 0; for (const x of xs) { const f = (y) => { return y; }; n += f(x); } return n; }'),
    ).not.toThrow();
  });
});
