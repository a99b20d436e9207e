import { EMPTY, firstValueFrom, forkJoin, map, mergeMap, of, tap, throwError, timer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicBatchError, EpicError } from '../../lib/errors.js';
import { createBatcher, type BatcherOptions } from '../../operators/createBatcher.js';
import type { BatchResolver } from '../../operators/internal/dispatch-batch.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

interface RunLog {
  readonly frame: number;
  readonly inputs: readonly string[];
  readonly signal: AbortSignal;
  unsubscribedAt?: number;
}

/** A fake batch resolver answering in virtual time: upper-cases each input after `latency`. */
function fakeResolver(
  scheduler: TestScheduler,
  latency = 2,
  answer: (input: string) => string | Error = (input) => input.toUpperCase(),
) {
  const runs: RunLog[] = [];
  const run: BatchResolver<string, string> = (inputs, { signal }) => {
    const log: RunLog = { frame: scheduler.now(), inputs: [...inputs], signal };
    runs.push(log);
    return timer(latency).pipe(
      map(() => inputs.map(answer)),
      tap({ unsubscribe: () => (log.unsubscribedAt = scheduler.now()) }),
    );
  };
  return { runs, run };
}

/** Subscribes at `from`, unsubscribes at `until`, and records every notification with its frame. */
function record<T>(scheduler: TestScheduler, source: Observable<T>, from = 0, until?: number) {
  const notes: Array<{ frame: number; kind: 'N' | 'E' | 'C'; value?: unknown }> = [];
  scheduler.schedule(() => {
    const subscription = source.subscribe({
      next: (value) => notes.push({ frame: scheduler.now(), kind: 'N', value }),
      error: (value: unknown) => notes.push({ frame: scheduler.now(), kind: 'E', value }),
      complete: () => notes.push({ frame: scheduler.now(), kind: 'C' }),
    });
    if (until !== undefined) scheduler.schedule(() => subscription.unsubscribe(), until - from);
  }, from);
  return notes;
}

function batcherWith(scheduler: TestScheduler, options: Partial<BatcherOptions<string, string>> = {}, latency = 2) {
  const resolver = fakeResolver(scheduler, latency);
  return { ...resolver, call: createBatcher<string, string>({ run: resolver.run, scheduler, ...options }) };
}

describe('createBatcher: timing', () => {
  it('batches callers subscribed in the same tick and gives each its own result', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler);
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a')).toBe('--(A|)', { A: 'A' });
      expectObservable(call('b')).toBe('--(B|)', { B: 'B' });
      expectObservable(call('c')).toBe('--(C|)', { C: 'C' });
    });
    expect(runs.map((r) => [r.frame, r.inputs])).toEqual([[0, ['a', 'b', 'c']]]);
  });

  it('dispatches separate batches for separate ticks', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler);
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a')).toBe('--(A|)', { A: 'A' });
      expectObservable(call('b'), '-^').toBe('---(B|)', { B: 'B' });
    });
    expect(runs.map((r) => [r.frame, r.inputs])).toEqual([
      [0, ['a']],
      [1, ['b']],
    ]);
  });

  it('opens a window at the first caller; later callers join without extending it', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler, { windowMs: 5 });
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a')).toBe('7ms (A|)', { A: 'A' });
      expectObservable(call('b'), '2ms ^').toBe('7ms (B|)', { B: 'B' });
      expectObservable(call('c'), '4ms ^').toBe('7ms (C|)', { C: 'C' });
      expectObservable(call('d'), '6ms ^').toBe('13ms (D|)', { D: 'D' });
    });
    expect(runs.map((r) => [r.frame, r.inputs])).toEqual([
      [5, ['a', 'b', 'c']],
      [11, ['d']],
    ]);
  });

  it('dispatches at once when maxBatchSize is reached; the next caller opens a new window', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler, { windowMs: 10, maxBatchSize: 2 });
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a')).toBe('--(A|)', { A: 'A' });
      expectObservable(call('b')).toBe('--(B|)', { B: 'B' });
      expectObservable(call('c'), '-^').toBe('13ms (C|)', { C: 'C' });
    });
    expect(runs.map((r) => [r.frame, r.inputs])).toEqual([
      [0, ['a', 'b']],
      [11, ['c']],
    ]);
  });

  it('joins at subscribe time: a call created earlier but subscribed after dispatch joins the next batch', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler);
    scheduler.run(({ expectObservable }) => {
      const late = call('late');
      expectObservable(call('a')).toBe('--(A|)', { A: 'A' });
      expectObservable(late, '---^').toBe('-----(L|)', { L: 'LATE' });
    });
    expect(runs.map((r) => [r.frame, r.inputs])).toEqual([
      [0, ['a']],
      [3, ['late']],
    ]);
  });

  it('sends a caller subscribing from inside a result callback in the next batch', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler);
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a').pipe(mergeMap((x) => call(`${x}!`)))).toBe('----(X|)', { X: 'A!' });
    });
    expect(runs.map((r) => [r.frame, r.inputs])).toEqual([
      [0, ['a']],
      [2, ['A!']],
    ]);
  });

  it('keeps duplicates: the same input twice is two callers in one batch', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler);
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a')).toBe('--(A|)', { A: 'A' });
      expectObservable(call('a')).toBe('--(A|)', { A: 'A' });
    });
    expect(runs.map((r) => r.inputs)).toEqual([['a', 'a']]);
  });

  it('groups by key: each key has its own batch and its own size limit', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler, { key: (input) => input.split(':')[0] ?? '', maxBatchSize: 2 });
    scheduler.run(({ expectObservable }) => {
      for (const input of ['m1:a', 'm2:b', 'm1:c', 'm2:d', 'm1:e']) {
        expectObservable(call(input)).toBe('--(R|)', { R: input.toUpperCase() });
      }
    });
    expect(runs.map((r) => r.inputs)).toEqual([['m1:a', 'm1:c'], ['m2:b', 'm2:d'], ['m1:e']]);
  });
});

