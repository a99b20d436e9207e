import { forkJoin, lastValueFrom, map, Subscription, timer, type Observable, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicBatchError, EpicError } from '../../lib/errors.js';
import { createBatcher, type BatcherOptions } from '../../operators/createBatcher.js';
import type { BatchResolver } from '../../operators/internal/dispatch-batch.js';

/*
 * createBatcher against the behaviours DataLoader's own suite checks (graphql/dataloader,
 * dataloader.test.js and abuse.test.js), written from those behaviours through the adapter
 * `load(k) = lastValueFrom(batcher(k))`, in real time with the default tick, which is
 * DataLoader's: the window ends when the promise jobs run out.
 *
 * Not applicable, because createBatcher has no cache (in-flight sharing and caching are
 * createDedupe's, composed separately): coalescing identical loads (also across sized batches),
 * caching repeated loads, `clear` / `clearAll` (also from inside the batch function), `prime`
 * (with a value, an error or forcefully; not overwriting), caching failed loads and clearing them
 * after an error, `cacheKeyFn` (object keys by value, clearing by an equal key, key order),
 * `cacheMap` (custom maps, their required methods, not touching it with `cache: false`), and the
 * unhandled rejection of an unread primed error.
 *
 * Not applicable for other reasons: `this` inside the batch function and `batchScheduleFn` (plain
 * functions here, no loader object); `loadMany` and its argument checks (a `forkJoin` of calls);
 * "load requires a key" (inputs are not cache keys, so `undefined` and `null` are valid inputs);
 * "the batch function must return a Promise, not a value" (a plain array is accepted by design);
 * the loader's `name`.
 */

/** An identity batcher recording each batch's inputs, with DataLoader's `load`. */
function idBatcher<K>(options: Partial<BatcherOptions<K, K>> = {}) {
  const batches: K[][] = [];
  const batcher = createBatcher<K, K>({ run: (keys) => (batches.push([...keys]), Promise.resolve(keys)), ...options });
  return { batches, batcher, load: (key: K) => lastValueFrom(batcher(key)) };
}

/** A batcher whose resolver is `run`, recording each batch's inputs. */
function batcherOf<K, V>(run: BatchResolver<K, V>) {
  const batches: K[][] = [];
  const batcher = createBatcher<K, V>({ run: (keys, context) => (batches.push([...keys]), run(keys, context)) });
  return { batches, load: (key: K) => lastValueFrom(batcher(key)) };
}

const settled = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
const evenOrError = (keys: number[]) => Promise.resolve(keys.map((k) => (k % 2 === 0 ? k : new Error(`Odd: ${k}`))));

