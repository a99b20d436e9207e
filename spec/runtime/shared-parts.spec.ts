/**
 * Waits on operands that share a pending part: when one operand's deep wait ends at once, it
 * settles a container another operand shares, so that operand needs no wait any more. A host
 * call (run.ts `callHost`) and a strict prim (prim-code.ts `strict`) must still go ahead: found
 * by the confluence property with failures (a run that stalled with nothing in flight).
 */
import { describe, expect, it } from 'vitest';
import { external, program } from '../../lib/index.js';

const slow = external(async (): Promise<number> => 60);
const pair = external(async (a: { f1: number }, b: { f0: number }): Promise<number> => a.f1 + b.f0);

describe('operands sharing a pending part', () => {
  it('a host call whose arguments share a container still dispatches', async () => {
    const p = program(
      { slow, pair },
      () => {
        const c = slow();
        const r1 = { f0: c };
        const r2 = { f0: r1, f1: c };
        return c < 50 ? 0 : pair(r2, r1);
      },
      { name: 'shared' },
    );
    expect(await p.evaluate()).toBe(120);
    expect(await p.with({ strategy: 'sequential' }).evaluate()).toBe(120);
  });

  it('a prim waiting deeply on two operands that share a container still computes', async () => {
    const p = program(
      { slow },
      () => {
        const c = slow();
        const r1 = { f0: c };
        const r2 = { f0: r1, f1: c };
        return c < 50 ? '' : `${r2}|${r1}`;
      },
      { name: 'shared' },
    );
    const expected = '[object Object]|[object Object]';
    expect(await p.evaluate()).toBe(expected);
    expect(await p.with({ strategy: 'sequential' }).evaluate()).toBe(expected);
  });
});
