/**
 * One HTTP request to the LLM endpoint, with the flow control every operation shares:
 *
 *   client (starts the simulator if needed)
 *     → limiter (at most `maxConcurrency` requests of this Llm in flight; FIFO)
 *       → the SDK call, given an AbortSignal that fires when the subscriber leaves; the
 *         client's transport (`timedFetch`, backend.ts) fails a stalled attempt with an
 *         `LlmStallError`: no head within `firstByteTimeoutMs`, a body silent for
 *         `idleTimeoutMs`, or not done within `timeoutMs`
 *     → retryWithBackoff (429, 408, 409, 5xx, connection errors, stalls; Retry-After obeyed)
 *   → errors become EpicLlmError (secrets scrubbed; a stall's message names its option).
 *
 * A 429 with Retry-After pauses the whole endpoint, not just the request it refused: every
 * attempt of this Llm that gets a limiter slot waits, holding the slot, until the hint has
 * passed; and the pause is published for batches, in the async context of each call the request
 * carries (rate-limited.ts): by default the context that subscribed the request, kept before the
 * limiter, which starts a queued request inside the release of another's slot.
 *
 * Streaming: `call` may return an AsyncIterable (e.g. an SDK `Stream`), and each item it yields
 * is emitted. The idle timeout then covers the gap between events with no extra code, because it
 * lives in the transport. A slot of the limiter is held until the stream ends. Gotcha: a retry
 * (e.g. after an idle stall mid-stream) resubscribes and emits the stream again from its start.
 *
 * A retry goes back to the END of the limiter's queue and holds no slot while it waits.
 * Unsubscribing at any point cancels: a queued request leaves the queue, a running one aborts its
 * socket, a pending retry timer is cleared.
 */
import type OpenAI from 'openai';
import { catchError, defer, from, switchMap, tap, throwError, type Observable, type ObservableInput } from 'rxjs';
import { createLimiter, retryWithBackoff } from '../../operators/index.js';
import { fromAbortable } from '../../operators/internal/from-abortable.js';
import type { LlmBackend } from './backend.js';
import type { EpicLlmError } from '../errors.js';
import { scrubbedLlmError, toLlmError, urlSecrets } from './errors.js';
import type { LlmConfig } from './llm-options.js';
import { callerContext, createRateLimitPause, type RequestCallers } from './rate-limited.js';

/**
 * Sends one SDK call of `operation` ("chat", "complete", …) through the shared flow control:
 * the call's Promise (one value) or AsyncIterable (a stream of values) becomes the Observable.
 * `sent`, if given, hears the request's id (`"<operation>-<n>"`, unique per Llm) when its first
 * attempt leaves the limiter; retries do not repeat it. `callers`, if given, are the calls the
 * request carries, where a 429 it meets is published (default: the context that subscribed it).
 */
export interface Requester {
  <T>(operation: string, call: RequestCall<T>, sent?: RequestSent, callers?: RequestCallers): Observable<T>;
  /**
   * An error an operation raises itself, outside `send`'s error path (chatStream's mid-stream
   * break, which must not be retried), with the endpoint's secrets scrubbed as `send` scrubs its own.
   */
  readonly scrub: (error: EpicLlmError) => EpicLlmError;
}

/** Hears the id of a request when its first attempt is sent. */
export type RequestSent = (requestId: string) => void;

/** One attempt of a request: the SDK call, given the client and the attempt's abort signal. */
export type RequestCall<T> = (client: OpenAI, signal: AbortSignal) => PromiseLike<T> | ObservableInput<T>;

/**
 * Creates the requester of one Llm: one limiter for its endpoint, one retry policy.
 *
 * Gotcha: the returned Observable is cold, and each subscription is a separate request.
 *
 * @example
 * const send = createRequester(backend, config);
 * send('chat', (client, signal) => client.chat.completions.create(body, { signal }));
 * // a stream: one emission per chunk, idle timeout between chunks
 * send('chat', async function* (client, signal) { yield* await client.chat.completions.create({ ...body, stream: true }, { signal }); });
 */
export function createRequester(backend: LlmBackend, config: LlmConfig): Requester {
  const limit = createLimiter(config.maxConcurrency);
  const pause = createRateLimitPause(config.retry);
  const { endpoint } = config;
  const secret = endpoint.kind === 'remote' ? endpoint.secret : undefined;
  const hidden = endpoint.kind === 'remote' ? urlSecrets(endpoint.baseURL) : [];
  let requests = 0;
  const send = <T>(
    operation: string,
    call: RequestCall<T>,
    sent?: RequestSent,
    callers?: RequestCallers,
  ): Observable<T> =>
    defer(() => {
      const subscriber = callers ? undefined : [callerContext()]; // here: the limiter may start it in another's
      const noted = (error: unknown): void => pause.note(operation, error, subscriber ?? callers?.());
      return from(backend.client()).pipe(
        switchMap((client) => {
          let attempts = 0;
          const attempt = fromAbortable((signal) => {
            attempts += 1;
            if (attempts === 1) sent?.(`${operation}-${++requests}`);
            return call(client, signal);
          });
          return pause.hold(attempt).pipe(
            limit,
            tap({ error: noted }),
            retryWithBackoff<T>(config.retry),
            catchError((error: unknown) =>
              throwError(() => toLlmError(error, { operation, attempts, secret, urlSecrets: hidden })),
            ),
          );
        }),
      );
    });
  return Object.assign(send, {
    scrub: (error: EpicLlmError) => scrubbedLlmError(error, { secret, urlSecrets: hidden }),
  });
}
