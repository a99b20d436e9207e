/*
 * Timing of batches, windows and cancellation — the whole contract in one place.
 *
 * JOINING. A call `batcher(input)` only builds a cold Observable; the caller joins a batch when
 * that Observable is SUBSCRIBED (not when it is created), and each subscription is a separate
 * caller (no dedupe here: the same input may sit twice in one batch; see createDedupe). The
 * caller joins the pending batch of `key(input)`; each key has its own pending batch, window and
 * request. If there is none, the caller opens one, and that opening starts its window:
 *  - no `windowMs`, `tick: 'afterPromiseJobs'` (the default; DataLoader's window): the opening
 *    schedules a step on `asapScheduler` (a promise job, i.e. a microtask), and that step calls
 *    `process.nextTick(dispatch)`. Node runs a nextTick queued from a promise job only once the
 *    microtask queue is EMPTY, so every caller subscribed before the promise jobs run out joins:
 *    the current synchronous job, every `await` / `.then` continuation chained from it however
 *    deep (`await x; await y; load(k)`), and nextTick callbacks queued before the dispatch.
 *    Timers, setImmediate and I/O callbacks come later and open the next batch. This is exactly
 *    DataLoader's `enqueuePostPromiseJob` (`resolvedPromise.then(() => process.nextTick(fn))`).
 *    Where there is no `process.nextTick` (a browser), the second step is a macrotask on
 *    `asyncScheduler` (delay 0), as DataLoader falls back to setImmediate / setTimeout.
 *  - no `windowMs`, `tick: 'microtask'`: dispatch is scheduled with delay 0 on `asapScheduler`,
 *    i.e. in the first microtask after the current synchronous job. Every caller subscribed
 *    during that job joins (all inputs of a combineLatest/forkJoin, every item of a mergeMap over
 *    a synchronous array); a caller subscribing from a promise continuation misses it.
 *  - `windowMs: w`: dispatch is scheduled w ms after the FIRST caller subscribed, on
 *    `asyncScheduler` (setInterval based). Later callers do not extend it (not a debounce), so a
 *    caller waits at most w ms. `windowMs: 0` is a macrotask window, wider than either tick.
 *  - a caller subscribing in the same instant as the deadline joins only if it runs before the
 *    timer action; do not rely on either outcome.
 * A `scheduler` option replaces all of these: the window is `scheduler.schedule(dispatch, windowMs
 * ?? 0)`, whatever `tick` says. That is how virtual time works: with a TestScheduler (passed as
 * `scheduler`) the same-tick dispatch happens in the SAME frame, after every action already
 * queued for that frame, and a window of w dispatches at frame first + w. TestScheduler run mode
 * also virtualises the defaults of `tick: 'microtask'` and `windowMs`, but not the default tick:
 * its nextTick step is real, so a marble test of the default tick must pass the scheduler.
 *
 * SIZE. When the caller that makes `callers.length === maxBatchSize` subscribes, the batch is
 * dispatched at once, synchronously inside that subscribe, then its window is cancelled. The
 * next caller of that key opens a fresh batch and a fresh window (`maxBatchSize: 1` opens none).
 *
 * CONCURRENCY. With `maxConcurrentBatches: c`, at most c dispatched batches (of any key) await
 * their results at once. A batch whose window ends while c are out is not dispatched: it stays
 * pending, so callers keep joining it (up to `maxBatchSize`; a full batch stops taking callers and
 * the next caller of its key opens a new one), and it is dispatched when a batch in flight is over
 * (answered, failed, or left by all its callers), the earliest waiting first. So a backlog
 * becomes fewer, fuller batches instead of a queue of small ones. Default: no limit.
 *
 * LEAVING BEFORE DISPATCH. Unsubscribing removes the caller; positions of the others shift (the
 * results still match by position of the callers that remain). The window is not restarted. If
 * the batch becomes empty it is forgotten and its window cancelled: no request is made, and the
 * next caller opens a new batch and a new window.
 *
 * DISPATCH. The pending batch is removed from its key first, so a caller subscribing from now on
 * (including a caller created earlier but subscribed late, or one subscribing from inside a
 * result callback or from inside `run`) joins the NEXT batch. `run(inputs, { signal })` is called
 * with the inputs in caller order, once per batch, inside the window's action (or the filling
 * subscribe).
 *
 * RESULTS. Only the first emission of `run` counts; the run subscription is closed right after
 * the results are delivered, without aborting the signal. The results must be an array with one
 * entry per input: entry i goes to caller i (next + complete), or errors caller i alone if it is
 * an `Error` instance. A plain array returned synchronously is the results; so is any other value
 * that is not an ObservableInput (`undefined` from a forgotten return, `null`, `42`, `{}`), and
 * then it fails like the same value inside a Promise. A wrong length or a non-array errors every
 * caller with an EpicBatchError naming both; an error (or a synchronous throw) from `run` errors
 * every caller with that same error; completing without emitting errors every caller with an
 * EpicBatchError. Results are delivered synchronously in position order.
 *
 * NOBODY HANGS. Every state change happens before the foreign code that could throw, so a throw
 * fails only the caller whose subscribe ran it and leaves no batch behind: a throwing `key` fails
 * its caller before it joins; a `scheduler.schedule` that throws fails the opening caller and its
 * batch is dropped, so the next caller opens a fresh one; a throwing `run` fails its batch. The
 * one way to hang a caller is a `run` (or a scheduler) that never answers at all.
 *
 * LEAVING AFTER DISPATCH. The caller gets nothing more; its input was sent, so its slot stays and
 * its result is dropped. When the LAST caller of a dispatched batch leaves before the results
 * arrive, the run subscription is unsubscribed and then the batch's AbortSignal is aborted (so an
 * HTTP request is cancelled). A resolver that ignores the signal has its late answer dropped.
 */
