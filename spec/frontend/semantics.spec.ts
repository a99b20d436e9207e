/**
 * End to end: small JS programs run through `program()` under both strategies give what the
 * same JS function gives when called directly, and make the same multiset of host calls.
 * The hosts are module-level functions, so each program function can also run as plain JS.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { program, type Strategy } from '../../lib/program.js';

const log: string[] = [];
const record = (name: string, args: readonly unknown[]): void => {
  log.push(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`);
};

function propose(s: string): string[] {
  record('propose', [s]);
  return [`${s}a`, `${s}bb`, `${s}ccc`];
}
function judge(s: string): number {
  record('judge', [s]);
  return (s.length * 7) % 5;
}
function expensive(x: unknown): string {
  record('expensive', [x]);
  return `costly ${String(x)}`;
}
function best(xs: readonly string[], scores: readonly number[]): string {
  record('best', [xs, scores]);
  return xs[scores.indexOf(Math.max(...scores))] ?? '';
}
function double(n: number): number {
  record('double', [n]);
  return n * 2;
}
function isGood(n: number): boolean {
  record('isGood', [n]);
  return n % 3 !== 0;
}
function lookup(k: string): { name: string; tags?: string[] } | null {
  record('lookup', [k]);
  return k === 'none' ? null : k === 'bare' ? { name: k } : { name: k, tags: [k, 'x'] };
}

const HOSTS = { propose, judge, expensive, best, double, isGood, lookup };
const STRATEGIES: Strategy[] = ['opportunistic', 'sequential'];

/** Runs `fn` directly and through both strategies; expects equal results and call multisets. */
async function agree<A extends unknown[], R>(
  fn: (...args: A) => R,
  ...args: A
): Promise<{ result: R; calls: string[] }> {
  log.length = 0;
  const expected = fn(...args);
  const expectedCalls = [...log].sort();
  for (const strategy of STRATEGIES) {
    log.length = 0;
    const got = await program(HOSTS, fn as (...a: unknown[]) => R, { strategy }).evaluate(...args);
    expect(got, strategy).toEqual(expected);
    expect([...log].sort(), `${strategy} calls`).toEqual(expectedCalls);
  }
  return { result: expected, calls: expectedCalls };
}

