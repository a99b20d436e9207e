/**
 * The value of an Observable used as a single value (a program input): the last value it emits
 * before completing. Completing without a value, or erroring (even with `undefined`), is an
 * error. Both evaluators read their Observable inputs through this.
 */
import type { Observable, Subscription } from 'rxjs';
import { EpicRuntimeError } from '../errors.js';

/**
 * Reports `source`'s last value (error first) once it completes; `onValue` hears of each
 * emission. `index` is the input's argument position, for messages. Unsubscribe to stop waiting.
 */
export function subscribeLast(
  source: Observable<unknown>,
  index: number | string,
  done: (error: EpicRuntimeError | undefined, value?: unknown) => void,
  onValue?: () => void,
): Subscription {
  let last: unknown;
  let has = false;
  return source.subscribe({
    next: (x) => {
      last = x;
      has = true;
      onValue?.();
    },
    error: (error: unknown) => done(inputError(index, 'failed', error)),
    complete: () => (has ? done(undefined, last) : done(inputError(index, 'completed without a value'))),
  });
}

/**
 * "Program input 2 (an Observable) failed: …" (`index` an argument position) or `Input "x" …`
 * (a name in `compile()`'s environment), with the source's error as `cause`.
 */
export function inputError(index: number | string, what: string, cause?: unknown): EpicRuntimeError {
  const detail = cause instanceof Error ? `: ${cause.message}` : cause === undefined ? '' : `: ${String(cause)}`;
  const input = typeof index === 'number' ? `Program input ${index + 1}` : `Input ${JSON.stringify(index)}`;
  return new EpicRuntimeError(`${input} (an Observable) ${what}${detail}`, cause === undefined ? {} : { cause });
}
