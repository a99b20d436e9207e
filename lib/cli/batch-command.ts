/**
 * `epic batch <module> --input data.jsonl --out results.jsonl [--concurrency N] [--queue redis://…]`:
 * runs the module's program once per input item and writes one JSON line per item to `--out`
 * (lib/batch/results-file.ts). Locally, up to `--concurrency` runs at once share the module's
 * hosts (so their LLM calls batch together) and host-call results are journaled in
 * `<out>.journal`; with `--queue`, items become BullMQ jobs that `epic worker` processes run
 * (lib/batch/queue.ts) and this command collects their results.
 *
 * Rerunning with the same `--out` skips items that have a value and runs the rest, replaying
 * journaled calls. Aborting `io.signal` (Ctrl-C) stops: runs in flight are unsubscribed (their
 * requests aborted), finished lines are kept, and the command fails saying how far it got.
 * Exit 0 when every item has a value, 1 when some failed (their lines carry the error).
 *
 * Gotcha: a results file belongs to one input. Items are matched by index, so after editing the
 * input, write to a new `--out` (the journal is keyed by each item's arguments too, so it never
 * replays another item's calls, but the results file would keep the old values).
 */
import type { Command } from 'commander';
import { CallTally } from '../batch/journaled-hosts.js';
import { openFileJournal } from '../batch/journal.js';
import { startProgress, type ProgressSource } from '../batch/progress.js';
import { localRateGate } from '../batch/rate-gate.js';
import { collectFromQueue } from '../batch/queue.js';
import { readItems, type BatchItem } from '../batch/read-items.js';
import { openResultsFile } from '../batch/results-file.js';
import { runBatch, type BatchResult } from '../batch/run-batch.js';
import { EpicError } from '../errors.js';
import type { CliIo } from './io.js';
import { loadProgram, type LoadedProgram } from './load.js';
import { positiveInt, positiveNumber } from './number-options.js';

/** Parsed options of `epic batch`. */
export interface BatchCommand {
  readonly module: string;
  readonly input: string;
  readonly out: string;
  readonly concurrency: number;
  readonly exportName: string | undefined;
  /** A Redis URL: run the items on `epic worker` processes. */
  readonly queue: string | undefined;
  readonly queueName: string;
  /** Interval of the plain progress lines (not on a terminal), in ms. */
  readonly progressMs: number;
  /** Host calls sent per second at most (locally; workers take their own). */
  readonly callsPerSecond: number | undefined;
}

/** Options of `epic batch` as commander parses them. */
interface BatchFlags {
  readonly input: string;
  readonly out: string;
  readonly concurrency: number;
  readonly queue?: string;
  readonly queueName: string;
  readonly export?: string;
  readonly progressMs: number;
  readonly callsPerSecond?: number;
}

/** Declares `epic batch`'s arguments and options on `command`; `done` receives the exit code. */
export function configureBatch(command: Command, io: CliIo, done: (code: number) => void): Command {
  return command
    .summary('run the program over a JSONL or CSV dataset')
    .description(
      'Run the program a module exports once per input item, many at once\n(their LLM calls batch together), ' +
        'one JSON line per item in --out.\nRerun to resume: items with a value are skipped, and host calls\n' +
        'already made are replayed from <out>.journal.',
    )
    .argument('<module>', 'a .ts or .js file exporting a program')
    .requiredOption(
      '--input <file>',
      'items: .jsonl (a line holding an array is the argument list, any other value the one argument) ' +
        'or .csv (one object per row)',
    )
    .requiredOption('--out <file>', 'results, one JSON line per item: {index, value | error, calls, replayed, ms}')
    .option('--concurrency <n>', 'items run at once (locally)', positiveInt, 8)
    .option(
      '--queue <redis-url>',
      'enqueue the items as BullMQ jobs for `epic worker` processes and collect the results',
    )
    .option('--queue-name <name>', 'the BullMQ queue', 'epic-batch')
    .option('--export <name>', 'run the program exported under this name')
    .option('--progress-ms <n>', 'interval of the progress lines when stderr is not a terminal', positiveInt, 5000)
    .option(
      '--calls-per-second <n>',
      'at most this many host calls (LLM prompts) sent per second (locally; with --queue, give it to each `epic worker`)',
      positiveNumber,
    )
    .addHelpText(
      'after',
      '\nExit status: 0 every item has a value, 1 some failed or the batch was interrupted.\n' +
        'Ctrl-C stops: requests in flight are aborted, finished lines are kept.',
    )
    .action(async (module: string, opts: BatchFlags, cmd: Command) => {
      if (opts.queue !== undefined && opts.callsPerSecond !== undefined) {
        cmd.error(
          'error: with --queue the workers send the calls: give --calls-per-second to each `epic worker` ' +
            '(they share it through Redis)',
          { exitCode: 2 },
        );
      }
      const { queue, callsPerSecond, export: exportName, ...rest } = opts;
      done(await batchCommand({ module, ...rest, queue, callsPerSecond, exportName }, io));
    });
}

