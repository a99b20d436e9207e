import { Observable } from 'rxjs';
import { checkCount } from './internal/check-options.js';

/** A shared concurrency bound; apply it to any number of Observables with `.pipe(limiter)`. */
export type Limiter = <T>(source: Observable<T>) => Observable<T>;

/**
 * Creates a concurrency limiter shared by every Observable piped through it: at most
 * `maxConcurrent` of them are subscribed at a time. A source is subscribed only when a slot is
 * free; subscriptions wait in FIFO order. The slot is released when the source completes, errors
 * or is unsubscribed, and the next waiting source starts at once (synchronously, inside that
 * release). Unsubscribing while waiting just leaves the queue.
 *
 * Gotcha: the bound counts subscriptions, not values. A source that never completes holds its
 * slot until it is unsubscribed, and piping the same limiter twice around one source (nested)
 * can deadlock with `maxConcurrent` sources each waiting for a slot inside another.
 *
 * @example
 * const perEndpoint = createLimiter(8);
 * const answers = prompts.map((p) => ask(p).pipe(perEndpoint)); // at most 8 requests in flight
 */
export function createLimiter(maxConcurrent: number): Limiter {
  checkCount('createLimiter', 'maxConcurrent', maxConcurrent);
  let active = 0;
  let draining = false;
  const waiting = new Set<() => void>(); // insertion order = FIFO; O(1) removal when a waiter leaves

  const drain = (): void => {
    if (draining) return; // the loop below is already running further up the stack
    draining = true;
    try {
      for (const start of waiting) {
        if (active >= maxConcurrent) break;
        waiting.delete(start);
        start();
      }
    } finally {
      draining = false;
    }
  };

  return <T>(source: Observable<T>) =>
    new Observable<T>((subscriber) => {
      let holding = false;
      const start = (): void => {
        holding = true;
        active += 1;
        source.subscribe(subscriber); // like `defer`: the source's teardown joins `subscriber`
      };
      waiting.add(start);
      drain();
      return () => {
        if (!holding) {
          waiting.delete(start);
          return;
        }
        holding = false;
        active -= 1;
        drain();
      };
    });
}
