/**
 * Running a program over a dataset (`epic batch`, `epic worker`): `runBatch` runs items many at
 * once in this process with a host-call journal; `collectFromQueue` and `runWorker` spread them
 * over processes with BullMQ on Redis. See run-batch.ts, journal.ts and queue.ts.
 */
export {
  runBatch,
  runItem,
  type BatchFailure,
  type BatchOptions,
  type BatchResult,
  type BatchValue,
} from './run-batch.js';
export { readItems, parseCsvItems, parseJsonlItems, type BatchItem } from './read-items.js';
export { openFileJournal, NO_JOURNAL, callKey, itemKey, type CallJournal } from './journal.js';
export { redisJournal } from './redis-journal.js';
export { CallTally } from './journaled-hosts.js';
export { localRateGate, redisRateGate, type CallGate } from './rate-gate.js';
export { openResultsFile, type ResultsFile } from './results-file.js';
export { collectFromQueue, runWorker, type CollectOptions, type WorkerOptions } from './queue.js';
