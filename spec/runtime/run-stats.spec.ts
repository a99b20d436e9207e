import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../lib/runtime/events.js';
import { runStats } from '../../lib/runtime/run-stats.js';

const dispatched = (id: number, time: number): RunEvent => ({
  type: 'dispatched',
  id,
  host: 'h',
  site: undefined,
  args: '[]',
  time,
});
const resolved = (id: number, time: number): RunEvent => ({
  type: 'resolved',
  id,
  host: 'h',
  value: 1,
  summary: '1',
  time,
});
const failed = (id: number, time: number): RunEvent => ({ type: 'failed', id, host: 'h', error: 'x', time });

describe('runStats', () => {
  it('counts calls, completions, failures and the most in flight at once', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const events = cold('abcdef|', {
        a: dispatched(1, 0),
        b: dispatched(2, 1),
        c: resolved(1, 2),
        d: dispatched(3, 3),
        e: failed(2, 4),
        f: resolved(3, 5),
      });
      expectObservable(events.pipe(runStats())).toBe('abcdef|', {
        a: { calls: 1, done: 0, failed: 0, inFlight: 1, maxInFlight: 1, time: 0 },
        b: { calls: 2, done: 0, failed: 0, inFlight: 2, maxInFlight: 2, time: 1 },
        c: { calls: 2, done: 1, failed: 0, inFlight: 1, maxInFlight: 2, time: 2 },
        d: { calls: 3, done: 1, failed: 0, inFlight: 2, maxInFlight: 2, time: 3 },
        e: { calls: 3, done: 1, failed: 1, inFlight: 1, maxInFlight: 2, time: 4 },
        f: { calls: 3, done: 2, failed: 1, inFlight: 0, maxInFlight: 2, time: 5 },
      });
    });
  });
});