describe('createBatcher: cancellation', () => {
  it('removes a caller that unsubscribes before dispatch, keeping the window', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler, { windowMs: 5 });
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a'), '^-!').toBe('');
      expectObservable(call('b'), '-^').toBe('7ms (B|)', { B: 'B' });
    });
    expect(runs.map((r) => [r.frame, r.inputs])).toEqual([[5, ['b']]]);
  });

  it('makes no request for a batch emptied before dispatch; the next caller opens a new window', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler, { windowMs: 5 });
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a'), '^-!').toBe('');
      expectObservable(call('b'), '-^!').toBe('');
      expectObservable(call('c'), '3ms ^').toBe('10ms (C|)', { C: 'C' });
    });
    expect(runs.map((r) => [r.frame, r.inputs])).toEqual([[8, ['c']]]);
  });

  it('makes no request in same-tick mode when every caller left in the same tick', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler);
    scheduler.run(() => {
      call('a').subscribe().unsubscribe();
    });
    expect(runs).toEqual([]);
  });

  it('keeps the request while any caller remains after dispatch', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler, {}, 5);
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a'), '^-!').toBe('');
      expectObservable(call('b')).toBe('-----(B|)', { B: 'B' });
    });
    expect(runs).toHaveLength(1);
    expect(runs[0]?.signal.aborted).toBe(false);
  });

  it('unsubscribes the run and aborts its signal when the last caller leaves after dispatch', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler, {}, 5);
    const seenAborted: boolean[] = [];
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a'), '^-!').toBe('');
      expectObservable(call('b'), '^--!').toBe('');
      scheduler.schedule(() => seenAborted.push(runs[0]?.signal.aborted ?? false), 2);
    });
    expect(seenAborted).toEqual([false]);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.unsubscribedAt).toBe(3);
    expect(runs[0]?.signal.aborted).toBe(true);
  });

  it('does not abort the signal of a batch that answered', () => {
    const scheduler = newScheduler();
    const { runs, call } = batcherWith(scheduler);
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a')).toBe('--(A|)', { A: 'A' });
    });
    expect(runs[0]?.signal.aborted).toBe(false);
  });
});

