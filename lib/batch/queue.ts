/**
 * A batch on BullMQ: `collectFromQueue` (what `epic batch --queue` does) enqueues one job per
 * item and collects the results; `runWorker` (what `epic worker` does) processes jobs with up to
 * `concurrency` runs at once, journaling host calls in Redis (redis-journal.ts).
 *
 * Job ids are `<program>-<index>-<hash of the arguments>`, so enqueueing again (a rerun) adds
 * nothing that is already there. A job's return value is the item's `BatchResult`; a program
 * that fails is a result with an `error`, not a failed job. A worker that dies leaves its active
 * jobs locked until `lockMs` passes; BullMQ's stalled-job check (run by the other workers)
 * then moves them back to the queue, and the next worker replays their journaled calls.
 *
 * A 429 with Retry-After that a job's run meets on one worker pauses the queue's rate gate in
 * Redis, so every worker holds its calls until the hint has passed (rate-gate.ts); 429s met by
 * anything else in the worker's process do not (rate-limit-scope.ts).
 */
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { fromEvent, lastValueFrom, share, takeUntil } from 'rxjs';
import { EpicError } from '../errors.js';
import type { Program } from '../program.js';
import type { CallTally } from './journaled-hosts.js';
import { itemKey } from './journal.js';
import type { BatchItem } from './read-items.js';
import { redisRateGate } from './rate-gate.js';
import { pauseOnRateLimit } from './rate-limit-scope.js';
import { redisJournal } from './redis-journal.js';
import { runItem, type BatchResult } from './run-batch.js';

/** What a job carries. */
interface ItemJob {
  readonly program: string;
  readonly index: number;
  readonly args: readonly unknown[];
}

/** What `collectFromQueue` needs. */
export interface CollectOptions {
  /** Redis URL, e.g. redis://127.0.0.1:6379. */
  readonly url: string;
  /** The queue's name (workers must use the same). */
  readonly name: string;
  /** The program's name: a worker running another program refuses the job. */
  readonly program: string;
  readonly items: readonly BatchItem[];
  /** Stops collecting (the jobs stay queued: a rerun collects them). */
  readonly signal: AbortSignal;
  /** Hears each item's result once. */
  readonly onResult: (result: BatchResult) => Promise<void>;
  /** Hears once that the jobs are on the queue (how many items are awaited). */
  readonly onEnqueued?: (count: number) => void;
}

/**
 * Enqueues the items and resolves once each has a result (or `signal` aborts). An item whose
 * job is already there from an earlier run is not enqueued again: its result is collected, or,
 * if it failed, the job is replaced so it runs again.
 */
