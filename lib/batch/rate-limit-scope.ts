/**
 * Which 429s pause a batch's rate gate: those met by requests its own runs made, not any in the
 * process. An Llm publishes a 429 on the process-wide `LLM_RATE_LIMITED` channel, once in the
 * async context of each call the refused request carried (lib/llm/rate-limited.ts); a batch runs
 * each of its items `within` its scope (an AsyncLocalStorage of this module), and its listener,
 * which runs synchronously in the publisher's context, hears only the 429s whose caller is in it.
 * So two batches in one process, or a batch beside an Llm used elsewhere (a web server), do not
 * pause each other; a 429 of one run still pauses every run of its batch and, through a Redis
 * gate, every worker of its queue.
 *
 * The scope lives only on this side: the Llm (of whichever copy of epic-rx, lib/cli/load.ts) only
 * publishes in its callers' contexts, and async context is the process's, not a module's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { onLlmRateLimited } from '../llm/rate-limited.js';
import type { CallGate } from './rate-gate.js';

/** The batch whose work is running (its scope), if any. */
const batchOf = new AsyncLocalStorage<RateLimitScope>();

/** A batch's hearing of 429s: what runs `within` it is the batch's, and its 429s pause the gate. */
export interface RateLimitScope {
  /** Calls `work` (e.g. subscribes an item's run) so that the requests it starts are the batch's. */
  within<T>(work: () => T): T;
  /** Stops pausing the gate. */
  stop(): void;
}

/**
 * Pauses `gate` for the Retry-After of every 429 met by a request of work run `within` the
 * returned scope, until it is stopped. A pause that cannot be recorded (Redis down) is reported
 * as a process warning; that Llm still waits out its own hint.
 *
 * @example
 * const scope = pauseOnRateLimit(gate);
 * try { await scope.within(() => work()); } finally { scope.stop(); }
 */
export function pauseOnRateLimit(gate: CallGate): RateLimitScope {
  const scope: RateLimitScope = {
    within: (work) => batchOf.run(scope, work),
    stop: onLlmRateLimited(
      ({ retryAfterMs }) => {
        gate.pause(retryAfterMs).catch((error: unknown) => {
          process.emitWarning(
            `epic-rx: a rate-limit pause could not be recorded: ${(error as Error)?.message ?? error}`,
          );
        });
      },
      () => batchOf.getStore() === scope,
    ),
  };
  return scope;
}
