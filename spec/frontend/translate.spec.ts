import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EpicSyntaxError, EpicUnboundNameError } from '../../lib/errors.js';
import { app, host, lam, lit, prim, v, type Term } from '../../lib/terms/term.js';
import { withoutLocs } from '../../lib/terms/locs.js';
import { core, errorOf, subterms, tr, translate } from './helpers.js';

const propose = (s: string): string[] => [s, `${s}!`];
const judge = (s: string): number => s.length;
const best = (xs: string[], ys: number[]): string => xs[ys.indexOf(Math.max(...ys))] ?? '';
const HOSTS = new Set(['propose', 'judge', 'best']);

describe('translateFunction', () => {
  it('translates the example program into a Lam whose params are the function params', () => {
    const t = tr(
      `(puzzle) => {
      const ideas = propose(puzzle);
      const scores = ideas.map((i) => judge(i));
      return best(ideas, scores);
    }`,
      HOSTS,
    );
    expect(t).toStrictEqual(
      lam(
        ['puzzle'],
        {
          kind: 'Let',
          name: 'ideas',
          value: app(host('propose'), [v('puzzle')]),
          body: {
            kind: 'Let',
            name: 'scores',
            value: prim('map', [v('ideas'), lam(['i'], app(host('judge'), [v('i')]))]),
            body: app(host('best'), [v('ideas'), v('scores')]),
          },
        },
        undefined,
        'p',
      ),
    );
  });

  it('names the Lam after the function, else after the program', () => {
    expect(translate('function solve(x) { return x; }').name).toBe('solve');
    expect(translate('meth(x) { return x; }').name).toBe('meth');
    expect(translate('(x) => x').name).toBe('p');
  });

  it('accepts every shape of function text', () => {
    expect(tr('x => x')).toStrictEqual(core('(fn p (x) x)'));
    expect(tr('(a, b) => a')).toStrictEqual(core('(fn p (a b) a)'));
    expect(tr('function (a) { return a; }'.replace('function (', 'function('))).toStrictEqual(core('(fn p (a) a)'));
    expect(tr('function decl(a) { return a; }')).toStrictEqual(core('(fn decl (a) a)'));
    expect(tr('meth(a) { return a; }')).toStrictEqual(core('(fn meth (a) a)'));
    expect(tr('() => {}')).toStrictEqual(core('(fn p () undefined)'));
  });

  it('wraps a named function that calls itself so the result is still a Lam', () => {
    const t = translate('function count(n) { return n <= 0 ? 0 : 1 + count(n - 1); }');
    expect(t.kind).toBe('Lam');
    expect(t.params).toHaveLength(1);
    expect(withoutLocs(t)).toStrictEqual(
      core(`(fn count ($arg1)
      ((letrec ((count (fn count (n) ((%bool (%<= n 0)) (fn () 0) (fn () (%+ 1 (count (%- n 1)))))))) count) $arg1))`),
    );
  });

  it('puts a location on every App, Prim, Lam, Let, Host and Var', () => {
    const t = translate(
      `(puzzle) => {
      let n = 0;
      for (const x of propose(puzzle)) { n += judge(x); }
      if (n > 3) { n = n - 1; }
      return n > 0 && best([puzzle], [n]);
    }`,
      HOSTS,
    );
    const kinds = new Set(['App', 'Prim', 'Lam', 'Let', 'Host', 'Var']);
    const unlocated = subterms(t).filter((s: Term) => kinds.has(s.kind) && !s.loc);
    expect(unlocated).toEqual([]);
  });

  it('locates constructs by 1-based line and column of the text, with the source', () => {
    const text = '(x) => {\n  const y = judge(x);\n  return y;\n}';
    const t = translate(text, HOSTS, 'demo.ts:3');
    const call = subterms(t).find((s) => s.kind === 'App');
    expect(call?.loc).toMatchObject({ line: 2, column: 13, source: { name: 'p', body: text, origin: 'demo.ts:3' } });
    const first = subterms(translate('x => judge(x)', HOSTS)).find((s) => s.kind === 'App');
    expect(first?.loc).toMatchObject({ line: 1, column: 6 });
  });

  it('corrects line-1 columns for the method wrapping', () => {
    const t = translate('meth(x) { return judge(x); }', HOSTS);
    const call = subterms(t).find((s) => s.kind === 'App');
    expect(call?.loc).toMatchObject({ line: 1, column: 18 });
  });
});