import { asapScheduler, asyncScheduler, Observable, Subscription, type SchedulerLike } from 'rxjs';
import { EpicError } from './internal/errors.js';
import { checkCount, checkNumber } from './internal/check-options.js';
import { dispatchBatch, type Batch, type BatchCaller, type BatchResolver } from './internal/dispatch-batch.js';

/** Where the same-tick window ends (when there is no `windowMs`); see {@link BatcherOptions.tick}. */
export type BatchTick = 'afterPromiseJobs' | 'microtask';

/** Options of {@link createBatcher}. */
export interface BatcherOptions<I, O> {
  /** The batch resolver: one result (or `Error`) per input, as an array, Promise or Observable. */
  readonly run: BatchResolver<I, O>;
  /** Largest batch; reaching it dispatches at once. Default `Infinity`. */
  readonly maxBatchSize?: number;
  /** Time window opened by the first caller. Default: none, i.e. the same tick. */
  readonly windowMs?: number;
  /**
   * The same tick, without `windowMs` and `scheduler`: `'afterPromiseJobs'` (default, as
   * DataLoader: once the promise jobs run out, so callers after a few `await`s still join) or
   * `'microtask'` (the first microtask: only callers of the same synchronous job join).
   */
  readonly tick?: BatchTick;
  /** Runs every window (delay 0 for the same tick), e.g. a TestScheduler. Default: see `tick`. */
  readonly scheduler?: SchedulerLike;
  /** Batch group of an input (e.g. model + sampling parameters). Default: one group. */
  readonly key?: (input: I) => string;
  /**
   * Most batches (of any key) awaiting results at once; a batch due while that many are out waits,
   * still taking callers, for one to finish. Default `Infinity`.
   */
  readonly maxConcurrentBatches?: number;
}

const OPTION_NAMES: readonly string[] = [
  'run',
  'maxBatchSize',
  'windowMs',
  'tick',
  'scheduler',
  'key',
  'maxConcurrentBatches',
];
const TICKS: readonly string[] = ['afterPromiseJobs', 'microtask'] satisfies readonly BatchTick[];

/**
 * Creates a batching function: each subscribed `batcher(input)` joins the pending batch of its
 * key and emits its own result (then completes) once the batch's resolver answers.
 *
 * Gotcha: the batch is joined at SUBSCRIBE time, and every subscription is a separate caller; by
 * default the window lasts until the promise jobs run out (DataLoader's tick), which real time
 * has but TestScheduler run mode cannot fake: pass `scheduler` in marble tests. The timing rules
 * are in the comment at the top of this file. Bad options throw an EpicError here.
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
  checkOptions(options);
  const { run, maxBatchSize = Infinity, key = () => '', maxConcurrentBatches = Infinity } = options;
  const openWindow = windowOpener(options);
  const pending = new Map<string, Batch<I, O>>();
  let inFlight = 0;
  /** Batches due (window over, or full) while `maxConcurrentBatches` were out; earliest first. */
  const due: Array<Batch<I, O>> = [];

  const send = (batch: Batch<I, O>): void => {
    if (pending.get(batch.key) === batch) pending.delete(batch.key);
    inFlight += 1;
    dispatchBatch(batch, run, over);
  };
  let pumping = false;
  /** Sends due batches while there is room; a loop, not recursion, however fast resolvers answer. */
  const pump = (): void => {
    if (pumping) return;
    pumping = true;
    try {
      while (inFlight < maxConcurrentBatches && due.length > 0) send(due.shift()!);
    } finally {
      pumping = false;
    }
  };
  const over = (): void => {
    inFlight -= 1;
    pump();
  };
  /** The batch's window ended, or it filled up: send it, or queue it (still open to callers unless full). */
  const dispatch = (batch: Batch<I, O>): void => {
    if (inFlight < maxConcurrentBatches && due.length === 0) {
      send(batch);
      return;
    }
    if (!due.includes(batch)) due.push(batch);
    if (batch.callers.length >= maxBatchSize && pending.get(batch.key) === batch) pending.delete(batch.key);
    pump();
  };
  const open = (k: string, caller: BatchCaller<I, O>): Batch<I, O> => {
    const batch: Batch<I, O> = { key: k, callers: [caller], timer: Subscription.EMPTY, leave: undefined };
    pending.set(k, batch);
    if (maxBatchSize === 1) return batch;
    try {
      batch.timer = openWindow(() => {
        if (pending.get(k) === batch) dispatch(batch); // not if it filled up or emptied meanwhile
      });
    } catch (error) {
      if (pending.get(k) === batch) pending.delete(k); // no window: drop it, the next caller opens anew
      throw error; // fails this caller alone (the Observable's subscribe catches it)
    }
    return batch;
  };
  const leavePending = (batch: Batch<I, O>, caller: BatchCaller<I, O>): void => {
    batch.callers.splice(batch.callers.indexOf(caller), 1);
    if (batch.callers.length > 0) return;
    if (pending.get(batch.key) === batch) pending.delete(batch.key);
    const waiting = due.indexOf(batch);
    if (waiting >= 0) due.splice(waiting, 1);
    batch.timer.unsubscribe();
  };

  return (input) =>
    new Observable<O>((subscriber) => {
      const k = key(input); // may throw: nothing is registered yet
      const caller: BatchCaller<I, O> = { input, subscriber };
      const existing = pending.get(k);
      if (existing) existing.callers.push(caller);
      const batch = existing ?? open(k, caller);
      if (!batch.leave && batch.callers.length >= maxBatchSize) {
        dispatch(batch);
        batch.timer.unsubscribe();
      }
      return () => (batch.leave ? batch.leave() : leavePending(batch, caller));
    });
}

