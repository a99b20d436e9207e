import { defer, map, timer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicError } from '../../lib/errors.js';
import { createDedupe } from '../../operators/createDedupe.js';
import { fromAbortable } from '../../operators/internal/from-abortable.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** Counts how often `make` runs for each key. */
function counting<V>(make: (key: string) => Observable<V>) {
  const made: string[] = [];
  return { made, make: (key: string) => () => (made.push(key), make(key)) };
}

describe('createDedupe: in flight', () => {
  it('shares one subscription between concurrent subscribers of a key', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a|');
      const dedupe = createDedupe<string>();
      expectObservable(dedupe('k', () => source)).toBe('--a|');
      expectObservable(dedupe('k', () => source)).toBe('--a|');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('replays what the shared call already emitted to a late joiner', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b|');
      const dedupe = createDedupe<string>();
      expectObservable(dedupe('k', () => source)).toBe('a-b|');
      expectObservable(
        dedupe('k', () => source),
        '-^',
      ).toBe('-ab|');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('keeps different keys apart', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const [x, y] = [cold('-x|'), cold('-y|')];
      const dedupe = createDedupe<string>();
      expectObservable(dedupe('x', () => x)).toBe('-x|');
      expectObservable(dedupe('y', () => y)).toBe('-y|');
      expectSubscriptions(x.subscriptions).toBe('^-!');
      expectSubscriptions(y.subscriptions).toBe('^-!');
    });
  });

  it('tears the shared call down (aborting it) only when the last subscriber leaves', () => {
    const signals: AbortSignal[] = [];
    const aborted: boolean[] = [];
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      const dedupe = createDedupe<number>();
      const request = () => fromAbortable((signal) => (signals.push(signal), timer(10)));
      expectObservable(dedupe('k', request), '^-!').toBe('');
      expectObservable(dedupe('k', request), '^---!').toBe('');
      scheduler.schedule(() => aborted.push(signals[0]?.aborted ?? true), 3);
    });
    expect(signals).toHaveLength(1);
    expect(aborted).toEqual([false]); // still running after the first subscriber left
    expect(signals[0]?.aborted).toBe(true);
  });

  it('starts a new call after the previous one finished when there is no cache', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a|');
      const dedupe = createDedupe<string>();
      expectObservable(dedupe('k', () => source)).toBe('-a|');
      expectObservable(
        dedupe('k', () => source),
        '---^',
      ).toBe('----a|');
      expectSubscriptions(source.subscriptions).toBe(['^-!', '---^-!']);
    });
  });

  it('starts a new call after the previous one was torn down', () => {
    const { made, make } = counting(() => timer(5).pipe(map(() => 'v')));
    newScheduler().run(({ expectObservable }) => {
      const dedupe = createDedupe<string>({ cache: true });
      expectObservable(dedupe('k', make('k')), '^-!').toBe('');
      expectObservable(dedupe('k', make('k')), '--^').toBe('7ms (v|)');
    });
    expect(made).toEqual(['k', 'k']);
  });
});

describe('createDedupe: cache', () => {
  it('replays a completed result without calling make again', () => {
    const { made, make } = counting(() => timer(2).pipe(map(() => 'v')));
    newScheduler().run(({ expectObservable }) => {
      const dedupe = createDedupe<string>({ cache: true });
      expectObservable(dedupe('k', make('k'))).toBe('--(v|)');
      expectObservable(dedupe('k', make('k')), '5ms ^').toBe('5ms (v|)');
    });
    expect(made).toEqual(['k']);
  });

  it('never caches a failure: subscribers of the failed call share the error, the next call retries', () => {
    const failure = new Error('500');
    let attempt = 0;
    const make = () =>
      defer(() => {
        attempt += 1;
        return timer(1).pipe(
          map(() => {
            if (attempt === 1) throw failure;
            return 'ok';
          }),
        );
      });
    newScheduler().run(({ expectObservable }) => {
      const dedupe = createDedupe<string>({ cache: true });
      expectObservable(dedupe('k', make)).toBe('-#', undefined, failure);
      expectObservable(dedupe('k', make)).toBe('-#', undefined, failure);
      expectObservable(dedupe('k', make), '--^').toBe('---(o|)', { o: 'ok' });
      expectObservable(dedupe('k', make), '----^').toBe('----(o|)', { o: 'ok' });
    });
    expect(attempt).toBe(2);
  });

  it('evicts the least recently used key beyond the cache size', () => {
    const { made, make } = counting((key) => timer(1).pipe(map(() => key)));
    newScheduler().run(({ expectObservable }) => {
      const dedupe = createDedupe<string>({ cache: 2 });
      const at = (frame: number, key: string) => expectObservable(dedupe(key, make(key)), `${frame}ms ^`);
      at(0, 'a').toBe('-(a|)');
      at(2, 'b').toBe('3ms (b|)');
      at(4, 'a').toBe('4ms (a|)'); // hit: a becomes most recent
      at(5, 'c').toBe('6ms (c|)'); // evicts b
      at(8, 'a').toBe('8ms (a|)'); // hit
      at(9, 'b').toBe('10ms (b|)'); // miss: made again
    });
    expect(made).toEqual(['a', 'b', 'c', 'b']);
  });

  it.each([-1, 1.5, Number.NaN])('throws an EpicError for cache %s', (cache) => {
    expect(() => createDedupe({ cache })).toThrow(EpicError);
    expect(() => createDedupe({ cache })).toThrow(
      `createDedupe: option "cache" must be an integer >= 0 or Infinity, got ${cache}`,
    );
  });

  it.each([true, false, 0, 3, Infinity])('accepts cache %s', (cache) => {
    expect(() => createDedupe({ cache })).not.toThrow();
  });
});
