/**
 * The RxJS operators of epic-rx: batching, concurrency, retry, dedupe/cache, and running a
 * program per value. They import nothing from lib/ (`epic-rx/operators` stands alone); their
 * errors are `EpicError`s (internal/errors.ts). spec/index.spec.ts pins this list.
 */
export { batchWithin } from './batchWithin.js';
export { createBatcher, type BatcherOptions, type BatchTick } from './createBatcher.js';
export { createDedupe, type Dedupe, type DedupeOptions } from './createDedupe.js';
export { createLimiter, type Limiter } from './createLimiter.js';
export type { BatchContext, BatchResolver } from './internal/dispatch-batch.js';
export { EpicBatchError, EpicError } from './internal/errors.js';
export { retryWithBackoff, type BackoffOptions } from './retryWithBackoff.js';
export { runEach, type Runnable, type RunEachArgsOptions, type RunEachMode, type RunEachOptions } from './runEach.js';
