/**
 * Programs that are long rather than deep translate without growing the JS stack (statement
 * sequences, operator chains, member, call and optional chains), and run; programs nested too
 * deeply for the front end are located `EpicSyntaxError`s, never a RangeError or a crash.
 * (Times are measured by bench/fuzz-frontend.ts and bench/frontend-size.ts, not asserted here.)
 */
import { describe, expect, it } from 'vitest';
import { EpicSyntaxError } from '../../lib/errors.js';
import { program } from '../../lib/program.js';
import { MAX_NESTING } from '../../lib/frontend/nesting.js';
import { errorOf, translate } from './helpers.js';

const h = (a: number): number => a + 1;

/** The function of `source` (a JS function expression) with `h` in scope, so it also runs natively. */
function nativeFn<F>(source: string): F {
  return new Function('h', `return ${source}`)(h) as F;
}

const lines = (n: number, line: (i: number) => string): string =>
  Array.from({ length: n }, (_, i) => line(i)).join('\n');

describe('long programs', () => {
  it('translates and runs a 100,000-statement program, opportunistically and sequentially', async () => {
    const n = 100_000;
    const source = `(x) => {\n${lines(n, (i) => `const c${i} = h(${i === 0 ? 'x' : `c${i - 1}`});`)}\nreturn c${n - 1};\n}`;
    const p = program({ h }, nativeFn<(x: number) => number>(source));
    expect(await p.evaluate(1)).toBe(n + 1);
    expect(await p.with({ strategy: 'sequential' }).evaluate(1)).toBe(n + 1);
  }, 60_000); // a few seconds; generous for a machine whose cores are all busy

  it.each([
    ['1,000 host calls', `(x) => {\n${lines(1000, (i) => `const c${i} = h(${i});`)}\nreturn c999 + x;\n}`, 1],
    ['800 if statements', `(x) => {\nlet a = 0;\n${lines(800, (i) => `if (x > ${i}) a = h(a);`)}\nreturn a;\n}`, 500],
    ['1,200 reassignments', `(x) => {\nlet a = x;\n${lines(1200, () => 'a = h(a);')}\nreturn a;\n}`, 3],
    [
      'a sequence expression of 5,000 calls',
      `(x) => {\nlet a = x;\n${lines(5000, () => 'a = h(a),').slice(0, -1)};\nreturn a;\n}`,
      2,
    ],
    [
      'a destructuring of 5,000 names',
      `(x) => {\nconst [${lines(5000, (i) => `a${i},`)}] = x;\nreturn a4999;\n}`,
      Array.from({ length: 5000 }, (_, i) => i),
    ],
    [
      'a block of 10,000 reassignments in a loop',
      `(x) => {\nlet a = 0;\nfor (const y of x) {\n${lines(10_000, () => 'a = a + y;')}\n}\nreturn a;\n}`,
      [1, 2],
    ],
  ])('%s agrees with JS under both strategies', async (_, source, arg) => {
    const fn = nativeFn<(x: unknown) => unknown>(source);
    const p = program({ h }, fn);
    expect(await p.evaluate(arg)).toEqual(fn(arg));
    expect(await p.with({ strategy: 'sequential' }).evaluate(arg)).toEqual(fn(arg));
  });

  const cyclic: { a?: unknown } = {};
  cyclic.a = cyclic;

  // JS itself overflows the stack running the longest of these, so the expected values are given.
  it.each([
    ['a 4,000-term + chain', `(x) => ${Array.from({ length: 4000 }, (_, i) => `${i % 7}`).join(' + ')}`, 0, 11_994],
    [
      'a 4,000-term || chain',
      `(x) => ${Array.from({ length: 4000 }, (_, i) => (i === 3999 ? '"last"' : 'x')).join(' || ')}`,
      0,
      'last',
    ],
    ['a 100,000-link member chain', `(x) => x${'.a'.repeat(100_000)}`, cyclic, cyclic],
    ['a 50,000-call method chain', `(x) => x${'.trim()'.repeat(50_000)}`, ' s ', 's'],
    ['a 50,000-call call chain', `(x) => x${'(1)'.repeat(50_000)}`, 'self', 'self'],
  ])(
    '%s translates in a loop and runs under both strategies (left chains are cut into lets every 64 links, spine.ts)',
    async (_, source, arg, expected) => {
      const self = (): unknown => self;
      const p = program({ h }, nativeFn<(x: unknown) => unknown>(source));
      for (const strategy of ['opportunistic', 'sequential'] as const) {
        const result = await p.with({ strategy }).evaluate(arg === 'self' ? self : arg);
        expect(result, strategy).toBe(expected === 'self' ? self : expected);
      }
    },
  );

  it.each(['opportunistic', 'sequential'] as const)(
    'a 2,000-link optional chain translates to a let chain (a segment per ?. link) and runs (%s)',
    async (strategy) => {
      const p = program({ h }, nativeFn<(x: unknown) => unknown>(`(x) => x${'?.a'.repeat(2000)}`), { strategy });
      let deep: unknown = 7;
      for (let i = 0; i < 2000; i++) deep = { a: deep };
      expect(await p.evaluate(deep)).toBe(7);
      expect(await p.evaluate({ a: { a: null } })).toBeUndefined();
      const plain = program({ h }, nativeFn<(x: unknown) => unknown>(`(x) => x?.b${'.a'.repeat(2000)}`), { strategy });
      let inner: unknown = 'end';
      for (let i = 0; i < 2000; i++) inner = { a: inner };
      expect(await plain.evaluate({ b: inner })).toBe('end');
      expect(await plain.evaluate(null)).toBeUndefined();
    },
  );
});

describe('programs nested too deeply', () => {
  it.each([
    ['10,000 nested parentheses', `(x) => ${'('.repeat(10_000)}x${')'.repeat(10_000)}`],
    ['10,000 nested functions', `(x) => ${'() => '.repeat(10_000)}x`],
    [
      'a 20,000-deep else-if chain',
      `(x) => {\n${lines(20_000, (i) => `if (x === ${i}) { h(${i}); } else`)}\n{ h(0); }\n}`,
    ],
  ])('%s: acorn runs out of stack, reported as a located EpicSyntaxError', (_, source) => {
    const e = errorOf(source, new Set(['h']));
    expect(e).toBeInstanceOf(EpicSyntaxError);
    expect(e.message).toMatch(/^The program is too deeply nested to parse .*\n {2}at p:\d+:\d+\n/);
  });

  it(`rejects more than ${MAX_NESTING} levels at the first level too many`, () => {
    const depth = MAX_NESTING + 50;
    // The body is level 1; the call on line k + 1 is level k.
    const e = errorOf(`(x) =>\n${lines(depth, () => 'h(')}x${')'.repeat(depth)}`, new Set(['h']));
    expect(e).toBeInstanceOf(EpicSyntaxError);
    expect(e.message).toMatch(
      new RegExp(
        `^The program is too deeply nested \\(more than ${MAX_NESTING} levels .*\\n {2}at p:${MAX_NESTING + 2}:1\\n`,
      ),
    );
  });

  it(`translates ${MAX_NESTING - 10} levels`, () => {
    const depth = MAX_NESTING - 10;
    expect(() => translate(`(x) => ${'h('.repeat(depth)}x${')'.repeat(depth)}`, new Set(['h']))).not.toThrow();
  });
});