describe('createBatcher: results and errors', () => {
  it('fails only the caller whose result is an Error instance', () => {
    const scheduler = newScheduler();
    const bad = new Error('bad input');
    const { run } = fakeResolver(scheduler, 1, (input) => (input === 'bad' ? bad : input.toUpperCase()));
    const call = createBatcher({ run, scheduler });
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a')).toBe('-(A|)', { A: 'A' });
      expectObservable(call('bad')).toBe('-#', undefined, bad);
      expectObservable(call('c')).toBe('-(C|)', { C: 'C' });
    });
  });

  it('fails every caller of the batch with the error of a failed run', () => {
    const scheduler = newScheduler();
    const failure = new Error('503 from upstream');
    const call = createBatcher<string, string>({
      run: () => timer(3).pipe(mergeMap(() => throwError(() => failure))),
      scheduler,
    });
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a')).toBe('---#', undefined, failure);
      expectObservable(call('b')).toBe('---#', undefined, failure);
      expectObservable(call('c'), '-^').toBe('----#', undefined, failure);
    });
  });

  it('fails every caller when run throws synchronously', () => {
    const scheduler = newScheduler();
    const failure = new TypeError('resolver bug');
    const call = createBatcher<string, string>({
      run: () => {
        throw failure;
      },
      scheduler,
    });
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a')).toBe('#', undefined, failure);
      expectObservable(call('b')).toBe('#', undefined, failure);
    });
  });

  it('fails every caller with an EpicBatchError naming both lengths on a length mismatch', () => {
    const scheduler = newScheduler();
    const call = createBatcher<string, string>({
      run: (inputs) => timer(1).pipe(map(() => inputs.slice(1))),
      scheduler,
    });
    const notes = scheduler.run(() => ['a', 'b', 'c'].map((input) => record(scheduler, call(input))));
    for (const [note, ...rest] of notes) {
      expect(rest).toEqual([]);
      expect(note).toMatchObject({ frame: 1, kind: 'E' });
      expect(note?.value).toBeInstanceOf(EpicBatchError);
      expect((note?.value as Error | undefined)?.message).toMatch(/returned 2 results for 3 inputs/);
    }
  });

  it('fails every caller when run completes without results, so nobody hangs', () => {
    const scheduler = newScheduler();
    const call = createBatcher<string, string>({ run: () => EMPTY, scheduler });
    const notes = scheduler.run(() => [record(scheduler, call('a')), record(scheduler, call('b'))]);
    for (const [note, ...rest] of notes) {
      expect(rest).toEqual([]);
      expect(note?.kind).toBe('E');
      expect(note?.value).toBeInstanceOf(EpicBatchError);
      expect((note?.value as Error | undefined)?.message).toMatch(/without results for 2 inputs/);
    }
  });

  it('uses only the first emission of run and closes the run without aborting', () => {
    const scheduler = newScheduler();
    const runs: RunLog[] = [];
    const call = createBatcher<string, string>({
      run: (inputs, { signal }) => {
        const log: RunLog = { frame: scheduler.now(), inputs, signal };
        runs.push(log);
        return timer(1, 1).pipe(
          map((n) => inputs.map((input) => `${input}${n}`)),
          tap({ unsubscribe: () => (log.unsubscribedAt = scheduler.now()) }),
        );
      },
      scheduler,
    });
    scheduler.run(({ expectObservable }) => {
      expectObservable(call('a')).toBe('-(A|)', { A: 'a0' });
    });
    expect(runs[0]?.unsubscribedAt).toBe(1);
    expect(runs[0]?.signal.aborted).toBe(false);
  });

  it('accepts a plain array and a Promise as the resolver result', async () => {
    const fromArray = createBatcher<number, number>({ run: (xs) => xs.map((x) => x * 2) });
    const fromPromise = createBatcher<number, number>({ run: async (xs) => xs.map((x) => x + 1) });
    await expect(firstValueFrom(forkJoin([fromArray(1), fromArray(2)]))).resolves.toEqual([2, 4]);
    await expect(firstValueFrom(forkJoin([fromPromise(1), fromPromise(2)]))).resolves.toEqual([2, 3]);
  });

  it('batches real same-tick callers in one request (asapScheduler, no virtual time)', async () => {
    const sizes: number[] = [];
    const call = createBatcher<number, number>({ run: (xs) => (sizes.push(xs.length), of(xs)) });
    await firstValueFrom(forkJoin([1, 2, 3, 4].map(call)));
    expect(sizes).toEqual([4]);
  });
});

describe('createBatcher: options', () => {
  it.each([0, -1, 1.5, Number.NaN, null])('throws an EpicError at construction for maxBatchSize %s', (maxBatchSize) => {
    expect(() => createBatcher({ run: () => [], maxBatchSize: maxBatchSize as number })).toThrow(EpicError);
  });

  it.each([-1, Number.POSITIVE_INFINITY, Number.NaN])('throws an EpicError for windowMs %s', (windowMs) => {
    expect(() => createBatcher({ run: () => [], windowMs })).toThrow(/windowMs/);
  });

  it('names itself and the option in the message', () => {
    expect(() => createBatcher({ run: () => [], maxBatchSize: 0 })).toThrow(
      /^createBatcher: option "maxBatchSize" must be a positive integer or Infinity, got 0$/,
    );
    expect(() => createBatcher({ run: () => [], windowMs: -1 })).toThrow(
      /^createBatcher: option "windowMs" must be a finite number >= 0, got -1$/,
    );
  });

  it.each<[string, unknown, RegExp]>([
    ['options object', undefined, /^createBatcher: options must be an object with a "run" function, got undefined$/],
    [
      'run',
      { run: undefined },
      /^createBatcher: option "run" must be a function \(inputs, \{ signal \}\) => results, got undefined$/,
    ],
    ['run', { run: {} }, /^createBatcher: option "run" must be a function .*, got \[object Object\]$/],
    [
      'scheduler',
      { run: () => [], scheduler: {} },
      /^createBatcher: option "scheduler" must be a SchedulerLike \(an object with schedule and now methods\), got \[object Object\]$/,
    ],
    ['scheduler', { run: () => [], scheduler: null }, /option "scheduler" must be a SchedulerLike .*, got null$/],
    [
      'key',
      { run: () => [], key: 'model' },
      /^createBatcher: option "key" must be a function \(input\) => string, got "model"$/,
    ],
    [
      'tick',
      { run: () => [], tick: 'nextTick' },
      /^createBatcher: option "tick" must be one of "afterPromiseJobs", "microtask", got "nextTick"$/,
    ],
    [
      'an unknown option',
      { run: () => [], windowMS: 5 },
      /^createBatcher: unknown option "windowMS" \(known: run, maxBatchSize, windowMs, tick, scheduler, key, maxConcurrentBatches\)$/,
    ],
  ])('throws an EpicError at construction for a bad %s', (_what, options, message) => {
    const create = () => createBatcher(options as BatcherOptions<unknown, unknown>);
    expect(create).toThrow(EpicError);
    expect(create).toThrow(message);
  });
});
