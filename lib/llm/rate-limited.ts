/**
 * How an endpoint's "slow down" reaches beyond the request it answered. When a request gets a
 * 429 with a Retry-After hint, its Llm holds back every request of that endpoint until the hint
 * has passed (`createRateLimitPause`, used by request.ts), and says so on the process-wide
 * diagnostics channel `LLM_RATE_LIMITED` — where a batch's rate gate hears it and pauses every
 * run of the batch, and, on a queue, every worker through Redis (lib/batch/rate-gate.ts).
 *
 * Why a diagnostics channel: the Llm is made by the program's module, which the CLI loads in a
 * loader namespace of its own, with its own copy of epic-rx (lib/cli/load.ts); a channel is found
 * by its name, so the batch hears the Llm whichever copy made it.
 */
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

/** One endpoint's pause: `hold` delays an attempt while it lasts; `note` hears an attempt's error. */
export interface RateLimitPause {
  /** The attempt, subscribed once no pause is in force (a pause set while it waits is waited out too). */
  hold<T>(attempt: Observable<T>): Observable<T>;
  /** A 429 with a Retry-After hint pauses the endpoint until then, and is published on `LLM_RATE_LIMITED`. */
  note(operation: string, error: unknown): void;
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
    note(operation, error) {
      if ((error as { status?: unknown } | null)?.status !== 429) return;
      const hinted = read(error, scheduler.now());
      if (hinted === undefined) return;
      const retryAfterMs = Math.min(hinted, maxRetryAfterMs);
      until = Math.max(until, scheduler.now() + retryAfterMs);
      const reports = channel(LLM_RATE_LIMITED);
      if (reports.hasSubscribers) reports.publish({ retryAfterMs, operation } satisfies LlmRateLimited);
    },
  };
}

/**
 * Calls `listener` for each 429 with a Retry-After hint that any Llm in this process meets,
 * until the returned function is called.
 *
 * @example
 * const stop = onLlmRateLimited(({ retryAfterMs }) => gate.pause(retryAfterMs));
 */
export function onLlmRateLimited(listener: (event: LlmRateLimited) => void): () => void {
  const heard = (message: unknown): void => listener(message as LlmRateLimited);
  subscribe(LLM_RATE_LIMITED, heard);
  return () => void unsubscribe(LLM_RATE_LIMITED, heard);
}