describe('DataLoader conformance: primary API', () => {
  it('loads a value', async () => {
    const { load } = idBatcher<number>();
    await expect(load(1)).resolves.toBe(1);
  });

  it('batches loads made together, keys passed in call order', async () => {
    const { load, batches } = idBatcher<number>();
    await expect(Promise.all([load(3), load(1), load(2)])).resolves.toEqual([3, 1, 2]);
    expect(batches).toEqual([[3, 1, 2]]);
  });

  it('loads several keys at once through forkJoin (loadMany) in the same batch as single loads', async () => {
    const { batcher, load, batches } = idBatcher<string>();
    const one = load('A');
    const many = lastValueFrom(forkJoin(['C', 'D', 'A'].map((key) => batcher(key))));
    await expect(Promise.all([one, many])).resolves.toEqual(['A', ['C', 'D', 'A']]);
    expect(batches).toEqual([['A', 'C', 'D', 'A']]);
  });

  it('respects maxBatchSize', async () => {
    const { load, batches } = idBatcher<number>({ maxBatchSize: 2 });
    await expect(Promise.all([load(1), load(2), load(3)])).resolves.toEqual([1, 2, 3]);
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('with maxBatchSize 1 does not batch (DataLoader batch: false)', async () => {
    const { load, batches } = idBatcher<number>({ maxBatchSize: 1 });
    await Promise.all([load(1), load(2)]);
    expect(batches).toEqual([[1], [2]]);
  });

  it('repeats a key in the batch as often as it is loaded (DataLoader cache: false)', async () => {
    const { load, batches } = idBatcher<string>();
    const keys = ['A', 'C', 'D', 'C', 'D', 'A', 'A', 'B'];
    await expect(Promise.all(keys.map(load))).resolves.toEqual(keys);
    expect(batches).toEqual([keys]);
  });

  it('loads a key again in every later batch (no cache)', async () => {
    const { load, batches } = idBatcher<string>();
    await Promise.all([load('A'), load('B')]);
    await Promise.all([load('A'), load('C')]);
    await Promise.all([load('A'), load('B'), load('C')]);
    expect(batches).toEqual([
      ['A', 'B'],
      ['A', 'C'],
      ['A', 'B', 'C'],
    ]);
  });

  it('accepts objects as keys and passes them by reference', async () => {
    const { load, batches } = idBatcher<object>();
    const [a, b] = [{}, {}];
    const [va, vb] = await Promise.all([load(a), load(b)]);
    expect(va).toBe(a);
    expect(vb).toBe(b);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.[0]).toBe(a);
    expect(batches[0]?.[1]).toBe(b);
  });
});

describe('DataLoader conformance: errors', () => {
  it('fails a load whose result is an Error; the next load is fetched', async () => {
    const { load, batches } = batcherOf<number, number>(evenOrError);
    await expect(load(1)).rejects.toThrow('Odd: 1');
    await expect(load(2)).resolves.toBe(2);
    expect(batches).toEqual([[1], [2]]);
  });

  it('represents failures and successes of one batch at once', async () => {
    const { load, batches } = batcherOf<number, number>(evenOrError);
    const [one, two] = [load(1), load(2)];
    await expect(one).rejects.toThrow('Odd: 1');
    await expect(two).resolves.toBe(2);
    expect(batches).toEqual([[1, 2]]);
  });

  it('does not keep failures: loading a failed key again fetches it again', async () => {
    const { load, batches } = batcherOf<number, number>((keys) =>
      Promise.resolve(keys.map((k) => new Error(`Error: ${k}`))),
    );
    await expect(load(1)).rejects.toThrow('Error: 1');
    await expect(load(1)).rejects.toThrow('Error: 1');
    expect(batches).toEqual([[1], [1]]);
  });

  it('fails every load of a batch whose resolver rejects, with the same error', async () => {
    const { load, batches } = batcherOf<number, number>(() => Promise.reject(new Error('I am a terrible loader')));
    const errors = await Promise.all([settled(load(1)), settled(load(2))]);
    expect((errors[0] as Error).message).toBe('I am a terrible loader');
    expect(errors[1]).toBe(errors[0]);
    expect(batches).toEqual([[1, 2]]);
  });

  it('fails every load of a batch whose resolver throws synchronously', async () => {
    const bug = new TypeError('resolver bug');
    const { load } = batcherOf<number, number>(() => {
      throw bug;
    });
    await expect(Promise.all([settled(load(1)), settled(load(2))])).resolves.toEqual([bug, bug]);
  });

  it('fails every load with an EpicBatchError naming both lengths when the results have the wrong length', async () => {
    const { load } = batcherOf<number, number>(async () => []);
    const error = await settled(load(1));
    expect(error).toBeInstanceOf(EpicBatchError);
    expect((error as Error).message).toBe('Batch resolver returned 0 results for 1 inputs');
  });

  it.each([
    ['null', () => null],
    ['a Promise of null', async () => null],
    ['undefined (a forgotten return)', () => undefined],
    ['a number', () => 42],
  ])('fails every load with an EpicBatchError when the resolver returns %s', async (_what, run) => {
    const { load } = batcherOf<number, number>(run as unknown as BatchResolver<number, number>);
    const errors = await Promise.all([settled(load(1)), settled(load(2))]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(EpicBatchError);
      expect((error as Error).message).toMatch(/^Batch resolver returned a non-array \(\w+\) for 2 inputs$/);
    }
  });
});

describe('DataLoader conformance: API abuse throws at construction', () => {
  it.each<[string, unknown]>([
    ['no resolver', { run: undefined }],
    ['an object as resolver', { run: {} }],
    ['maxBatchSize null', { run: () => [], maxBatchSize: null }],
    ['maxBatchSize 0', { run: () => [], maxBatchSize: 0 }],
    ['a key function that is null', { run: () => [], key: null }],
    ['a scheduler that is null', { run: () => [], scheduler: null }],
  ])('rejects %s with an EpicError naming the option', (_what, options) => {
    expect(() => createBatcher(options as BatcherOptions<unknown, unknown>)).toThrow(EpicError);
    expect(() => createBatcher(options as BatcherOptions<unknown, unknown>)).toThrow(
      /^createBatcher: option "\w+" must be /,
    );
  });
});

describe('DataLoader conformance: custom schedulers', () => {
  it('dispatches by hand with a scheduler that runs its actions only when told', () => {
    let actions: Array<() => void> = [];
    const manual: SchedulerLike = {
      now: () => 0,
      schedule: (work, _delay, state) => {
        const action = () => (work as (state?: unknown) => void)(state);
        actions.push(action);
        return new Subscription(() => (actions = actions.filter((a) => a !== action)));
      },
    };
    const dispatch = () => {
      const due = actions;
      actions = [];
      for (const action of due) action();
    };
    const { batcher, batches } = idBatcher<string>({ scheduler: manual });
    const load = (key: string) => batcher(key).subscribe();
    load('A');
    load('B');
    dispatch();
    load('A');
    load('C');
    dispatch();
    load('D'); // never dispatched
    expect(batches).toEqual([
      ['A', 'B'],
      ['A', 'C'],
    ]);
  });

  it('batches over a time window (windowMs) in virtual time', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const batches: Array<[number, string[]]> = [];
    const batcher = createBatcher<string, string>({
      run: (keys) => (batches.push([scheduler.now(), [...keys]]), timer(1).pipe(map(() => keys))),
      windowMs: 10,
      scheduler,
    });
    scheduler.run(({ expectObservable }) => {
      expectObservable(batcher('A')).toBe('11ms (A|)', { A: 'A' });
      expectObservable(batcher('B'), '5ms ^').toBe('11ms (B|)', { B: 'B' });
      expectObservable(batcher('C'), '12ms ^').toBe('23ms (C|)', { C: 'C' });
    });
    expect(batches).toEqual([
      [10, ['A', 'B']],
      [22, ['C']],
    ]);
  });
});

