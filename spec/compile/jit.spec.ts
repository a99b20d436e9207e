/**
 * Lambda bodies compiled to JS source (lib/compile/jit.ts): the same results as plain JS and as
 * the sequential evaluator, in the cases the generated code treats specially — operands and
 * conditions still pending, a self tail call looping in place (with and without reusing its
 * frame), literals JS parses specially, and bodies too big to generate.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { external, program } from '../../lib/index.js';

const later = external(async (x: number): Promise<number> => x);

/** Runs `fn` as a program both ways and as plain JS (with `h` the identity) and expects all three equal. */
async function agree<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): Promise<unknown> {
  type Loose = { evaluate(...a: unknown[]): Promise<unknown>; with(o: { strategy: 'sequential' }): Loose };
  const p = program({ h: later }, fn as never, { name: 'jit' }) as unknown as Loose;
  const plain = fn(...args);
  const got = await p.evaluate(...args);
  expect(got).toEqual(plain);
  expect(await p.with({ strategy: 'sequential' }).evaluate(...args)).toEqual(plain);
  return got;
}

/** What `h` is to plain JS. */
const h = (x: number): number => x;

describe('generated code for lambda bodies', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('loops on a condition that waits on a host call', async () => {
    expect(
      await agree((n: number) => {
        let i = 0;
        while (h(i) < n) i = i + 1;
        return i;
      }, 50),
    ).toBe(50);
  });

  it("reuses a loop's frame only when nothing kept it: pending sums, and closures made per iteration", async () => {
    expect(
      await agree((n: number) => {
        let s = 0;
        let i = 0;
        while (i < n) {
          s = s + h(i) * 2;
          i = i + 1;
        }
        return s;
      }, 200),
    ).toBe(39800);
    expect(
      await agree((n: number) => {
        let fs: any = null;
        let i = 0;
        while (i < n) {
          const j = i;
          fs = [() => j * 10, fs];
          i = i + 1;
        }
        let out: number[] = [];
        while (fs !== null) {
          const f = fs[0];
          out = out.concat([f()]);
          fs = fs[1];
        }
        return out;
      }, 5),
    ).toEqual([40, 30, 20, 10, 0]);
  });

  it("does not reuse a loop's frame that a pending condition's branch still reads", async () => {
    // Each iteration's `?:` waits on h(i) and reads i once it resolves: by then the loop has
    // moved on, so its frame must not have been written over (it was: every branch read i = 6).
    const pick = (n: number): number[] => {
      const loop = (i: number, acc: number[]): number[] =>
        i >= n ? acc : loop(i + 1, [...acc, h(i % 2) > 0 ? i * 10 : i]);
      return loop(0, []);
    };
    expect(await agree(pick, 6)).toEqual([0, 10, 2, 30, 4, 50]);
  });

  it('recurses on results still pending (the operators take their slow path)', async () => {
    const fib = (n: number): number => {
      const go = (k: number): number => (k < 2 ? h(k) : go(k - 1) + go(k - 2));
      return go(n);
    };
    expect(await agree(fib, 12)).toBe(144);
  });

  it('keeps literals JS parses specially: negative exponents, -0, strings with quotes and newlines', async () => {
    const got = await agree((x: number) => [x ** -1, 2 ** -2, 1 / (x * -0), `a"b\n${x}'c`], 4);
    expect(got).toEqual([0.25, 0.25, -Infinity, 'a"b\n4\'c']);
  });

  it('keeps the closure code for a body too big to generate', async () => {
    const src = `(x) => ${Array.from({ length: 500 }, (_, i) => `x * ${i % 7}`).join(' + ')}`;
    const big = new Function(`return ${src}`)() as (x: number) => number;
    expect(await agree(big, 3)).toBe(big(3));
  });

  it('keeps the closure code where generating code is forbidden (new Function throws EvalError)', async () => {
    let tried = 0;
    vi.stubGlobal('Function', function forbidden() {
      tried++;
      throw new EvalError('Code generation from strings disallowed for this context');
    });
    expect(
      await agree((n: number) => {
        let s = 0;
        let i = 0;
        while (i < n) {
          s = s + h(i);
          i = i + 1;
        }
        return s;
      }, 10),
    ).toBe(45);
    expect(tried).toBeGreaterThan(0);
  });
});
