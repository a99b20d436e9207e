/** The RxJS operators of epic-rx: batching, concurrency, retry, dedupe/cache, abort and running a program per value. */
export { batchWithin } from './batchWithin.js';
export { createBatcher, type BatcherOptions, type BatchTick } from './createBatcher.js';
export { createDedupe, type Dedupe, type DedupeOptions } from './createDedupe.js';
export { createLimiter, type Limiter } from './createLimiter.js';
export type { BatchContext, BatchResolver } from './internal/dispatch-batch.js';
export { fromAbortable } from './internal/from-abortable.js';
export { readRetryAfterMs } from './internal/retry-after.js';
export { retryWithBackoff, type BackoffOptions } from './retryWithBackoff.js';
export { runEach, type Runnable, type RunEachArgsOptions, type RunEachMode, type RunEachOptions } from './runEach.js';
