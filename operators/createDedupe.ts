import { defer, Observable, ReplaySubject, Subscription } from 'rxjs';
import { checkCount } from './internal/check-options.js';

/** Options of {@link createDedupe}. */
export interface DedupeOptions {
  /** Keep successful results: `true` = unbounded, a number = at most that many keys (LRU). Default off. */
  readonly cache?: boolean | number;
}

/** A deduplicating caller: `make` runs only when no call with the same key is in flight. */
export type Dedupe<V> = (key: string, make: () => Observable<V>) => Observable<V>;

interface Flight<V> {
  readonly values: ReplaySubject<V>;
  readonly connection: Subscription;
  refs: number;
}

/**
 * Creates an in-flight deduplicator with an optional result cache. Concurrent subscribers with
 * the same key share ONE subscription to `make()`, and each sees every value it emitted (late
 * joiners get a replay). When the last subscriber leaves before it finishes, the shared
 * subscription is torn down (so its HTTP request is aborted). With `cache`, the values of a call
 * that completed are kept and replayed (synchronously) to later subscribers without calling
 * `make`. Failures are never cached: the error reaches the subscribers that shared the call, and
 * the next call retries.
 *
 * Gotcha: only for calls the CALLER declares deterministic (temperature 0, or an explicit
 * opt-in), and the key must encode everything that affects the result (model, parameters,
 * prompt). Sharing a non-deterministic call makes independent samples identical.
 *
 * @example
 * const dedupe = createDedupe<string>({ cache: 500 });
 * const ask = (p: string) => dedupe(`m|t0|${p}`, () => chat(p)); // two asks of p → one request
 */
export function createDedupe<V>(options: DedupeOptions = {}): Dedupe<V> {
  const limit = options.cache === true ? Infinity : options.cache === false ? 0 : (options.cache ?? 0);
  checkCount('createDedupe', 'cache', limit, { min: 0 }); // true and false became Infinity and 0
  const inflight = new Map<string, Flight<V>>();
  const cache = new Map<string, readonly V[]>(); // insertion order = least recently used first

  const remember = (key: string, values: readonly V[]): void => {
    if (limit === 0) return;
    cache.delete(key);
    cache.set(key, values);
    for (const oldest of cache.keys()) {
      if (cache.size <= limit) break;
      cache.delete(oldest);
    }
  };
  const launch = (key: string, make: () => Observable<V>): Flight<V> => {
    const flight: Flight<V> = { values: new ReplaySubject<V>(), connection: new Subscription(), refs: 0 };
    const emitted: V[] = [];
    const land = (): void => {
      if (inflight.get(key) === flight) inflight.delete(key);
    };
    inflight.set(key, flight);
    flight.connection.add(
      defer(make).subscribe({
        next: (value) => {
          emitted.push(value);
          flight.values.next(value);
        },
        error: (error: unknown) => {
          land();
          flight.values.error(error);
        },
        complete: () => {
          land();
          remember(key, emitted);
          flight.values.complete();
        },
      }),
    );
    return flight;
  };

  return (key, make) =>
    new Observable<V>((subscriber) => {
      const hit = cache.get(key);
      if (hit !== undefined) {
        remember(key, hit); // refresh its LRU position
        for (const value of hit) subscriber.next(value);
        return subscriber.complete();
      }
      const flight = inflight.get(key) ?? launch(key, make);
      flight.refs += 1;
      flight.values.subscribe(subscriber); // the subject drops `subscriber` when it tears down
      return () => {
        flight.refs -= 1;
        if (flight.refs === 0 && inflight.get(key) === flight) {
          inflight.delete(key);
          flight.connection.unsubscribe();
        }
      };
    });
}
