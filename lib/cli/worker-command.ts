/**
 * `epic worker <module> --queue redis://host:port [--concurrency N]`: processes the jobs that
 * `epic batch … --queue` enqueued, running up to `--concurrency` items at once in this process
 * (their LLM calls batch together), with host calls journaled in Redis (lib/batch/queue.ts).
 * Runs until Ctrl-C (`io.signal`): runs in flight are then unsubscribed and their jobs are taken
 * up again by another worker once their lock (`--lock-ms`) runs out. Prints one line when ready
 * and a plain progress line every `--progress-ms`. A 429 with Retry-After that a job's run on this
 * worker meets pauses every worker of the queue (lib/batch/rate-gate.ts, rate-limit-scope.ts).
 */
import type { Command } from 'commander';
import { CallTally } from '../batch/journaled-hosts.js';
import { runWorker } from '../batch/queue.js';
import type { CliIo } from './io.js';
import { loadProgram } from './load.js';
import { positiveInt, positiveNumber } from './number-options.js';

/** Parsed options of `epic worker`. */
export interface WorkerCommand {
  readonly module: string;
  readonly queue: string;
  readonly queueName: string;
  readonly concurrency: number;
  readonly lockMs: number;
  readonly exportName: string | undefined;
  readonly progressMs: number;
  /** Host calls per second across all workers of the queue. */
  readonly callsPerSecond: number | undefined;
}

/** Options of `epic worker` as commander parses them. */
interface WorkerFlags {
  readonly queue: string;
  readonly queueName: string;
  readonly concurrency: number;
  readonly lockMs: number;
  readonly export?: string;
  readonly progressMs: number;
  readonly callsPerSecond?: number;
}

/** Declares `epic worker`'s arguments and options on `command`; `done` receives the exit code. */
export function configureWorker(command: Command, io: CliIo, done: (code: number) => void): Command {
  return command
    .summary('process the jobs `epic batch --queue` enqueued')
    .description(
      'Process the jobs `epic batch … --queue` enqueued, many at once,\nuntil Ctrl-C. ' +
        'Host calls are journaled in Redis: a job taken over\nfrom a dead worker replays them. ' +
        'A 429 with Retry-After that one worker\nmeets pauses the calls of every worker of the queue.',
    )
    .argument('<module>', 'the same module `epic batch` was given')
    .requiredOption('--queue <redis-url>', 'the Redis holding the queue, e.g. redis://127.0.0.1:6379')
    .option('--queue-name <name>', 'the BullMQ queue', 'epic-batch')
    .option('--concurrency <n>', 'items run at once in this worker', positiveInt, 8)
    .option('--lock-ms <n>', "how long a dead worker's jobs stay locked before another takes them", positiveInt, 30_000)
    .option('--export <name>', 'run the program exported under this name')
    .option('--progress-ms <n>', 'interval of the progress lines', positiveInt, 5000)
    .option(
      '--calls-per-second <n>',
      'at most this many host calls (LLM prompts) per second across ALL workers of the queue ' +
        '(a token bucket in Redis; give every worker the same value)',
      positiveNumber,
    )
    .action(async (module: string, opts: WorkerFlags) => {
      const { callsPerSecond, export: exportName, ...rest } = opts;
      done(await workerCommand({ module, ...rest, callsPerSecond, exportName }, io));
    });
}

/** Runs the worker until `io.signal` aborts; resolves with 0. */
export async function workerCommand(cmd: WorkerCommand, io: CliIo): Promise<number> {
  const loaded = await loadProgram(cmd.module, cmd.exportName);
  const tally = new CallTally();
  let done = 0;
  let failed = 0;
  const line = (): string =>
    `worker ${process.pid}: ${done} items done, ${failed} failed · ${tally.inFlight} calls in flight · ` +
    `${tally.made} made, ${tally.replayed} replayed`;
  const timer = setInterval(() => io.stderr.write(`${line()}\n`), cmd.progressMs);
  timer.unref();
  try {
    for (const note of loaded.notes?.() ?? []) io.stderr.write(`${note}\n`);
    await runWorker({
      url: cmd.queue,
      name: cmd.queueName,
      program: loaded.program,
      concurrency: cmd.concurrency,
      lockMs: cmd.lockMs,
      tally,
      callsPerSecond: cmd.callsPerSecond,
      signal: io.signal,
      onReady: () =>
        io.stderr.write(`worker ${process.pid}: ready for "${loaded.program.name}" jobs on queue ${cmd.queueName}\n`),
      onResult: (r) => {
        done++;
        if ('error' in r) failed++;
      },
    });
    io.stderr.write(`${line()} · stopped\n`);
    return 0;
  } finally {
    clearInterval(timer);
    await loaded.dispose?.();
  }
}