/** Runs the command; resolves with the exit code, rejects with a loader, input or interruption error. */
export async function batchCommand(cmd: BatchCommand, io: CliIo): Promise<number> {
  const items = await readItems(cmd.input);
  const results = await openResultsFile(cmd.out, items.length);
  const todo = items.filter((item) => !hasValue(results.results.get(item.index)));
  const skipped = items.length - todo.length;
  const loaded = await loadProgram(cmd.module, cmd.exportName);
  const start = performance.now();
  let done = 0;
  let failed = 0;
  try {
    for (const line of loaded.notes?.() ?? []) io.stderr.write(`${line}\n`);
    if (skipped > 0)
      io.stderr.write(`${skipped} of ${items.length} items already have values in ${cmd.out}: skipped\n`);
    const traffic = trafficOf(loaded);
    const tally = cmd.queue === undefined ? new CallTally() : undefined;
    const source: ProgressSource = {
      total: items.length,
      skipped,
      done: () => done,
      failed: () => failed,
      tally,
      traffic,
    };
    const stop = startProgress(source, io.stderr, cmd.progressMs);
    const onResult = (r: BatchResult): Promise<void> => {
      done++;
      if ('error' in r) failed++;
      return results.append(r);
    };
    try {
      if (cmd.queue === undefined) await runLocally(loaded, todo, cmd, io.signal, tally!, onResult);
      else
        await collectFromQueue({
          url: cmd.queue,
          name: cmd.queueName,
          program: loaded.program.name,
          items: todo,
          signal: io.signal,
          onResult,
          onEnqueued: (count) => {
            const hint = `epic worker ${cmd.module} --queue <the same url> --queue-name ${cmd.queueName}`;
            io.stderr.write(`${count} items on queue ${cmd.queueName}, waiting for workers (\`${hint}\`)\n`);
          },
        });
    } finally {
      stop();
      await results.close();
    }
    const seconds = (performance.now() - start) / 1000;
    const calls = tally ? ` · ${tally.made} calls made, ${tally.replayed} replayed` : '';
    const llm = traffic() ? ` · LLM ${traffic()!.requests} requests / ${traffic()!.prompts} prompts` : '';
    const rate = `${seconds.toFixed(2)} s, ${(done / seconds).toFixed(1)} items/s`;
    const counts = `${done} items run (${skipped} skipped): ${done - failed} values, ${failed} errors`;
    io.stderr.write(`${loaded.program.name}: ${counts}${calls}${llm} · ${rate}\n`);
    if (io.signal.aborted) {
      const finished = [...results.results.values()].filter(hasValue).length;
      throw new EpicError(
        `interrupted: ${finished} of ${items.length} items have values in ${cmd.out}; ` +
          'run the same command again to finish (journaled calls are replayed)',
      );
    }
    if (failed > 0)
      io.stderr.write(`${failed} items failed; their lines in ${cmd.out} carry the error, and a rerun retries them\n`);
    return failed > 0 ? 1 : 0;
  } finally {
    await loaded.dispose?.();
  }
}

/** Runs the items in this process, journaled beside `--out`; resolves when all are done or `signal` aborts. */
async function runLocally(
  loaded: LoadedProgram,
  todo: readonly BatchItem[],
  cmd: BatchCommand,
  signal: AbortSignal,
  tally: CallTally,
  onResult: (r: BatchResult) => Promise<void>,
): Promise<void> {
  const journal = await openFileJournal(`${cmd.out}.journal`);
  const gate = cmd.callsPerSecond === undefined ? undefined : localRateGate(cmd.callsPerSecond);
  try {
    await new Promise<void>((resolve, reject) => {
      if (signal.aborted) return resolve();
      const writes: Promise<void>[] = [];
      const stop = (): void => {
        subscription.unsubscribe();
        Promise.all(writes).then(() => resolve(), reject);
      };
      const subscription = runBatch(loaded.program, todo, {
        concurrency: cmd.concurrency,
        journal,
        tally,
        gate,
      }).subscribe({
        next: (r) => void writes.push(onResult(r).catch((error: unknown) => reject(error))),
        error: reject,
        complete: () => {
          signal.removeEventListener('abort', stop);
          Promise.all(writes).then(() => resolve(), reject);
        },
      });
      signal.addEventListener('abort', stop, { once: true });
    });
  } finally {
    await journal.close();
  }
}

function hasValue(r: BatchResult | undefined): boolean {
  return r !== undefined && 'value' in r;
}

/** LLM requests and prompts since now, from the module's `llm` export when it has a simulator. */
function trafficOf(loaded: LoadedProgram): () => { requests: number; prompts: number } | undefined {
  const llm = loaded.exports.llm as
    | { simulator?: () => { metrics(): { batchSizes: readonly number[]; promptsServed: number } } | undefined }
    | undefined;
  const read = (): { requests: number; prompts: number } | undefined => {
    const metrics = typeof llm?.simulator === 'function' ? llm.simulator()?.metrics() : undefined;
    return metrics && { requests: metrics.batchSizes.length, prompts: metrics.promptsServed };
  };
  const base = read();
  return () => {
    const now = read();
    return now && { requests: now.requests - (base?.requests ?? 0), prompts: now.prompts - (base?.prompts ?? 0) };
  };
}
