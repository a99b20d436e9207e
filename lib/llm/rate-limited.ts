/**
 * How an endpoint's "slow down" reaches beyond the request it answered. When a request gets a
 * 429 with a Retry-After hint, its Llm holds back every request of that endpoint until the hint
 * has passed (`createRateLimitPause`, used by request.ts), and says so on the diagnostics channel
 * `LLM_RATE_LIMITED` — where a batch's rate gate hears it and pauses every run of the batch, and,
 * on a queue, every worker through Redis (lib/batch/rate-limit-scope.ts).
 *
 * Why a diagnostics channel: the Llm is made by the program's module, which the CLI loads in a
 * loader namespace of its own, with its own copy of epic-rx (lib/cli/load.ts); a channel is found
 * by its name, so the batch hears the Llm whichever copy made it.
 *
 * Whose 429 it was: the channel is the whole process's, so the report is published once in the
 * async context of each call the refused request carried (`CallerContext`, kept by sharing.ts
 * and request.ts) — a listener runs synchronously in it and can tell whose calls they were (a
 * batch, by an AsyncLocalStorage of its own). Not where the error arrives: that is the context of
 * whatever subscribed the request, and a limiter slot handed on, a batch of prompts dispatched
 * from a shared RxJS scheduler flush, or a request shared by identical calls each put it in
 * another caller's context.
 */
import { AsyncResource } from 'node:async_hooks';
import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel';
import { asyncScheduler, defer, switchMap, timer, type Observable } from 'rxjs';
import type { BackoffOptions } from '../../operators/index.js';
import { readRetryAfterMs } from '../../operators/internal/retry-after.js';

/** The diagnostics channel on which every Llm of the process reports a 429 with a Retry-After hint. */
export const LLM_RATE_LIMITED = 'epic-rx:llm:rate-limited';

/** What `LLM_RATE_LIMITED` carries. */
export interface LlmRateLimited {
  /** The hint, in ms from when the 429 arrived (capped by the retry policy's `maxRetryAfterMs`). */
  readonly retryAfterMs: number;
  /** The operation whose request was refused ("chat", "complete", …). */
  readonly operation: string;
}

/** The async context a call was made in, where a 429 of the request that carried it is published. */
export type CallerContext = AsyncResource;

/** The calls a request carries, asked when it meets a 429 (calls may join a shared request late). */
export type RequestCallers = () => Iterable<CallerContext>;

/** The current async context, kept as a `CallerContext` (an AsyncResource: ~0.1 µs). */
export function callerContext(): CallerContext {
  return new AsyncResource('epic-rx:llm-call');
}

/** One endpoint's pause: `hold` delays an attempt while it lasts; `note` hears an attempt's error. */
export interface RateLimitPause {
  /** The attempt, subscribed once no pause is in force (a pause set while it waits is waited out too). */
  hold<T>(attempt: Observable<T>): Observable<T>;
  /**
   * A 429 with a Retry-After hint pauses the endpoint until then, and is published on
   * `LLM_RATE_LIMITED` — one message, published in each of `callers` (default: here).
   */
  note(operation: string, error: unknown, callers?: Iterable<CallerContext>): void;
}

/**
 * The pause of one Llm's endpoint, read as its retry policy reads a hint: on the policy's
 * scheduler, with its `retryAfterMs` reader, cut to its `maxRetryAfterMs` — so the endpoint
 * pauses exactly as long as the refused request waits before its retry.
 *
 * @example
 * const pause = createRateLimitPause(policy);
 * pause.hold(attempt).pipe(limit, tap({ error: (e) => pause.note('chat', e) }), retryWithBackoff(policy));
 */
export function createRateLimitPause(policy: BackoffOptions): RateLimitPause {
  const { scheduler = asyncScheduler, retryAfterMs: read = readRetryAfterMs, maxRetryAfterMs = Infinity } = policy;
  let until = Number.NEGATIVE_INFINITY;
  const hold = <T>(attempt: Observable<T>): Observable<T> =>
    defer(() => {
      const wait = until - scheduler.now();
      return wait > 0 ? timer(wait, scheduler).pipe(switchMap(() => hold(attempt))) : attempt;
    });
  return {
    hold,
    note(operation, error, callers) {
      if ((error as { status?: unknown } | null)?.status !== 429) return;
      const hinted = read(error, scheduler.now());
      if (hinted === undefined) return;
      const retryAfterMs = Math.min(hinted, maxRetryAfterMs);
      until = Math.max(until, scheduler.now() + retryAfterMs);
      const reports = channel(LLM_RATE_LIMITED);
      if (!reports.hasSubscribers) return;
      const message: LlmRateLimited = { retryAfterMs, operation };
      const publish = (): void => reports.publish(message);
      if (callers === undefined) return publish();
      for (const caller of callers) caller.runInAsyncScope(publish);
    },
  };
}

/**
 * Calls `listener` for each 429 with a Retry-After hint that any Llm in this process meets —
 * once, though it is published in each caller's context — until the returned function is called.
 * With `accept`, only for the 429s of calls for which `accept()` holds: it runs in each caller's
 * async context in turn (so an AsyncLocalStorage's store is that call's), and the first that
 * holds is heard.
 *
 * @example
 * const stop = onLlmRateLimited(({ retryAfterMs }) => gate.pause(retryAfterMs));
 * const mine = onLlmRateLimited(pauseGate, () => batchOf.getStore() === thisBatch);
 */
export function onLlmRateLimited(listener: (event: LlmRateLimited) => void, accept?: () => boolean): () => void {
  let last: unknown;
  const heard = (message: unknown): void => {
    if (message === last || (accept !== undefined && !accept())) return;
    last = message;
    listener(message as LlmRateLimited);
  };
  subscribe(LLM_RATE_LIMITED, heard);
  return () => void unsubscribe(LLM_RATE_LIMITED, heard);
}
