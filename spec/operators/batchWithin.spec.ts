import { map, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicError } from '../../lib/errors.js';
import { batchWithin } from '../../operators/batchWithin.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('batchWithin', () => {
  it('batches source values that arrive together and emits each result', () => {
    const scheduler = newScheduler();
    const sent: string[][] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const upper = batchWithin<string, string>({
        scheduler,
        run: (xs) => (sent.push(xs), timer(2).pipe(map(() => xs.map((x) => x.toUpperCase())))),
      });
      expectObservable(cold('(ab) 6ms c|').pipe(upper)).toBe('--(AB) 6ms (C|)');
    });
    expect(sent).toEqual([['a', 'b'], ['c']]);
  });

  it('emits in arrival order, which may differ from input order across batches', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const slowA = batchWithin<string, string>({
        scheduler,
        run: (xs) => timer(xs[0] === 'a' ? 5 : 1).pipe(map(() => xs.map((x) => x.toUpperCase()))),
      });
      expectObservable(cold('ab|').pipe(slowA)).toBe('--B--(A|)');
    });
  });

  it('respects maxBatchSize and windowMs', () => {
    const scheduler = newScheduler();
    const sent: Array<[number, string[]]> = [];
    scheduler.run(({ cold, expectObservable }) => {
      const op = batchWithin<string, string>({
        scheduler,
        maxBatchSize: 2,
        windowMs: 3,
        run: (xs) => (sent.push([scheduler.now(), xs]), xs),
      });
      expectObservable(cold('abc|').pipe(op)).toBe('-(ab)(c|)');
    });
    expect(sent).toEqual([
      [1, ['a', 'b']],
      [5, ['c']],
    ]);
  });

  it('errors on the first failed item and aborts the batches still in flight', () => {
    const scheduler = newScheduler();
    const failure = new Error('item a failed');
    const signals: AbortSignal[] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const op = batchWithin<string, string>({
        scheduler,
        maxBatchSize: 1,
        run: (xs, { signal }) => {
          signals.push(signal);
          return timer(xs[0] === 'a' ? 1 : 5).pipe(map(() => xs.map((x) => (x === 'a' ? failure : x))));
        },
      });
      expectObservable(cold('(ab|)').pipe(op)).toBe('-#', undefined, failure);
    });
    expect(signals.map((s) => s.aborted)).toEqual([false, true]);
  });

  it('gives each subscription its own batcher', () => {
    const scheduler = newScheduler();
    const sent: string[][] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const op = batchWithin<string, string>({ scheduler, run: (xs) => (sent.push(xs), xs) });
      const out = cold('a|').pipe(op);
      expectObservable(out).toBe('a|');
      expectObservable(out).toBe('a|');
    });
    expect(sent).toEqual([['a'], ['a']]);
  });

  it('throws at construction on bad options', () => {
    expect(() => batchWithin({ run: () => [], maxBatchSize: 0 })).toThrow(EpicError);
    expect(() => batchWithin({ run: () => [], maxBatchSize: 1.5 })).toThrow(
      /^batchWithin: option "maxBatchSize" must be a positive integer or Infinity, got 1\.5$/,
    );
    expect(() => batchWithin({ run: () => [], windowMs: Number.NaN })).toThrow(
      /^batchWithin: option "windowMs" must be a finite number >= 0, got NaN$/,
    );
    expect(() => batchWithin({ run: undefined as never })).toThrow(EpicError);
    expect(() => batchWithin({ run: () => [], scheduler: {} as never })).toThrow(
      /option "scheduler" must be a SchedulerLike/,
    );
  });
});