describe('programs agree with plain JS under both strategies', () => {
  it('the example: propose, judge each, pick the best', async () => {
    const { result, calls } = await agree((puzzle: string) => {
      const ideas = propose(puzzle);
      const scores = ideas.map((i) => judge(i));
      return best(ideas, scores);
    }, 'p');
    expect(result).toBe('pa');
    expect(calls).toHaveLength(5);
  });

  it('for…of, while, C-style for and do…while with loop state', async () => {
    await agree((n: number) => {
      let total = 0;
      for (const x of [1, 2, 3]) {
        total += double(x);
      }
      let i = 0;
      let product = 1;
      while (i < n) {
        product *= i + 1;
        i++;
      }
      let s = '';
      for (let k = 0; k < 3; k++) {
        s = `${s}${k}`;
      }
      let d = 0;
      do {
        d += 5;
      } while (d < n);
      return [total, product, s, d, i];
    }, 4);
  });

  it('nested loops and ifs inside loops', async () => {
    await agree(
      (xs: number[]) => {
        let good = 0;
        let bad = 0;
        const pairs: number[][] = [];
        let seen: number[] = [];
        for (const x of xs) {
          if (isGood(x)) {
            good += x;
          } else {
            bad += 1;
          }
          for (const y of [1, 2]) {
            seen = [...seen, x * y];
          }
          pairs.length;
        }
        return { good, bad, seen, n: pairs.length };
      },
      [1, 2, 3, 4, 5, 6],
    );
  });

  it('SSA: reassignment in branches, blocks and shadowing', async () => {
    await agree((a: number) => {
      let x = a;
      if (x > 2) {
        x = x * 10;
      } else if (x > 1) {
        x = -x;
      }
      const y = x;
      {
        const x = 100;
        x.toFixed(0);
      }
      let z = 0;
      z = x + 1;
      [x, z] = [z, x];
      x += 1;
      return [x, y, z];
    }, 3);
  });

  it('early returns from nested ifs and blocks', async () => {
    const fn = (n: number): string => {
      if (n < 0) return 'negative';
      const d = double(n);
      if (d > 10) {
        if (d > 100) {
          return 'huge';
        }
        const g = isGood(d);
        if (g) return `big ${d}`;
      }
      let label = 'small';
      if (n === 0) label = 'zero';
      return label;
    };
    for (const n of [-1, 0, 2, 7, 9, 60]) await agree(fn, n);
  });

  it('short-circuit: the side not needed makes no host call', async () => {
    const fn = (a: string, b: number) => {
      const p = judge(a) > 100 && expensive('and');
      const q = judge(a) >= 0 || expensive('or');
      const r = lookup(a) ?? expensive('nullish');
      const s = b > 0 ? double(b) : expensive('ternary');
      const t = lookup('none') ?? 'fallback';
      return [p, q, r, s, t];
    };
    const { calls } = await agree(fn, 'abc', 2);
    expect(calls.filter((c) => c.startsWith('expensive'))).toEqual([]);
    const both = await agree(fn, 'abc', -1);
    expect(both.calls.filter((c) => c.startsWith('expensive'))).toEqual(['expensive("ternary")']);
  });

  it('map, flatMap, filter, reduce and forEach', async () => {
    await agree(
      (xs: number[]) => {
        const doubled = xs.map((x) => double(x));
        const good = xs.filter((x) => isGood(x));
        const sum = doubled.reduce((acc, x) => acc + x, 0);
        const max = xs.reduce((m, x) => Math.max(m, x));
        const indexed = xs.map((x, i) => x * i);
        xs.forEach((x) => {
          double(x + 100);
        });
        const spread = xs.flatMap((x, i) => [x, double(i)]);
        const oneLevel = xs.flatMap((x) => [[x], x]);
        return { doubled, good, sum, max, indexed, spread, oneLevel };
      },
      [3, 1, 4, 1, 5],
    );
  });

  it('destructuring and defaults', async () => {
    await agree(
      (pairs: [[number, number], [number, number]], o: { a: number; b?: number; c: { d: string } }) => {
        const [[p, q], second = [0, 0]] = pairs;
        const {
          a,
          b = double(a),
          c: { d },
        } = o;
        let total = 0;
        for (const [x, y] of pairs) total += x * y;
        return [p, q, second, a, b, d, total];
      },
      [
        [1, 2],
        [3, 4],
      ],
      { a: 5, c: { d: 'deep' } },
    );
  });

  it('optional chains skip every link after a nullish object, computed keys and their calls included', async () => {
    for (const name of ['none', 'bare', 'k']) {
      await agree((n: string) => {
        const who = lookup(n);
        return [
          who?.tags?.[double(1) - 2]?.length,
          who?.name.length,
          who?.tags?.[isGood(2) ? 1 : 0]?.length,
          lookup(n)?.[expensive(n) ? 'name' : 'tags']?.length,
        ];
      }, name);
    }
  });

  it('templates, objects, spreads, optional chaining, string and global functions', async () => {
    await agree(
      (name: string, xs: number[]) => {
        const who = lookup(name);
        const none = lookup('none');
        const bare = lookup('bare');
        const base = { name, count: xs.length };
        const more = { ...base, extra: true, count: 0 };
        const all = [...xs, 10, ...[20, 30]];
        const tags = bare?.tags;
        const first = who?.tags?.[0];
        const nested = none?.name.length;
        return [
          `${name}: ${xs.join('+')} = ${xs.reduce((s, x) => s + x, 0)}`,
          more,
          all,
          tags,
          first,
          nested,
          Math.max(1, xs[1]!) + Math.min(xs[0]!, 2),
          JSON.stringify(base),
          name.toUpperCase().padStart(6, '*'),
          Object.keys(more),
          String(42),
          typeof name,
        ];
      },
      'bob',
      [1, 2, 3],
    );
  });

  it('closures and recursion', async () => {
    await agree((n: number) => {
      const add = (k: number) => (x: number) => x + k;
      const add3 = add(3);
      const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
      function isEven(k: number): boolean {
        return k === 0 ? true : isOdd(k - 1);
      }
      function isOdd(k: number): boolean {
        return k === 0 ? false : isEven(k - 1);
      }
      let count = 0;
      count += 2;
      const snapshot = () => count;
      const fib = function f(k: number): number {
        return k < 2 ? k : f(k - 1) + f(k - 2);
      };
      return [add3(n), fact(n), isEven(n), isOdd(n), snapshot(), fib(n), ((y: number) => y * 2)(n)];
    }, 6);
  });

  it('closures capturing loop variables see their own iteration', async () => {
    await agree((n: number) => {
      let fs: (() => number)[] = [];
      for (let i = 0; i < n; i++) {
        fs = [...fs, () => double(i)];
      }
      for (const x of [10, 20]) {
        fs = [...fs, () => x];
      }
      return fs.map((f) => f());
    }, 3);
  });

  it('calls with fewer arguments than parameters get undefined (and defaults)', async () => {
    await agree((a: number) => {
      const f = (x: number, y?: number) => (y === undefined ? x : x + y);
      const g = (x: number, y = 10) => x + y;
      return [f(a), f(a, 1), g(a), g(a, 1)];
    }, 5);
  });
});

describe('a property: random inputs', () => {
  it('a program with loops, early return and short-circuits agrees with JS on random arrays', async () => {
    const fn = (xs: number[], limit: number) => {
      if (xs.length === 0) return 'empty';
      let acc = 0;
      let kept: number[] = [];
      for (const x of xs) {
        if (x > limit && isGood(x)) {
          kept = [...kept, x];
        } else {
          acc += x;
        }
      }
      let i = 0;
      while (i < kept.length && acc < 100) {
        acc += kept[i]!;
        i++;
      }
      if (acc < 0) {
        return -acc;
      }
      return { acc, kept, i };
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 8 }),
        fc.integer({ min: -5, max: 5 }),
        async (xs, limit) => {
          await agree(fn, xs, limit);
        },
      ),
      { numRuns: 40 },
    );
  });
});
