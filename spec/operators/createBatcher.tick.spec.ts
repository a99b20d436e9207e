import { lastValueFrom, map, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createBatcher, type BatchTick } from '../../operators/createBatcher.js';

/*
 * The same-tick window in real time: by default it ends where DataLoader's does (a nextTick
 * queued from a promise job, i.e. once the promise jobs run out); `tick: 'microtask'` ends it at
 * the first microtask. These tests use the real event loop on purpose: that is what the window
 * is defined by. They await promise jobs and one setImmediate, never a timer.
 */

/** Resolves after `jobs` promise jobs (each `await` is one), as a caller that awaits before calling. */
async function afterJobs(jobs: number): Promise<void> {
  for (let i = 0; i < jobs; i += 1) await null;
}

/** A macrotask later: after every promise job and nextTick of the current turn. */
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A real-time identity batcher that records each batch's inputs. */
function recordingBatcher(options: { tick?: BatchTick } = {}) {
  const sent: string[][] = [];
  const call = createBatcher<string, string>({ run: (xs) => (sent.push([...xs]), xs), ...options });
  const load = (input: string, jobs = 0) => afterJobs(jobs).then(() => lastValueFrom(call(input)));
  return { sent, call, load };
}

describe('createBatcher: the same tick', () => {
  it("by default (DataLoader's tick) batches callers that await a few promise jobs before calling", async () => {
    const { sent, load } = recordingBatcher();
    await expect(Promise.all([load('A', 0), load('B', 1), load('C', 2), load('D', 6)])).resolves.toEqual([
      'A',
      'B',
      'C',
      'D',
    ]);
    expect(sent).toEqual([['A', 'B', 'C', 'D']]);
  });

  it("with tick 'microtask' batches only the callers of the same synchronous job", async () => {
    const { sent, load } = recordingBatcher({ tick: 'microtask' });
    await Promise.all([load('A', 0), load('B', 1), load('C', 2)]);
    expect(sent).toEqual([['A'], ['B'], ['C']]);
  });

  it('by default also takes nextTick callbacks queued before the dispatch, but not a later macrotask', async () => {
    const { sent, call } = recordingBatcher();
    const a = lastValueFrom(call('A'));
    const b = new Promise((resolve) => process.nextTick(() => resolve(lastValueFrom(call('B')))));
    await nextMacrotask();
    const c = lastValueFrom(call('C'));
    await expect(Promise.all([a, b, c])).resolves.toEqual(['A', 'B', 'C']);
    expect(sent).toEqual([['A', 'B'], ['C']]);
  });

  it('by default makes no request when every caller left before the promise jobs ran out', async () => {
    const { sent, call } = recordingBatcher();
    call('gone').subscribe().unsubscribe();
    const late = call('late').subscribe();
    await afterJobs(3); // the first step has run; the nextTick is queued
    late.unsubscribe();
    await nextMacrotask();
    expect(sent).toEqual([]);
  });

  it('without process.nextTick (a browser) falls back to a macrotask, still after the promise jobs', async () => {
    const saved = process.nextTick;
    let batcher: ReturnType<typeof recordingBatcher>;
    try {
      (process as { nextTick: unknown }).nextTick = undefined;
      batcher = recordingBatcher();
    } finally {
      process.nextTick = saved;
    }
    await Promise.all([batcher.load('A', 0), batcher.load('B', 1), batcher.load('C', 5)]);
    expect(batcher.sent).toEqual([['A', 'B', 'C']]);
  });

  it("with tick 'microtask' and no scheduler is virtualised by TestScheduler run mode", () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const sent: Array<[number, string[]]> = [];
    const call = createBatcher<string, string>({
      run: (xs) => (sent.push([scheduler.now(), [...xs]]), timer(2).pipe(map(() => xs.map((x) => x.toUpperCase())))),
      tick: 'microtask',
    });
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a')).toBe('--(A|)', { A: 'A' });
      expectObservable(call('b')).toBe('--(B|)', { B: 'B' });
      expectObservable(call('c'), '-^').toBe('---(C|)', { C: 'C' });
    });
    expect(sent).toEqual([
      [0, ['a', 'b']],
      [1, ['c']],
    ]);
  });
});
