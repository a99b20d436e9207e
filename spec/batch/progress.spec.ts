import { describe, expect, it } from 'vitest';
import { CallTally } from '../../lib/batch/journaled-hosts.js';
import { progressLine } from '../../lib/batch/progress.js';

describe('progressLine', () => {
  it('says items done of all, failures, calls in flight, LLM traffic and the time left', () => {
    const tally = Object.assign(new CallTally(), { inFlight: 14, made: 300, replayed: 20 });
    const line = progressLine(
      {
        total: 200,
        skipped: 20,
        done: () => 100,
        failed: () => 2,
        tally,
        traffic: () => ({ requests: 30, prompts: 480 }),
      },
      10_000,
    );
    expect(line).toBe(
      '120/200 items · 2 failed · 14 calls in flight · 300 made, 20 replayed · LLM 30 requests / 480 prompts · ETA 8 s',
    );
  });

  it('leaves out what it does not know', () => {
    expect(progressLine({ total: 5, skipped: 0, done: () => 0, failed: () => 0 }, 1000)).toBe('0/5 items');
  });
});
