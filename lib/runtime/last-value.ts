/**
 * The value of an Observable used as a single value (a program input): the last value it emits
 * before completing. Completing without a value, or erroring (even with `undefined`), is an
 * error. Both evaluators read their Observable inputs through `subscribeLast`: the opportunistic
 * run into a Cell per input (run.ts `input`), a sequential run all of them before it starts
 * (`awaitInputs`).
 */
import { defaultIfEmpty, isObservable, last, map, type Observable, type Subscription } from 'rxjs';
import { EpicRuntimeError } from '../errors.js';
import { collectStream } from './stream-sink.js';
import { isStreamSource, type StreamSource } from './stream-source.js';

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

/**
 * Waits for every Observable argument (its last value) and stream argument (read whole, as one
 * value: the sequential reading of a stream), all at once; then calls `ready` with the arguments
 * replaced by their values (at once, if none is an Observable or a stream). The first failure
 * calls `fail` and stops waiting for the others. Returns a function that stops waiting.
 */
export function awaitInputs(
  args: readonly unknown[],
  ready: (values: unknown[]) => void,
  fail: (error: unknown) => void,
): () => void {
  const values = [...args];
  const subscriptions: Subscription[] = [];
  let waiting = 1;
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    for (const s of subscriptions) s.unsubscribe();
  };
  const arrived = (): void => {
    if (--waiting === 0 && !stopped) ready(values);
  };
  values.forEach((a, i) => {
    if (stopped || (!isObservable(a) && !isStreamSource(a))) return;
    waiting++;
    subscriptions.push(
      subscribeLast(isStreamSource(a) ? whole(a) : a, i, (error, value) => {
        if (stopped) return;
        if (error !== undefined) {
          stop();
          fail(error);
          return;
        }
        values[i] = value;
        arrived();
      }),
    );
  });
  arrived();
  return stop;
}

/** A stream read whole, as one value. */
function whole(stream: StreamSource): Observable<unknown> {
  const sink = collectStream(stream.kind);
  const part = (x: unknown): void => {
    if (stream.kind === 'text' && typeof x !== 'string')
      throw new Error(`(a text stream) emitted ${typeof x}, not a string`);
    sink.part(x);
  };
  return stream.source.pipe(
    map(part),
    defaultIfEmpty(undefined),
    last(),
    map(() => sink.value()),
  );
}
