import { describe, expect, it } from 'vitest';
import { EpicSyntaxError, EpicUnboundNameError } from '../../lib/errors.js';
import { app, host, lam, let_, lit, prim, v } from '../../lib/terms/term.js';
import { core, errorOf, tr } from './helpers.js';

const expr = (text: string) => {
  const t = tr(`(a, b, xs, s) => ${text}`);
  if (t.kind !== 'Lam') throw new Error('not a Lam');
  return t.body;
};

describe('calls', () => {
  it('a host call is an App of the Host', () => {
    expect(expr('judge(a, b)')).toStrictEqual(app(host('judge'), [v('a'), v('b')]));
  });

  it('a call of a local or of a call result is an App', () => {
    expect(expr('((x) => x)(a)')).toStrictEqual(app(lam(['x'], v('x')), [v('a')]));
    expect(expr('f(a)(b)')).toStrictEqual(app(app(host('f'), [v('a')]), [v('b')]));
  });

  it('pads a call of a known local function with undefined, and drops (but evaluates) extra arguments', () => {
    expect(tr('(a) => { const add = (x, y) => x + y; return add(a); }')).toStrictEqual(
      core(`
      (fn p (a) (let add (fn add (x y) (%+ x y)) (add a undefined)))`),
    );
    expect(tr('(a) => { function one(x) { return x; } return one(a, f(a)); }')).toStrictEqual(
      core(`
      (fn p (a) (letrec ((one (fn one (x) x))) (let $_1 (@f a) (one a))))`),
    );
  });

  it('rejects spread arguments', () => {
    expect(errorOf('(xs) => f(...xs)').message).toContain('spread arguments f(...xs) are not supported');
  });
});

describe('array methods with callbacks', () => {
  it('map and filter are prims', () => {
    expect(expr('xs.map((x) => judge(x))')).toStrictEqual(
      prim('map', [v('xs'), lam(['x'], app(host('judge'), [v('x')]))]),
    );
    expect(expr('xs.filter(judge)')).toStrictEqual(prim('filter', [v('xs'), host('judge')]));
    expect(expr('xs.map((x, i) => i)')).toStrictEqual(prim('map', [v('xs'), lam(['x', 'i'], v('i'))]));
  });

  it('reduce with an initial value is fold(xs, init, f)', () => {
    expect(expr('xs.reduce((acc, x) => acc + x, 0)')).toStrictEqual(
      prim('fold', [v('xs'), lit(0), lam(['acc', 'x'], prim('+', [v('acc'), v('x')]))]),
    );
  });

  it('reduce without one folds the rest over the first element (get: an error on an empty array)', () => {
    expect(expr('xs.reduce((m, x) => m > x ? m : x)')).toStrictEqual(
      core(`
      (%fold (%method xs "slice" 1) (%get xs 0) (fn (m x) ((%bool (%> m x)) (fn () m) (fn () x))))`),
    );
    expect(expr('f(xs).reduce((m, x) => m + x)')).toStrictEqual(
      core(`
      (let $t1 (@f xs) (%fold (%method $t1 "slice" 1) (%get $t1 0) (fn (m x) (%+ m x))))`),
    );
  });

  it('reduce without an initial value rejects callbacks that would see shifted indexes', () => {
    expect(errorOf('(xs) => xs.reduce((m, x, i) => m + i)').message).toContain(
      'reduce() without an initial value needs a callback',
    );
    expect(errorOf('(xs) => xs.reduce(f)').message).toContain('pass the initial value');
  });

  it('forEach maps for the calls and gives undefined', () => {
    expect(expr('xs.forEach((x) => log(x))')).toStrictEqual(
      let_('$t1', prim('map', [v('xs'), lam(['x'], app(host('log'), [v('x')]))]), lit(undefined)),
    );
  });

  it('rejects a thisArg and missing callbacks', () => {
    expect(errorOf('(xs) => xs.map(f, xs)').message).toContain(
      'map() takes one callback here (a thisArg is not supported)',
    );
    expect(errorOf('(xs) => xs.filter()').message).toContain('filter() takes one callback here');
  });

  it('rejects early-exit callback methods, with the alternative', () => {
    expect(errorOf('(xs) => xs.some(f)').message).toContain(
      'some() is not supported (it may stop calling its callback early',
    );
    expect(errorOf('(xs) => xs.find(f)').message).toContain('use xs.filter(f).at(0)');
  });

  it('rejects reduceRight with the alternative, and no claim that it stops early', () => {
    const { message } = errorOf('(xs) => xs.reduceRight((a, b) => a + b, 0)');
    expect(message).toMatch(/^reduceRight\(\) is not supported; use xs\.toReversed\(\)\.reduce\(f, init\)\n/);
  });

  it('rejects mutating methods with their hint', () => {
    const e = errorOf('(xs) => { xs.push(1); return xs; }');
    expect(e).toBeInstanceOf(EpicSyntaxError);
    expect(e.message).toBe(
      'push() mutates the array and is not supported; use [...xs, x]\n' +
        '  at p:1:14\n1 | (xs) => { xs.push(1); return xs; }\n  |              ^',
    );
    expect(errorOf('(xs) => xs.sort()').message).toContain('use xs.toSorted()');
  });
});

