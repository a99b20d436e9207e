import { describe, expect, it } from 'vitest';
import { Program } from '../../lib/program.js';
import { parseTerm } from '../../lib/terms/parse.js';
import type { Lam } from '../../lib/terms/term.js';

const prog = (src: string, hosts: Record<string, unknown>) => Program.fromTerm(parseTerm(src) as Lam, hosts);

describe('host arguments are checked for program functions only where one can be', () => {
  it('data from outside (an input) is handed to hosts without being walked, however often', async () => {
    const reads: PropertyKey[] = [];
    const big = new Proxy(
      Array.from({ length: 1000 }, (_, i) => ({ i })),
      {
        get: (target, key, receiver) => {
          reads.push(key);
          return Reflect.get(target, key, receiver);
        },
        ownKeys: (target) => {
          reads.push('ownKeys');
          return Reflect.ownKeys(target);
        },
      },
    );
    const h = async (_xs: unknown, i: number) => i;
    const p = prog('(fn (big xs) (%map xs (fn (x) (@h big x))))', { h });
    expect(await p.evaluate(big, [1, 2, 3])).toEqual([1, 2, 3]);
    // only O(1) probes (is it an Observable? a stream?), never its keys or elements
    expect(
      reads.filter((k) => k === 'ownKeys' || k === 'length' || (typeof k === 'string' && /^\d+$/.test(k))),
    ).toEqual([]);
  });

  it('a program function inside a container the run built is still refused, at any depth', async () => {
    const h = (x: unknown) => x;
    for (const src of [
      '(fn (xs) (@h [1 [2 (fn (y) y)]]))',
      '(fn (xs) (@h (%record "f" (fn (y) y))))',
      '(fn (xs) (@h (%method [(fn (y) y)] "slice" 0)))',
      '(fn (xs) (@h (%map xs (fn (x) (fn (y) x)))))',
      // a spread holds what its parts hold (deep.ts trackMerge), through spreads of spreads
      '(fn (xs) (@h (%merge (%record "a" 1) (%record "f" (fn (y) y)))))',
      '(fn (xs) (@h (%merge (%merge (%record "g" [(fn (y) y)]) (%record "a" 1)) (%record "b" 2))))',
    ]) {
      const error = await prog(src, { h })
        .evaluate([1])
        .catch((e: unknown) => e);
      expect((error as Error).message, src).toMatch(
        /^Cannot pass the function .* to host function "h": host functions take data/,
      );
    }
  });

  it('a spread of records with pending parts is waited for whole, however the spreads nest', async () => {
    const slow = (x: number) => new Promise((resolve) => setTimeout(() => resolve(x), 1));
    const h = (x: unknown) => x;
    const src =
      '(fn (xs) (let r (%merge (%merge (%record "a" (@slow 1)) (%record "b" 2)) (%record "c" [(@slow 3)])) (@h r)))';
    expect(await prog(src, { slow, h }).evaluate([])).toEqual({ a: 1, b: 2, c: [3] });
  });
});
