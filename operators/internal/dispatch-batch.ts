/**
 * The dispatch half of {@link createBatcher}: sends one closed batch to the resolver and routes
 * the answer back to its callers. `dispatchBatch` is internal (the index re-exports only the
 * resolver types); `createBatcher.ts` holds the comment that explains the timing as a whole.
 */
import { defer, from, of, Subscription, type Observable, type ObservableInput, type Subscriber } from 'rxjs';
import { EpicBatchError } from './errors.js';

/** What a batch resolver receives besides its inputs. */
export interface BatchContext {
  /** Aborted when every caller of the batch unsubscribed before the results arrived. */
  readonly signal: AbortSignal;
}

/**
 * A batch resolver: one result per input, by position; an `Error` fails only its own caller. It
 * may return the results array itself, or a Promise or Observable of it. A plain array returned
 * is ALWAYS the results (not, as `from` would read it, a sequence of emissions); so is any value
 * `from` rejects (e.g. `undefined`), which then fails as a non-array.
 */
export type BatchResolver<I, O> = (
  inputs: I[],
  context: BatchContext,
) => ReadonlyArray<O | Error> | ObservableInput<ReadonlyArray<O | Error>>;

/** One subscribed call waiting in a batch. */
export interface BatchCaller<I, O> {
  readonly input: I;
  readonly subscriber: Subscriber<O>;
}

/** A batch: pending while `leave` is undefined, dispatched once `leave` is set. */
export interface Batch<I, O> {
  readonly key: string;
  readonly callers: Array<BatchCaller<I, O>>;
  /** The window (or same-tick) timer; cancelled at dispatch or when the batch empties. */
  timer: Subscription;
  /** Set at dispatch: what a caller's teardown calls from then on. */
  leave: (() => void) | undefined;
}

/**
 * Dispatches `batch`: sets `batch.leave` (so teardowns running during a synchronous resolver
 * already see a dispatched batch), then subscribes to `run(inputs, { signal })`. Only the first
 * emission is used; the run subscription is closed once it is delivered, without aborting the
 * signal. When the last caller leaves before that, the run subscription is closed and the signal
 * aborted. A run whose teardown throws still settles every caller first. `done` is called once,
 * when the batch is over either way (after its callers have their results).
 *
 * @example
 * batch.timer.unsubscribe();
 * dispatchBatch(batch, (inputs) => of(inputs.map((s) => s.length)));
 */
export function dispatchBatch<I, O>(batch: Batch<I, O>, run: BatchResolver<I, O>, done: () => void = () => {}): void {
  const { callers } = batch;
  const controller = new AbortController();
  const connection = new Subscription();
  let settled = false;
  let live = callers.length;
  const settle = (deliver: () => void): void => {
    if (settled) return;
    settled = true;
    try {
      deliver();
    } finally {
      connection.unsubscribe();
      done();
    }
  };
  batch.leave = () => {
    live -= 1;
    if (live > 0 || settled) return;
    settled = true;
    try {
      connection.unsubscribe();
    } finally {
      controller.abort();
      done();
    }
  };
  const inputs = callers.map((caller) => caller.input);
  connection.add(
    defer(() => resultsOf<ReadonlyArray<O | Error>>(run(inputs, { signal: controller.signal }))).subscribe({
      next: (results) => settle(() => deliver(callers, results)),
      error: (error: unknown) => settle(() => failAll(callers, error)),
      complete: () =>
        settle(() =>
          failAll(callers, new EpicBatchError(`Batch resolver completed without results for ${callers.length} inputs`)),
        ),
    }),
  );
}

/**
 * What `run` returned, as an Observable of its results: a plain array is the results; anything
 * `from` reads (Promise, Observable, iterable, …) is read by `from`; any other value is taken as
 * the results, so `undefined` from a forgotten return fails in `deliver` exactly as a Promise of
 * `undefined` would, not with RxJS's "You provided 'undefined' where a stream was expected".
 */
function resultsOf<R>(out: unknown): Observable<R> {
  if (Array.isArray(out)) return of(out as R);
  try {
    return from(out as ObservableInput<R>);
  } catch (notAnInput) {
    if (!(notAnInput instanceof TypeError)) throw notAnInput;
    return of(out as R);
  }
}

function deliver<I, O>(callers: ReadonlyArray<BatchCaller<I, O>>, results: ReadonlyArray<O | Error>): void {
  if (!Array.isArray(results) || results.length !== callers.length) {
    const got = Array.isArray(results)
      ? `${results.length} results`
      : `a non-array (${results === null ? 'null' : typeof results})`;
    failAll(callers, new EpicBatchError(`Batch resolver returned ${got} for ${callers.length} inputs`));
    return;
  }
  callers.forEach(({ subscriber }, i) => {
    const result = results[i] as O | Error;
    if (result instanceof Error) return subscriber.error(result);
    subscriber.next(result);
    subscriber.complete();
  });
}

function failAll<I, O>(callers: ReadonlyArray<BatchCaller<I, O>>, error: unknown): void {
  for (const { subscriber } of callers) subscriber.error(error);
}
