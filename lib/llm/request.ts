/**
 * One HTTP request to the LLM endpoint, with the flow control every operation shares:
 *
 *   client (starts the simulator if needed)
 *     → limiter (at most `maxConcurrency` requests of this Llm in flight; FIFO)
 *       → the SDK call, given an AbortSignal that fires when the subscriber leaves
 *     → retryWithBackoff (429, 408, 409, 5xx, connection errors; Retry-After obeyed)
 *   → errors become EpicLlmError (the key and the base URL's credentials scrubbed).
 *
 * A retry goes back to the END of the limiter's queue and holds no slot while it waits.
 * Unsubscribing at any point cancels: a queued request leaves the queue, a running one aborts its
 * socket, a pending retry timer is cleared.
 */
import type OpenAI from 'openai';
import { catchError, defer, switchMap, throwError, type Observable } from 'rxjs';
import { createLimiter, fromAbortable, retryWithBackoff } from '../../operators/index.js';
import type { LlmBackend } from './backend.js';
import { toLlmError, urlSecrets } from './errors.js';
import type { LlmConfig } from './options.js';

/** Sends one SDK call of `operation` ("chat", "complete", …) through the shared flow control. */
export type Requester = <T>(operation: string, call: (client: OpenAI, signal: AbortSignal) => PromiseLike<T>) => Observable<T>;

/**
 * Creates the requester of one Llm: one limiter for its endpoint, one retry policy.
 *
 * Gotcha: the returned Observable is cold, and each subscription is a separate request.
 *
 * @example
 * const send = createRequester(backend, config);
 * send('chat', (client, signal) => client.chat.completions.create(body, { signal }));
 */
export function createRequester(backend: LlmBackend, config: LlmConfig): Requester {
  const limit = createLimiter(config.maxConcurrency);
  const { endpoint } = config;
  const secret = endpoint.kind === 'remote' ? endpoint.secret : undefined;
  const hidden = endpoint.kind === 'remote' ? urlSecrets(endpoint.baseURL) : [];
  return <T>(operation: string, call: (client: OpenAI, signal: AbortSignal) => PromiseLike<T>) =>
    defer(() => backend.client()).pipe(
      switchMap((client) => {
        let attempts = 0;
        const attempt = fromAbortable((signal) => {
          attempts += 1;
          return call(client, signal);
        });
        return attempt.pipe(
          limit,
          retryWithBackoff<T>(config.retry),
          catchError((error: unknown) => throwError(() => toLlmError(error, { operation, attempts, secret, urlSecrets: hidden }))),
        );
      }),
    );
}
