/**
 * Flow control for any host function, with the operators the LLM layer uses (operators/):
 * `external(fn, { timeoutMs, retry, concurrency })`.
 *
 * Each call becomes an Observable: an attempt calls `fn` with a `HostContext` of its own, whose
 * `signal` aborts when the attempt ends early (timed out, or the call is no longer needed), so a
 * host that passes `this.signal` to `fetch` has its request cancelled. `timeoutMs` fails an
 * attempt that has not answered in time (for a streaming result: that has not produced its next
 * item in time) with an `EpicTimeoutError`; `retry` runs another attempt after a transient
 * error (the operators' `retryWithBackoff`: a timeout, HTTP 408/409/429/5xx or an error
 * without a status), with exponential backoff; `concurrency` bounds the calls of this host in
 * flight at once, across runs (the `createLimiter` operator; a waiting call takes no slot, and
 * its retries keep theirs).
 */
import {
  defer,
  from,
  isObservable,
  of,
  throwError,
  timeout,
  type Observable,
  type ObservableInput,
  type SchedulerLike,
} from 'rxjs';
import { createLimiter } from '../../operators/createLimiter.js';
import { fromAbortable } from '../../operators/internal/from-abortable.js';
import { retryWithBackoff, type BackoffOptions } from '../../operators/retryWithBackoff.js';
import { EpicError, EpicTimeoutError } from '../errors.js';
import type { JoinedRequest } from './batched.js';
import type { HostContext } from './host-calls.js';
import { isObservableInput, isStreamSource } from './stream-source.js';

/** Flow-control options of a host function (see the module comment). */
export interface FlowOptions {
  /** Fail an attempt that has not answered (or produced its next item) within this many ms. */
  readonly timeoutMs?: number;
  /** Retries of transient errors: how many, or the full backoff options. Default: none. */
  readonly retry?: number | BackoffOptions;
  /** The most calls of this host in flight at once. Default: no bound. */
  readonly concurrency?: number;
  /** Where timeouts and backoff waits run (a `TestScheduler` for virtual time). Default asyncScheduler. */
  readonly scheduler?: SchedulerLike;
}

/** Whether `options` asks for any flow control. */
export function hasFlow(options: FlowOptions): boolean {
  return options.timeoutMs !== undefined || options.retry !== undefined || options.concurrency !== undefined;
}

/** `fn` with the flow control `options` ask for; its calls return Observables. */
export function withFlow(
  fn: Function,
  options: FlowOptions,
  streams: boolean,
): (this: HostContext, ...args: unknown[]) => Observable<unknown> {
  const { timeoutMs, retry, concurrency, scheduler } = options;
  const limit = concurrency === undefined ? undefined : createLimiter(concurrency);
  const backoff: BackoffOptions | undefined =
    retry === undefined
      ? undefined
      : typeof retry === 'number'
        ? { maxRetries: retry, ...(scheduler ? { scheduler } : {}) }
        : { ...(scheduler ? { scheduler } : {}), ...retry };
  if (backoff && streams)
    throw new EpicError(
      'external(): retry cannot be combined with stream (a retry would repeat the items already delivered)',
    );
  return function (this: HostContext, ...args: unknown[]) {
    let attempt: Observable<unknown> = fromAbortable((signal) => {
      const joined = (request: JoinedRequest): void => this.joined?.(request);
      const context: HostContext = { callId: this.callId, signal: AbortSignal.any([this.signal, signal]), joined };
      return toObservable(fn.apply(context, args), streams);
    });
    if (timeoutMs !== undefined) {
      const fail = () => throwError(() => new EpicTimeoutError(`no answer within timeoutMs (${timeoutMs} ms)`));
      attempt = attempt.pipe(timeout({ each: timeoutMs, with: fail, ...(scheduler ? { scheduler } : {}) }));
    }
    if (backoff) attempt = attempt.pipe(retryWithBackoff({ shouldRetry: isRetryable, ...backoff }));
    return limit ? limit(defer(() => attempt)) : attempt;
  };
}

/** A host's result as an Observable (a plain value as one emission; a stream's items). */
function toObservable(result: unknown, streams: boolean): ObservableInput<unknown> {
  if (isStreamSource(result)) {
    if (streams) return result.source;
    throw new EpicError(
      `the host returned a ${result.kind} stream: declare it with external(fn, { stream: '${result.kind}', … }) to give it flow control`,
    );
  }
  if (isObservable(result) || (isObservableInput(result) && typeof result !== 'string' && !Array.isArray(result)))
    return from(result as ObservableInput<unknown>);
  return of(result);
}

/** Transient errors: timeouts, HTTP 408/409/429/5xx, errors without a status; not aborts or misuse. */
function isRetryable(error: unknown): boolean {
  if (error instanceof EpicTimeoutError) return true;
  if (error instanceof EpicError) return false;
  const { status, name } = Object(error) as { status?: unknown; name?: unknown };
  if (typeof status === 'number') return status === 408 || status === 409 || status === 429 || status >= 500;
  return name !== 'AbortError';
}

/** Throws `EpicError` for a bad flow option. */
export function checkFlow(options: FlowOptions): void {
  const { timeoutMs, retry, concurrency, scheduler } = options;
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw new EpicError(`external(): timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  }
  if (
    retry !== undefined &&
    !(typeof retry === 'object' && retry !== null) &&
    !(Number.isInteger(retry) && (retry as number) >= 0)
  ) {
    throw new EpicError(`external(): retry must be a number of retries (≥ 0) or backoff options, got ${String(retry)}`);
  }
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    throw new EpicError(`external(): concurrency must be a positive integer, got ${String(concurrency)}`);
  }
  if (scheduler !== undefined && typeof scheduler?.schedule !== 'function')
    throw new EpicError('external(): scheduler must be an RxJS SchedulerLike');
}
