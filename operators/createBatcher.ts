/*
 * Timing of batches, windows and cancellation — the whole contract in one place.
 *
 * JOINING. A call `batcher(input)` only builds a cold Observable; the caller joins a batch when
 * that Observable is SUBSCRIBED (not when it is created), and each subscription is a separate
 * caller (no dedupe here: the same input may sit twice in one batch; see createDedupe). The
 * caller joins the pending batch of `key(input)`; each key has its own pending batch, window and
 * request. If there is none, the caller opens one, and that opening starts its timer:
 *  - no `windowMs` (default, DataLoader's "same tick"): dispatch is scheduled with delay 0 on
 *    `asapScheduler`, i.e. a microtask after the current synchronous job. Every caller
 *    subscribed during that job joins (all inputs of a combineLatest/forkJoin, every item of a
 *    mergeMap over a synchronous array). A caller subscribing from a LATER microtask (a promise
 *    continuation queued after the flush) misses it and opens the next batch. Unlike DataLoader
 *    we do not defer to process.nextTick after promise jobs.
 *  - `windowMs: w`: dispatch is scheduled w ms after the FIRST caller subscribed, on
 *    `asyncScheduler` (setInterval based). Later callers do not extend it (not a debounce), so a
 *    caller waits at most w ms. `windowMs: 0` is a macrotask window, wider than the same tick.
 *  - a caller subscribing in the same instant as the deadline joins only if it runs before the
 *    timer action; do not rely on either outcome.
 * In TestScheduler run mode both schedulers are virtualised: the same-tick dispatch happens in
 * the SAME frame, after every action already queued for that frame; a window of w dispatches at
 * frame first + w. A `scheduler` option replaces both defaults (used for windows and same tick).
 *
 * SIZE. When the caller that makes `callers.length === maxBatchSize` subscribes, the batch is
 * dispatched at once, synchronously inside that subscribe, and its timer is cancelled. The next
 * caller of that key opens a fresh batch and a fresh window.
 *
 * LEAVING BEFORE DISPATCH. Unsubscribing removes the caller; positions of the others shift (the
 * results still match by position of the callers that remain). The window is not restarted. If
 * the batch becomes empty its timer is cancelled and it is forgotten: no request is made, and the
 * next caller opens a new batch and a new window.
 *
 * DISPATCH. The pending batch is removed from its key first, so a caller subscribing from now on
 * (including a caller created earlier but subscribed late, or one subscribing from inside a
 * result callback) joins the NEXT batch. `run(inputs, { signal })` is called with the inputs in
 * caller order, once per batch, inside the timer action (or the filling subscribe).
 *
 * RESULTS. Only the first emission of `run` counts; the run subscription is closed right after
 * it, without aborting the signal. The emission must be an array with one entry per input:
 * entry i goes to caller i (next + complete), or errors caller i alone if it is an `Error`
 * instance. A wrong length (or a non-array) errors every caller with an EpicBatchError naming
 * both lengths; an error (or a synchronous throw) from `run` errors every caller with that same
 * error; completing without emitting errors every caller with an EpicBatchError. So no caller is
 * ever left hanging, unless `run` itself never answers. Results are delivered synchronously in
 * position order.
 *
 * LEAVING AFTER DISPATCH. The caller gets nothing more; its input was sent, so its slot stays and
 * its result is dropped. When the LAST caller of a dispatched batch leaves before the results
 * arrive, the run subscription is unsubscribed and then the batch's AbortSignal is aborted (so an
 * HTTP request is cancelled). A resolver that ignores the signal has its late answer dropped.
 */
import { asapScheduler, asyncScheduler, Observable, Subscription, type SchedulerLike } from 'rxjs';
import { checkCount, checkNumber } from '../lib/options.js';
import { dispatchBatch, type Batch, type BatchCaller, type BatchResolver } from './dispatchBatch.js';

/** Options of {@link createBatcher}. */
export interface BatcherOptions<I, O> {
  /** The batch resolver: one result (or `Error`) per input, as an array, Promise or Observable. */
  readonly run: BatchResolver<I, O>;
  /** Largest batch; reaching it dispatches at once. Default `Infinity`. */
  readonly maxBatchSize?: number;
  /** Time window opened by the first caller. Default: none, i.e. the same tick. */
  readonly windowMs?: number;
  /** Timer scheduler. Default `asapScheduler` (same tick) or `asyncScheduler` (with a window). */
  readonly scheduler?: SchedulerLike;
  /** Batch group of an input (e.g. model + sampling parameters). Default: one group. */
  readonly key?: (input: I) => string;
}

/**
 * Creates a batching function: each subscribed `batcher(input)` joins the pending batch of its
 * key and emits its own result (then completes) once the batch's resolver answers.
 *
 * Gotcha: the batch is joined at SUBSCRIBE time, and every subscription is a separate caller; the
 * timing rules are in the comment at the top of this file. Bad options throw an EpicError here.
 *
 * @example
 * const embed = createBatcher<string, number[]>({
 *   run: (texts, { signal }) => client.embeddings.create({ model, input: texts }, { signal })
 *     .then((r) => r.data.map((d) => d.embedding)),
 *   maxBatchSize: 64,
 * });
 * forkJoin([embed('a'), embed('b')]); // one request with input ['a', 'b']
 */
export function createBatcher<I, O>(options: BatcherOptions<I, O>): (input: I) => Observable<O> {
  const { run, maxBatchSize = Infinity, windowMs, key = () => '' } = options;
  checkCount('createBatcher', 'maxBatchSize', maxBatchSize);
  if (windowMs !== undefined) checkNumber('createBatcher', 'windowMs', windowMs, { min: 0, finite: true });
  const scheduler = options.scheduler ?? (windowMs === undefined ? asapScheduler : asyncScheduler);
  const pending = new Map<string, Batch<I, O>>();

  const flush = (batch: Batch<I, O>): void => {
    if (pending.get(batch.key) === batch) pending.delete(batch.key);
    batch.timer.unsubscribe();
    dispatchBatch(batch, run);
  };
  const leavePending = (batch: Batch<I, O>, caller: BatchCaller<I, O>): void => {
    batch.callers.splice(batch.callers.indexOf(caller), 1);
    if (batch.callers.length > 0) return;
    batch.timer.unsubscribe();
    pending.delete(batch.key);
  };

  return (input) =>
    new Observable<O>((subscriber) => {
      const k = key(input);
      const existing = pending.get(k);
      const batch: Batch<I, O> = existing ?? { key: k, callers: [], timer: Subscription.EMPTY, leave: undefined };
      const caller = { input, subscriber };
      batch.callers.push(caller);
      if (!existing) pending.set(k, batch);
      if (batch.callers.length >= maxBatchSize) flush(batch);
      else if (!existing) batch.timer = scheduler.schedule(() => flush(batch), windowMs ?? 0);
      return () => (batch.leave ? batch.leave() : leavePending(batch, caller));
    });
}
