import { asyncScheduler, retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import { checkCount, checkNumber } from './internal/check-options.js';
import { readRetryAfterMs } from './internal/retry-after.js';

/** Options of {@link retryWithBackoff}; every field is optional. */
export interface BackoffOptions {
  /** Retries after the first attempt (so at most `maxRetries + 1` subscriptions). Default 3. */
  readonly maxRetries?: number;
  /** Delay before retry 1. Default 500. */
  readonly initialDelayMs?: number;
  /** Growth per retry: retry n waits `initialDelayMs * factor ** (n - 1)`. Default 2. */
  readonly factor?: number;
  /** Cap of the computed delay (not of a Retry-After hint). Default 30 000. */
  readonly maxDelayMs?: number;
  /** 0..1: the fraction of the computed delay taken away at random (1 = "full jitter"). Default 0. */
  readonly jitter?: number;
  /** Random source in [0, 1) for jitter; inject one for determinism. Default `Math.random`. */
  readonly random?: () => number;
  /** Whether an error is worth retrying. Default: HTTP 408, 409, 429, >= 500, or no status. */
  readonly shouldRetry?: (error: unknown) => boolean;
  /** The server's wait hint in ms, or undefined. Default {@link readRetryAfterMs}. */
  readonly retryAfterMs?: (error: unknown, nowMs: number) => number | undefined;
  /** Cap of a Retry-After wait. Default `Infinity`. */
  readonly maxRetryAfterMs?: number;
  /** Where the waits run (and whose clock dates are measured on). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Resubscribes to the source after an error, waiting with exponential backoff, up to
 * `maxRetries` times. When the error carries a Retry-After hint (`error.headers`, as on the
 * openai SDK's `APIError`), that wait is used instead of the computed one (capped by
 * `maxRetryAfterMs`, never jittered). An error `shouldRetry` rejects is passed on at once; after
 * the last retry the last error is passed on.
 *
 * Gotchas: retries must have ONE owner — when the source is an openai SDK call, create the
 * client with `maxRetries: 0`, or every attempt here hides up to 3 SDK attempts with their own
 * waits. A retry resubscribes, so values the failed attempt already emitted are emitted again:
 * use it on single-result requests, or on streams where a restart is what you want.
 *
 * @example
 * fromAbortable((signal) => client.chat.completions.create(body, { signal }))
 *   .pipe(retryWithBackoff({ maxRetries: 4, initialDelayMs: 250, jitter: 0.5 }));
 */
export function retryWithBackoff<T>(options: BackoffOptions = {}): MonoTypeOperatorFunction<T> {
  const { maxRetries = 3, initialDelayMs = 500, factor = 2, maxDelayMs = 30_000, jitter = 0 } = options;
  const { random = Math.random, shouldRetry = isTransient, retryAfterMs = readRetryAfterMs } = options;
  const { maxRetryAfterMs = Infinity, scheduler = asyncScheduler } = options;
  checkOptions({ maxRetries, initialDelayMs, factor, maxDelayMs, jitter, maxRetryAfterMs });
  return retry<T>({
    count: maxRetries,
    delay: (error: unknown, retryCount: number) => {
      if (!shouldRetry(error)) return throwError(() => error);
      const hinted = retryAfterMs(error, scheduler.now());
      const computed = Math.min(maxDelayMs, initialDelayMs * factor ** (retryCount - 1));
      const wait = hinted === undefined ? computed * (1 - jitter * random()) : Math.min(hinted, maxRetryAfterMs);
      return timer(wait, scheduler);
    },
  });
}

/** The openai SDK's own rule: 408, 409, 429, 5xx, and connection errors (no status) but not aborts. */
function isTransient(error: unknown): boolean {
  const {
    status,
    name,
    constructor: made,
  } = Object(error) as { status?: unknown; name?: unknown; constructor?: unknown };
  if (typeof status === 'number') return status === 408 || status === 409 || status === 429 || status >= 500;
  const userAbort = typeof made === 'function' && made.name === 'APIUserAbortError';
  return !(name === 'AbortError' || userAbort);
}

type Numbers = Required<
  Pick<BackoffOptions, 'maxRetries' | 'initialDelayMs' | 'factor' | 'maxDelayMs' | 'jitter' | 'maxRetryAfterMs'>
>;

function checkOptions(numbers: Numbers): void {
  const { maxRetries, initialDelayMs, factor, maxDelayMs, jitter, maxRetryAfterMs } = numbers;
  checkCount('retryWithBackoff', 'maxRetries', maxRetries, { min: 0 });
  checkNumber('retryWithBackoff', 'initialDelayMs', initialDelayMs, { min: 0, finite: true });
  checkNumber('retryWithBackoff', 'factor', factor, { min: 1 });
  checkNumber('retryWithBackoff', 'maxDelayMs', maxDelayMs, { min: 0 });
  checkNumber('retryWithBackoff', 'jitter', jitter, { min: 0, max: 1 });
  checkNumber('retryWithBackoff', 'maxRetryAfterMs', maxRetryAfterMs, { min: 0 });
}
