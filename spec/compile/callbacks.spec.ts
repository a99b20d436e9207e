/**
 * Callbacks of `map`, `filter` and `fold` (lib/compile/callbacks.ts): when the callback's
 * generated body cannot keep its frame, one frame serves every element. These programs would
 * give wrong values if a frame were reused where something still reads it: a closure made per
 * element, and a call deferred to the queue (here by nesting deeper than MAX_DEPTH).
 *
 * A long map or fold over hosts that answer at once pauses while 4,096 calls are in flight, so
 * the answered ones settle first (run.ts `crowded`): the calls alive at one time stay bounded.
 */
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { external, program, runStats } from '../../lib/index.js';

const later = external(async (x: number): Promise<number> => x);
/** What `h` is to plain JS. */
const h = (x: number): number => x;

/** Runs `fn` as a program (opportunistically) and as plain JS, and expects both equal. */
async function agree<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): Promise<unknown> {
  const p = program({ h: later }, fn as never, { name: 'callbacks' }) as unknown as {
    evaluate(...a: unknown[]): Promise<unknown>;
  };
  const plain = fn(...args);
  expect(await p.evaluate(...args)).toEqual(plain);
  return plain;
}

describe('callback frames', () => {
  it('map, filter and reduce with callbacks that keep nothing (one frame for all elements)', async () => {
    const xs = Array.from({ length: 300 }, (_, i) => i);
    expect(
      await agree(
        (ys: number[]) =>
          ys
            .map((x) => h(x) * 2)
            .filter((x) => x % 3 === 0)
            .reduce((s, x) => s + h(x), 0),
        xs,
      ),
    ).toBe(29700);
  });

  it('gives each element its own frame when the callback returns a branch waiting for its condition', async () => {
    // the branch reads x once h(x) answers, after the map has moved on to the next elements
    const odd = external(async (x: number): Promise<number> => x % 2);
    const p = program({ odd }, (ys: number[]) => ys.map((x) => (odd(x) > 0 ? x * 10 : x)));
    expect(await p.evaluate([1, 2, 3, 4, 5, 6])).toEqual([10, 2, 30, 4, 50, 6]);
  });

  it('gives each element its own frame when the callback makes a closure over it', async () => {
    expect(await agree((ys: number[]) => ys.map((x) => () => x + h(1)).map((f) => f()), [10, 20, 30])).toEqual([
      11, 21, 31,
    ]);
  });

  it('copies the frame for a call deferred to the queue (nested deeper than MAX_DEPTH)', async () => {
    // go(k) runs its map k calls deep (non-tail); some k puts it past MAX_DEPTH (200), where
    // every element's call is deferred: a shared frame would leave them all seeing the last one.
    for (const k of [190, 195, 198, 199, 200, 201, 202, 205, 210]) {
      await agree((n: number) => {
        const go = (j: number): number[] => (j === 0 ? [1, 2, 3, 4].map((x) => x * 10 + h(0)) : [...go(j - 1)]);
        return go(n);
      }, k);
    }
  });

  it('lets answered calls settle while a long map or fold makes more (at most 4,096 in flight)', async () => {
    const n = 20_000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const fan = program({ h: later }, (ys: number[]) => ys.map((x) => h(x) + 1));
    const sum = program({ h: later }, (ys: number[]) => ys.reduce((s, x) => s + h(x), 0));
    const stats = async (p: { events(...a: unknown[]): import('rxjs').Observable<never> }) =>
      lastValueFrom(p.events(xs).pipe(runStats()));
    expect(await fan.evaluate(xs)).toEqual(xs.map((x) => x + 1));
    expect(await sum.evaluate(xs)).toBe((n * (n - 1)) / 2);
    for (const p of [fan, sum]) {
      const s = await stats(p as never);
      expect(s.calls).toBe(n);
      expect(s.maxInFlight).toBeLessThanOrEqual(4096);
    }
    // Calls that do not answer at once: the map still makes them all, and waits for every one.
    const slow = external((x: number) => new Promise<number>((r) => setTimeout(() => r(x), 1)));
    const many = program({ h: slow }, (ys: number[]) => ys.map((x) => h(x) * 2));
    expect(await many.evaluate(xs.slice(0, 6000))).toEqual(xs.slice(0, 6000).map((x) => x * 2));
  });

  it('a fold whose sum waits on its calls catches up at each pause: the sums settle as the calls answer', async () => {
    // every 1,000 elements the running sum goes to a host: that call can be made only once the
    // chain of sums up to there has resolved, link by link
    const n = 20_000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const order: string[] = [];
    const h = external(async (x: number): Promise<number> => {
      order.push('h');
      return x;
    });
    const note = external(async (s: number): Promise<number> => {
      order.push('note');
      return s;
    });
    const p = program({ h, note }, (ys: number[]) => {
      let s = 0;
      let notes = 0;
      for (const x of ys) {
        s = s + h(x);
        if (x % 1000 === 999) notes = notes + note(s) * 0;
      }
      return s + notes;
    });
    expect(await p.evaluate(xs)).toBe((n * (n - 1)) / 2);
    const firstNote = order.indexOf('note');
    // the first sum noted is that of calls 0…999: it goes out at the first pause (4,096 calls
    // in flight, then up to a chunk of 1,024 more), not once all 20,000 have been made
    expect(firstNote).toBeGreaterThan(999);
    expect(firstNote).toBeLessThanOrEqual(4096 + 1024);
  });

  it('gives the same results when a filter, a nested map or a failure meets the pause', async () => {
    const n = 12_000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const evens = program({ h: later }, (ys: number[]) => ys.filter((x) => h(x) % 2 === 0));
    expect(await evens.evaluate(xs)).toEqual(xs.filter((x) => x % 2 === 0));
    const nested = program({ h: later }, (ys: number[]) => ys.map((x, i) => ({ a: h(x), i })).map(({ a, i }) => a + i));
    expect(await nested.evaluate(xs)).toEqual(xs.map((x, i) => x + i));
    const failing = external(async (x: number): Promise<number> => {
      if (x === 9_000) throw new Error('no 9000');
      return x;
    });
    const fails = program({ h: failing }, (ys: number[]) => ys.map((x) => h(x)));
    await expect(fails.evaluate(xs)).rejects.toThrow('no 9000');
  });
});