export async function collectFromQueue(opts: CollectOptions): Promise<void> {
  const { name, program, signal } = opts;
  const connections = [connect(opts.url), connect(opts.url)];
  const queue = new Queue<ItemJob, BatchResult>(name, { connection: connections[0]! });
  const events = new QueueEvents(name, { connection: connections[1]! });
  const pending = new Map(opts.items.map((item) => [jobId(program, item), item]));
  const writes: Promise<void>[] = [];
  const take = (id: string, result: BatchResult): void => {
    if (!pending.delete(id)) return;
    writes.push(opts.onResult(result));
    if (pending.size === 0) wake();
  };
  let wake = (): void => {};
  const aborted = (): void => wake();
  signal.addEventListener('abort', aborted);
  try {
    await events.waitUntilReady();
    events.on('completed', ({ jobId, returnvalue }) => take(jobId, parse(returnvalue)));
    await Promise.all([...pending.keys()].map((id) => removeIfFailed(queue, id)));
    await queue.addBulk(
      [...pending].map(([id, item]) => ({
        name: 'item',
        data: { program, index: item.index, args: item.args },
        opts: { jobId: id, attempts: 3, backoff: { type: 'exponential', delay: 500 } },
      })),
    );
    opts.onEnqueued?.(pending.size);
    // events catch results as they come; a sweep catches those finished before we listened and failed jobs
    while (pending.size > 0 && !signal.aborted) {
      await sweep(queue, pending, take);
      if (pending.size === 0 || signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
    await Promise.all(writes);
  } finally {
    signal.removeEventListener('abort', aborted);
    await events.close();
    await queue.close();
    for (const c of connections) c.disconnect(); // BullMQ leaves a connection it was given open
  }
}

/** Collects the results of pending jobs that have finished (and of jobs that failed for good). */
async function sweep(
  queue: Queue<ItemJob, BatchResult>,
  pending: ReadonlyMap<string, BatchItem>,
  take: (id: string, r: BatchResult) => void,
): Promise<void> {
  await Promise.all(
    [...pending].map(async ([id, item]) => {
      const job = await queue.getJob(id);
      if (!job) return;
      if (job.finishedOn !== undefined && job.returnvalue) take(id, parse(job.returnvalue));
      else if (job.finishedOn !== undefined && job.failedReason) {
        take(id, {
          index: item.index,
          error: `the job failed on the queue: ${job.failedReason}`,
          calls: 0,
          replayed: 0,
          ms: 0,
        });
      }
    }),
  );
}

/** Removes a job an earlier run left failed (or finished with an error), so it is enqueued afresh. */
async function removeIfFailed(queue: Queue<ItemJob, BatchResult>, id: string): Promise<void> {
  const job = await queue.getJob(id);
  if (!job || job.finishedOn === undefined) return;
  const result = job.returnvalue ? parse(job.returnvalue) : undefined;
  if (!result || 'error' in result) await job.remove();
}

/** What `runWorker` needs. */
export interface WorkerOptions {
  readonly url: string;
  readonly name: string;
  readonly program: Pick<Program<readonly unknown[], unknown>, 'term' | 'hosts' | 'options' | 'name'>;
  /** Items run at once (default 8). */
  readonly concurrency: number;
  /** How long a job stays locked to a worker that stopped renewing it (default 30 000 ms). */
  readonly lockMs: number;
  /** Counted across the worker's runs. */
  readonly tally: CallTally;
  /**
   * Host calls per second, shared by every worker on this queue through Redis (rate-gate.ts).
   * With or without it, a 429 with Retry-After met by a job's run on any worker pauses the calls
   * of all of them.
   */
  readonly callsPerSecond?: number | undefined;
  /** Stops the worker: runs in flight are unsubscribed and their jobs left to the stalled-job check. */
  readonly signal: AbortSignal;
  /** Hears each result this worker produced, and once when it is ready for jobs. */
  readonly onResult?: (result: BatchResult) => void;
  readonly onReady?: () => void;
}

/** Processes jobs until `signal` aborts. */
export async function runWorker(opts: WorkerOptions): Promise<void> {
  const { program, signal } = opts;
  const redis = connect(opts.url);
  const journal = redisJournal(redis, `epic:journal:${opts.name}:${program.name}`);
  // every worker has the queue's gate: without a rate it only holds calls while a 429 pauses the queue
  const gate = redisRateGate(redis, `epic:rate:${opts.name}`, opts.callsPerSecond ?? Infinity);
  const scope = pauseOnRateLimit(gate);
  // one abort listener for all the jobs in flight (one each warned MaxListenersExceeded above 10)
  const stopped$ = fromEvent(signal, 'abort').pipe(share());
  const processJob = async (job: Job<ItemJob, BatchResult>): Promise<BatchResult> => {
    const { data } = job;
    if (data.program !== program.name)
      throw new EpicError(`this worker runs "${program.name}"; the job is for "${data.program}"`);
    const run$ = runItem(program, { index: data.index, args: data.args }, { journal, tally: opts.tally, gate }).pipe(
      takeUntil(stopped$),
    );
    const result = await scope.within(() => lastValueFrom(run$, { defaultValue: undefined }));
    // stopping: the job is left locked, then stalled, then taken up again by another worker
    if (!result) return new Promise<never>(() => {});
    opts.onResult?.(result);
    return result;
  };
  const connection = connect(opts.url);
  const worker = new Worker<ItemJob, BatchResult>(opts.name, processJob, {
    connection,
    concurrency: opts.concurrency,
    lockDuration: opts.lockMs,
    stalledInterval: Math.max(500, Math.round(opts.lockMs / 2)),
    maxStalledCount: 5,
  });
  try {
    await worker.waitUntilReady();
    opts.onReady?.();
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  } finally {
    scope.stop();
    await worker.close(true);
    await journal.close();
    redis.disconnect();
    connection.disconnect();
  }
}

/** A job's id: the program, the item's index and a hash of its arguments (BullMQ ids may not hold ':'). */
function jobId(program: string, item: BatchItem): string {
  return `${program}-${itemKey(item).replace(':', '-')}`;
}

function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

function parse(value: unknown): BatchResult {
  return (typeof value === 'string' ? JSON.parse(value) : value) as BatchResult;
}
