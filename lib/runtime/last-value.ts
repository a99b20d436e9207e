/**
 * The value of an Observable used as a single value (a program input): the last value it emits
 * before completing. Completing without a value, or erroring (even with `undefined`), is an
 * error. Both evaluators read their Observable inputs through this.
 */
import type { Observable, Subscription } from 'rxjs';
import { EpicRuntimeError } from '../errors.js';

/** Reports `source`'s last value (error first) once it completes; unsubscribe to stop waiting. */
export function subscribeLast(source: Observable<unknown>, done: (error: unknown, value?: unknown) => void): Subscription {
  let last: unknown;
  let has = false;
  return source.subscribe({
    next: (x) => {
      last = x;
      has = true;
    },
    error: (error: unknown) => done(error ?? new EpicRuntimeError('A program input Observable failed')),
    complete: () => (has ? done(undefined, last) : done(new EpicRuntimeError('A program input Observable completed without a value'))),
  });
}
