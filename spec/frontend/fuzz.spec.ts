/**
 * The front-end fuzz: random programs of supported and rejected constructs (fuzz/grammar.ts)
 * either translate and agree with JS under both strategies, or fail with a located EpicError —
 * never a raw error, a hang, or a reach outside the hosts (fuzz/check.ts). 300 programs here;
 * bench/fuzz-frontend.ts runs 10,000.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, type Outcome } from './fuzz/check.js';
import { programs } from './fuzz/grammar.js';

describe('front-end fuzz', () => {
  it('random programs translate and agree with JS, or fail with a located EpicError', async () => {
    const outcomes = new Map<Outcome, number>();
    await fc.assert(
      fc.asyncProperty(programs, async (p) => {
        const verdict = await check(p);
        if (!verdict.ok) throw new Error(`${verdict.reason}\narguments: ${JSON.stringify(p.args)}\n${p.source}`);
        outcomes.set(verdict.outcome, (outcomes.get(verdict.outcome) ?? 0) + 1);
      }),
      { numRuns: 300 },
    );
    // Not vacuous: most programs run (two in three use only supported constructs), some are rejected.
    expect(outcomes.get('agreed') ?? 0).toBeGreaterThan(100);
    expect(outcomes.get('rejected') ?? 0).toBeGreaterThan(10);
  }, 60_000); // a second or two; generous for a machine whose cores are all busy
});