describe('DataLoader conformance: job queue ordering', () => {
  it('batches loads made from promise continuations, however deeply chained', async () => {
    const { load, batches } = idBatcher<string>();
    const later = () => Promise.resolve().then(() => Promise.resolve());
    await Promise.all([
      load('A'),
      later().then(() => {
        void load('B');
        void later().then(() => {
          void load('C');
          void later().then(() => void load('D'));
        });
      }),
    ]);
    expect(batches).toEqual([['A', 'B', 'C', 'D']]);
  });

  it('can call a batcher from inside another batcher’s resolver; those calls batch together', async () => {
    const deep = idBatcher<readonly string[]>();
    const via = () => {
      const batches: string[][] = [];
      const batcher = createBatcher<string, string>({
        run: (keys): Observable<string[]> => (batches.push([...keys]), deep.batcher(keys).pipe(map((k) => [...k]))),
      });
      return { batches, load: (key: string) => lastValueFrom(batcher(key)) };
    };
    const [a, b] = [via(), via()];
    await expect(Promise.all([a.load('A1'), b.load('B1'), a.load('A2'), b.load('B2')])).resolves.toEqual([
      'A1',
      'B1',
      'A2',
      'B2',
    ]);
    expect(a.batches).toEqual([['A1', 'A2']]);
    expect(b.batches).toEqual([['B1', 'B2']]);
    expect(deep.batches).toEqual([
      [
        ['A1', 'A2'],
        ['B1', 'B2'],
      ],
    ]);
  });
});