/** How a batch's window is opened: schedules `dispatch`, returns what cancels it. */
type WindowOpener = (dispatch: () => void) => Subscription;

function windowOpener(
  options: Pick<BatcherOptions<unknown, unknown>, 'scheduler' | 'windowMs' | 'tick'>,
): WindowOpener {
  const { scheduler, windowMs, tick = 'afterPromiseJobs' } = options;
  if (scheduler) return (dispatch) => scheduler.schedule(dispatch, windowMs ?? 0);
  if (windowMs !== undefined) return (dispatch) => asyncScheduler.schedule(dispatch, windowMs);
  if (tick === 'microtask') return (dispatch) => asapScheduler.schedule(dispatch);
  const hasNextTick = typeof process === 'object' && typeof process.nextTick === 'function';
  const afterMicrotasks = hasNextTick
    ? (step: () => void) => process.nextTick(step)
    : (step: () => void) => void asyncScheduler.schedule(step);
  // Cancelling stops the first step; after it, the dispatch's own check (is the batch still
  // pending?) makes a late nextTick harmless.
  return (dispatch) => asapScheduler.schedule(() => afterMicrotasks(dispatch));
}

/** Throws an EpicError naming the first bad option (programmer misuse fails at construction). */
function checkOptions<I, O>(options: BatcherOptions<I, O>): void {
  if (typeof options !== 'object' || options === null) {
    throw new EpicError(`createBatcher: options must be an object with a "run" function, got ${shown(options)}`);
  }
  const unknown = Object.keys(options).find((name) => !OPTION_NAMES.includes(name));
  if (unknown !== undefined) {
    throw new EpicError(`createBatcher: unknown option "${unknown}" (known: ${OPTION_NAMES.join(', ')})`);
  }
  const { run, maxBatchSize, windowMs, tick, scheduler, key, maxConcurrentBatches } = options;
  if (typeof run !== 'function') throw bad('run', 'a function (inputs, { signal }) => results', run);
  if (maxBatchSize !== undefined) checkCount('createBatcher', 'maxBatchSize', maxBatchSize);
  if (maxConcurrentBatches !== undefined) checkCount('createBatcher', 'maxConcurrentBatches', maxConcurrentBatches);
  if (windowMs !== undefined) checkNumber('createBatcher', 'windowMs', windowMs, { min: 0, finite: true });
  if (tick !== undefined && !TICKS.includes(tick)) throw bad('tick', `one of ${TICKS.map(shown).join(', ')}`, tick);
  if (scheduler !== undefined && !isScheduler(scheduler)) {
    throw bad('scheduler', 'a SchedulerLike (an object with schedule and now methods)', scheduler);
  }
  if (key !== undefined && typeof key !== 'function') throw bad('key', 'a function (input) => string', key);
}

function isScheduler(value: unknown): value is SchedulerLike {
  const candidate = value as Partial<SchedulerLike> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.schedule === 'function' &&
    typeof candidate.now === 'function'
  );
}

function bad(name: string, expected: string, value: unknown): EpicError {
  return new EpicError(`createBatcher: option "${name}" must be ${expected}, got ${shown(value)}`);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
