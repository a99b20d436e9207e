/**
 * Prim code (lib/compile/prim-code.ts) on values still pending, against plain JS: found by the
 * loop fuzzer (jit-loops.spec.ts), kept here as small cases.
 */
import { describe, expect, it } from 'vitest';
import { external, program } from '../../lib/index.js';

const later = external(async (x: number): Promise<number> => x);
/** What `h` is to plain JS. */
const h = (x: number): number => x;

/** Runs `fn` both ways and as plain JS; expects equal values and the same host calls. */
async function agree(fn: (n: number) => unknown, n: number): Promise<void> {
  const calls: number[] = [];
  const plainCalls: number[] = [];
  const host = external(async (x: number): Promise<number> => {
    calls.push(x);
    return later(x);
  });
  const p = program({ h: host }, fn as never, { name: 'prims' }) as unknown as {
    evaluate(n: number): Promise<unknown>;
    with(o: { strategy: 'sequential' }): { evaluate(n: number): Promise<unknown> };
  };
  const plain = new Function('h', `return (${fn.toString()})`)((x: number) => {
    plainCalls.push(x);
    return h(x);
  })(n);
  expect(await p.evaluate(n)).toEqual(plain);
  expect(calls.sort()).toEqual([...plainCalls].sort());
  calls.length = 0;
  expect(await p.with({ strategy: 'sequential' }).evaluate(n)).toEqual(plain);
  expect(calls.sort()).toEqual([...plainCalls].sort());
}

describe('prims on pending values', () => {
  it('a method that returns a pending element (at) does not treat it as a container', async () => {
    await agree((_n: number) => {
      const a = [h(0) > 0 ? 1 : h(5)];
      return h(h(h(1))) > 0 ? a.at(0) : 0;
    }, 0);
    await agree((_n: number) => {
      let v1: number[] = [];
      let i3 = 0;
      while (i3 < 2) {
        for (let j4 = 0; j4 < 2; j4++) {
          v1 = [...v1, 0];
          v1 = [...v1, h(0)];
        }
        i3 = h(i3) + 1;
      }
      return v1.at(-1) ?? h(7);
    }, 0);
  });
});
