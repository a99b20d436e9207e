import { describe, expect, it } from 'vitest';
import { EpicSyntaxError } from '../../lib/errors.js';
import { core, errorOf, tr } from './helpers.js';

describe('closures and SSA', () => {
  it('a closure captures the current version of a variable that is not reassigned later', () => {
    expect(tr('(x) => { let a = x; a = a + 1; const get = () => a; return get(); }')).toStrictEqual(
      core(`
      (fn p (x) (let a x (let a$1 (%+ a 1) (let get (fn get () a$1) (get)))))`),
    );
  });

  it('rejects a reassignment after the closure captured the variable', () => {
    const e = errorOf('(x) => {\n  let a = x;\n  const get = () => a;\n  a = 2;\n  return get();\n}');
    expect(e).toBeInstanceOf(EpicSyntaxError);
    expect(e.message).toBe(
      'a is reassigned after the function at 3:15 captures it; copy it to a const before the function ' +
        '(const aNow = a) and use that\n  at p:4:3\n4 |   a = 2;\n  |   ^',
    );
  });

  it('rejects a reassignment in a loop around the closure', () => {
    const e = errorOf(
      '(xs) => { let n = 0; let fs = []; for (const x of xs) { n += 1; fs = [...fs, () => n]; } return fs; }',
    );
    expect(e.message).toContain(
      'n is reassigned in the loop at 1:35, which also creates the function at 1:78 that captures it',
    );
  });

  it('rejects assigning an outer variable inside a closure, suggesting reduce or for…of', () => {
    const e = errorOf('(xs) => { let total = 0; xs.forEach((x) => { total += x; }); return total; }');
    expect(e.message).toContain('Cannot assign to total inside a nested function');
    expect(e.message).toContain('use reduce or for…of');
  });

  it('a for (let i …) head variable is per iteration: closures in the body are fine', () => {
    expect(() =>
      tr('(n) => { let fs = []; for (let i = 0; i < n; i++) { fs = [...fs, () => i]; } return fs; }'),
    ).not.toThrow();
  });

  it('a let declared in a loop body is per iteration', () => {
    expect(() =>
      tr('(xs) => { let fs = []; for (const x of xs) { let y = x; y += 1; fs = [...fs, () => y]; } return fs; }'),
    ).not.toThrow();
    expect(errorOf('(xs) => { for (const x of xs) { let y = x; const g = () => y; y += 1; } }').message).toContain(
      'y is reassigned after the function',
    );
  });

  it('callbacks run at once by map/filter/reduce/forEach may capture a variable reassigned later', () => {
    expect(
      tr(`(xs) => {
      let best = 0;
      for (const round of [1, 2]) {
        const scored = xs.map((x) => judge(x, best));
        best = scored.reduce((m, s) => m > s + best ? m : s, best);
      }
      return best;
    }`).kind,
    ).toBe('Lam');
  });

  it('…but a closure they create is checked', () => {
    expect(errorOf('(xs) => { let a = 0; const fs = xs.map((x) => () => a); a = 1; return fs; }').message).toContain(
      'a is reassigned after the function',
    );
  });

  it('a function declaration is placed after the assignments to what it captures', () => {
    expect(tr('(x) => { let a = x; function get() { return a; } a = 2; return get(); }')).toStrictEqual(
      core(`
      (fn p (x) (let a x (let a$1 2 (letrec ((get (fn get () a$1))) (get)))))`),
    );
    expect(
      errorOf('(xs) => { let a = 0; function get() { return a; } for (const x of xs) { a = get() + x; } return a; }')
        .message,
    ).toContain('The function get is used before it can be defined: it refers to a, which is assigned later');
    expect(tr('(x) => { let a = x; a = 2; function get() { return a; } return get(); }')).toStrictEqual(
      core(`
      (fn p (x) (let a x (let a$1 2 (letrec ((get (fn get () a$1))) (get)))))`),
    );
    expect(tr('(x) => { let a = x; a = 2; const get = () => a; return get(); }').kind).toBe('Lam');
  });

  it('a closure that escapes from a reassigned parameter is checked too', () => {
    expect(errorOf('(x) => { const g = () => x; x = 1; return g(); }').message).toContain(
      'x is reassigned after the function',
    );
  });
});