describe('pure methods', () => {
  it('string, array and number methods are the method prim', () => {
    expect(expr('s.trim().split(",")')).toStrictEqual(
      prim('method', [prim('method', [v('s'), lit('trim')]), lit('split'), lit(',')]),
    );
    expect(expr('xs.slice(1, -1).join(a)')).toStrictEqual(
      prim('method', [prim('method', [v('xs'), lit('slice'), lit(1), prim('neg', [lit(1)])]), lit('join'), v('a')]),
    );
    expect(expr('a.toFixed(2)')).toStrictEqual(prim('method', [v('a'), lit('toFixed'), lit(2)]));
    expect(expr('s["includes"](a)')).toStrictEqual(prim('method', [v('s'), lit('includes'), v('a')]));
  });

  it('rejects unknown methods, naming them', () => {
    expect(errorOf('(o) => o.frobnicate(1)').message).toContain('The method frobnicate() is not supported');
  });

  it('rejects a method of a host value, suggesting a host of its own', () => {
    expect(errorOf('(x) => judge.score(x)').message).toContain(
      'Calling a method of the host value judge is not supported; pass the method as a host of its own',
    );
  });

  it('rejects function arguments to pure methods', () => {
    expect(errorOf('(xs) => xs.toSorted((p, q) => p - q)').message).toContain(
      'Passing a function to toSorted() is not supported',
    );
  });
});

describe('globals', () => {
  it('pure global functions are the global prim with the dotted name', () => {
    expect(expr('Math.max(a, b)')).toStrictEqual(prim('global', [lit('Math.max'), v('a'), v('b')]));
    expect(expr('JSON.stringify(xs)')).toStrictEqual(prim('global', [lit('JSON.stringify'), v('xs')]));
    expect(expr('Object.keys(a)')).toStrictEqual(prim('global', [lit('Object.keys'), v('a')]));
    expect(expr('parseInt(s, 10)')).toStrictEqual(prim('global', [lit('parseInt'), v('s'), lit(10)]));
    expect(expr('String(a)')).toStrictEqual(prim('global', [lit('String'), v('a')]));
  });

  it('String, Number and Boolean may be passed as one-argument functions', () => {
    expect(expr('xs.map(Number)')).toStrictEqual(
      prim('map', [v('xs'), lam(['$x1'], prim('global', [lit('Number'), v('$x1')]), undefined, 'Number')]),
    );
  });

  it('a host or a local shadows a global', () => {
    expect(errorOf('(a) => Math.max(a)', new Set(['Math'])).message).toContain(
      'Calling a method of the host value Math',
    );
    expect(tr('(String) => String(1)', new Set())).toStrictEqual(core('(fn p (String) (String 1))'));
  });

  it('rejects impure and unknown globals, and bare namespaces, saying why', () => {
    expect(errorOf('() => Math.random()').message).toContain(
      'Math.random is not pure (each call differs); pass a host function',
    );
    expect(errorOf('() => Math.fancy(1)').message).toContain('Math.fancy is not a supported global');
    expect(errorOf('() => Math').message).toContain('Math can only be used through its members, e.g. Math.max(a, b)');
    expect(errorOf('(xs) => xs.map(Math.sqrt)').message).toContain('Math.sqrt can only be called directly');
    expect(errorOf('(xs) => xs.map(parseInt)').message).toContain('parseInt can only be called directly');
  });

  it('console, Date and fetch are unknown names with a hint', () => {
    const e = errorOf('(x) => { console.log(x); }');
    expect(e).toBeInstanceOf(EpicUnboundNameError);
    expect(e.message).toContain('Unknown name "console"');
    expect(e.message).toContain('pass a logging function as a host');
    expect(errorOf('() => Date.now()').message).toContain('Date reads the clock');
    expect(errorOf('(u) => fetch(u)').message).toContain('pass a host function that fetches');
  });
});