describe('sources as loaders produce them', () => {
  it('accepts what vitest gives for a function in this file (fn.toString())', () => {
    const fn = (puzzle: string): string => {
      const ideas = propose(puzzle);
      const bump = (y: number): number => y + 1;
      const scores = ideas.map((i) => bump(judge(i)));
      return best(ideas, scores);
    };
    expect(tr(fn.toString(), HOSTS)).toStrictEqual(
      core(`(fn p (puzzle)
      (let ideas (@propose puzzle)
      (let bump (fn bump (y) (%+ y 1))
      (let scores (%map ideas (fn (i) (bump (@judge i))))
      (@best ideas scores)))))`),
    );
  });

  it('accepts the tsx form: minified, __name wrappers, __name statements after declarations', () => {
    const text = 'x=>{const f=__name(y=>y+1,"f");function g(z){return z*2}__name(g,"g");return f(g(x))}';
    expect(tr(text, new Set())).toStrictEqual(
      core(`(fn p (x)
      (letrec ((g (fn g (z) (%* z 2)))) (let f (fn f (y) (%+ y 1)) (f (g x)))))`),
    );
  });

  it('keeps __name when the program defines it or it is a host', () => {
    expect(tr('(x) => __name(x, "a")', new Set(['__name']))).toStrictEqual(core('(fn p (x) (@__name x "a"))'));
  });

  it('resolves loader-rewritten imports to hosts: vitest (0,__vite_ssr_import_1__.f)(x), tsx CJS import_m.f', () => {
    expect(tr('(p) => (0,__vite_ssr_import_1__.propose)(p)', HOSTS)).toStrictEqual(core('(fn p (p) (@propose p))'));
    expect(tr('(p) => { const j = __vite_ssr_import_2__.judge; return j(p); }', HOSTS)).toStrictEqual(
      core('(fn p (p) (let j @judge (j p)))'),
    );
    expect(tr('p=>(0,import_hosts.best)(p)', HOSTS)).toStrictEqual(core('(fn p (p) (@best p))'));
  });

  it('says an imported name that is not a host must be passed in the host object', () => {
    const e = errorOf('(p) => (0,__vite_ssr_import_1__.helper)(p)', HOSTS);
    expect(e).toBeInstanceOf(EpicUnboundNameError);
    expect(e.message).toContain('Unknown name "helper"');
    expect(e.message).toContain('it is imported into the module');
    expect(e.message).toContain('program({ helper, … }, …)');
  });

  it('translates what tsx really produces (runs a fixture under tsx)', () => {
    const fixture = fileURLToPath(new URL('./fixtures/tsx-source.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', fixture], { encoding: 'utf8' });
    const [first, second] = JSON.parse(out) as string[];
    expect(first).toContain('__name(');
    expect(tr(first!, HOSTS)).toStrictEqual(
      core(`(fn p (puzzle)
      (letrec ((twice (fn twice (z) (%* z 2))))
      (let ideas (@propose puzzle)
      (let bump (fn bump (y) (%+ y 1))
      (let scores (%map ideas (fn (i) (bump (twice (@judge i)))))
      (@best ideas scores))))))`),
    );
    expect(tr(second!, HOSTS)).toStrictEqual(
      core(`(fn named (a)
      (let inner (fn inner (q) (%+ q a)) (inner 1)))`),
    );
  });
});

describe('parse errors', () => {
  it('are EpicSyntaxErrors at the location in the text, with excerpt and caret', () => {
    const e = errorOf('(x) => {\n  const y = ;\n}');
    expect(e).toBeInstanceOf(EpicSyntaxError);
    expect(e.message).toBe(
      'Cannot parse the program: Unexpected token\n  at p:2:13\n2 |   const y = ;\n  |             ^',
    );
  });

  it('report line-1 columns of the text, not of the wrapping', () => {
    const e = errorOf('x => x +* 2');
    expect(e.message).toContain('at p:1:9');
    expect(e.message).toContain('1 | x => x +* 2\n  |         ^');
  });

  it('name the origin when it is known', () => {
    let e: unknown;
    try {
      translate('x => (', new Set(), 'demo.ts:7');
    } catch (error) {
      e = error;
    }
    expect((e as Error).message).toContain('at p:1:7 (defined at demo.ts:7)');
  });

  it('reject text that is not a function', () => {
    expect(errorOf('42').message).toContain('Expected a function');
    expect(errorOf('get x() { return 1; }').message).toContain('Expected a function');
  });

  it('window the excerpt of a long minified line around the column', () => {
    const text = `x=>{${Array.from({ length: 20 }, (_, i) => `const a${i}=1;`).join('')}return nope}`;
    const e = errorOf(text);
    expect(e).toBeInstanceOf(EpicUnboundNameError);
    expect(e.message).toMatch(/\n1 \| …[^\n]*return nope\}\n {2}\| +\^$/);
  });
});

describe('determinism', () => {
  it('gives the same term for the same text', () => {
    const text = '(x) => { let a = 0; for (const y of x) { a += y; } return a; }';
    expect(tr(text)).toStrictEqual(tr(text));
    expect(lit(1)).toStrictEqual(lit(1));
  });
});
