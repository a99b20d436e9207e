/**
 * The `epic` command: `epic run`, `epic batch`, `epic worker`, `epic demo`, `epic sim` (and
 * `epic help [command]`; every command takes `--help`). Parsed by commander; each command's
 * work is in its own file.
 *
 * Exit codes — a contract scripts rely on:
 * - 0: success, including `--help` and `epic` with no arguments (which prints the help);
 * - 1: the command failed: the module could not be loaded or has no program, an output file
 *   cannot be written, the program failed (its located error is printed), or a demo's two runs
 *   disagreed;
 * - 2: usage error: unknown command or option, a missing or extra argument, or an option value
 *   that does not parse (`--input` that is not JSON, `--port` that is not a number, an unknown
 *   demo). Nothing is loaded or run;
 * - 130 / 143 (as a process, `runProcess`): Ctrl-C (SIGINT) / SIGTERM stopped a command that
 *   then failed (a run it aborted); a command that finishes cleanly on the signal (`epic sim`)
 *   exits 0.
 *
 * Errors are one line (`EpicRuntimeError: message`, plus the program excerpt a located error
 * carries) on stderr; `--verbose` prints the stack and causes instead.
 *
 * Run as a script (`tsx lib/cli/main.ts …`, what `npm run epic` does) it runs `runProcess()`;
 * bin/epic.mjs calls that too. `main(argv, io)` runs in-process with any streams and signal.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Argument, Command, CommanderError, InvalidArgumentError } from 'commander';
import { DEMOS, MAIN_DEMO } from '../../demos/index.js';
import type { Strategy } from '../execute.js';
import { EpicError } from '../errors.js';
import { configureBatch } from './batch-command.js';
import { demoCommand } from './demo-command.js';
import type { CliIo, Output } from './io.js';
import { runCommand } from './run-command.js';
import { simCommand } from './sim-command.js';
import { DEFAULT_SIM_LIMITS, type SimLimits } from '../sim/index.js';
import { configureWorker } from './worker-command.js';

export type { CliIo, Output } from './io.js';

/**
 * Runs the `epic` command line `argv` (without the node and script paths) against `io`;
 * resolves with the exit code (see the module comment) and never rejects.
 *
 * @example
 * const code = await main(['run', 'demos/trip-planner.ts', '--input', '"Porto"'], io);
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let code = 0;
  const epic = epicCommand(io, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    epic.outputHelp();
    return 0;
  }
  try {
    await epic.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // commander printed it
    io.stderr.write(`${describeError(error, epic.opts<{ verbose?: boolean }>().verbose === true)}\n`);
    return 1;
  }
}

/** The command tree; `done` receives the exit code of the command that ran. */
function epicCommand(io: CliIo, done: (code: number) => void): Command {
  const epic = new Command('epic')
    .description(
      'Run programs of slow external calls opportunistically: each call starts as soon\nas its inputs are known.',
    )
    .option('--verbose', 'print an error with its stack and causes')
    .addHelpText('after', '\nExit status: 0 success, 1 the command failed, 2 usage error.')
    .showHelpAfterError('(see: epic --help)')
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .exitOverride(); // throw CommanderError instead of exiting; settings above are inherited

  subcommand(epic, 'run')
    .summary('run the program a module exports')
    .description(
      'Run the program a module exports (its default export, or --export NAME).\nThe result goes to stdout; notes and a summary of the run go to stderr.',
    )
    .argument('<module>', 'a .ts or .js file (ESM or CommonJS) exporting a program')
    .option(
      '--input <json>',
      "one argument of the program, as JSON; repeat for several (default: the module's exported `input` array)",
      collectJson,
    )
    .option('--sequential', 'run one call at a time (the baseline), not opportunistically')
    .option('--trace <file>', "write the run's host-call events to this JSON file (checked before the run starts)")
    .option('--timeline <file>', "draw the run's host calls over time into this self-contained HTML file")
    .option('--export <name>', 'run the program exported under this name')
    .addHelpText(
      'after',
      '\nOn a terminal a live status line shows the calls in flight.\nCtrl-C unsubscribes the run, which aborts its host calls.',
    )
    .action(async (module: string, opts: RunOptions) => {
      const { input: inputs, trace, timeline, export: exportName } = opts;
      done(await runCommand({ module, sequential: opts.sequential === true, inputs, trace, timeline, exportName }, io));
    });

  configureBatch(subcommand(epic, 'batch'), io, done);
  configureWorker(subcommand(epic, 'worker'), io, done);

  subcommand(epic, 'demo')
    .summary('run a demo both ways and compare')
    .description(
      'Run a demo opportunistically, then sequentially, and compare the results,\nthe host calls made and the wall time.',
    )
    .addArgument(new Argument('[name]', 'which demo').choices(DEMOS.map((d) => d.name)).default(MAIN_DEMO))
    .option('--log <file>', 'game24: a ToT BFS log in the format of demos/game24/data/tot-gpt4-bfs-900-949.json')
    .option(
      '--puzzles <range>',
      "game24: rows of 24.csv to replay, e.g. 900-949, 910, 900-904,920 (the value cache is rebuilt from the log's earlier records)",
    )
    .option('--strategy <s>', 'game24 with --log/--puzzles: opportunistic or sequential', strategyOption)
    .option(
      '--time-scale <x>',
      'game24 with --log/--puzzles: simulated time per real time (default 0.025)',
      nonNegative,
    )
    .option('--timeline [file]', "draw both runs' host calls into this HTML file (default: timeline-<name>.html)")
    .addHelpText('after', () => `\nDemos:\n${DEMOS.map((d) => `  ${d.name.padEnd(12)} ${d.description}`).join('\n')}`)
    .action(async (name: string, opts: PuzzleOptions & { timeline?: string | true }, cmd: Command) => {
      const replay =
        opts.log !== undefined ||
        opts.puzzles !== undefined ||
        opts.strategy !== undefined ||
        opts.timeScale !== undefined;
      const timeline = opts.timeline === true ? `timeline-${name}.html` : opts.timeline;
      if (!replay) done(await demoCommand(name, io, { timeline }));
      else if (timeline !== undefined) cmd.error(`error: --timeline does not go with ${REPLAY}`, { exitCode: 2 });
      else if (name !== 'game24')
        cmd.error(
          `error: --log, --puzzles, --strategy and --time-scale are options of the game24 demo, not of ${name}`,
          { exitCode: 2 },
        );
      else done(await puzzlesCommand(opts, io));
    });

  subcommand(epic, 'sim')
    .summary('serve the simulated OpenAI-compatible LLM')
    .description(
      'Serve the simulated OpenAI-compatible LLM (a simulator, not a model) until\nCtrl-C, for any OpenAI client: OPENAI_BASE_URL=<its url> OPENAI_API_KEY=sk-sim.',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', nonNegative, 8787)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--slots <n>', "requests served at once (default: the simulator's)", nonNegative)
    .option('--time-scale <x>', 'multiply every simulated latency by this (default: 1)', nonNegative)
    .option('--limit <name=n>', `change a request size limit; repeatable (${LIMIT_NAMES.join(', ')})`, collectLimit)
    .action(
      async (opts: { port: number; host: string; slots?: number; timeScale?: number; limit?: Partial<SimLimits> }) => {
        done(
          await simCommand(
            { port: opts.port, host: opts.host, slots: opts.slots, timeScale: opts.timeScale, limits: opts.limit },
            io,
          ),
        );
      },
    );
  return epic;
}

/** The options of `epic run`, as commander parses them. */
interface RunOptions {
  readonly input?: unknown[];
  readonly sequential?: true;
  readonly trace?: string;
  readonly timeline?: string;
  readonly export?: string;
}

/** The game24 replay options (many puzzles, no two runs to draw). */
const REPLAY = '--log, --puzzles, --strategy or --time-scale (a replay of many puzzles draws no timeline)';

/** `epic demo game24` with `--log`/`--puzzles`: replays a stretch of a ToT log; 0 if every puzzle ran as logged. */
interface PuzzleOptions {
  readonly log?: string;
  readonly puzzles?: string;
  readonly strategy?: Strategy;
  readonly timeScale?: number;
}

async function puzzlesCommand(opts: PuzzleOptions, io: CliIo): Promise<number> {
  const { runPuzzles } = await import('../../demos/game24/run.js');
  const report = await runPuzzles({
    ...(opts.log !== undefined ? { log: opts.log } : {}),
    ...(opts.puzzles !== undefined ? { puzzles: opts.puzzles } : {}),
    ...(opts.strategy !== undefined ? { strategy: opts.strategy } : {}),
    ...(opts.timeScale !== undefined ? { timeScale: opts.timeScale } : {}),
    print: (line) => void io.stdout.write(`${line}\n`),
  });
  return report.asLogged === report.runs.length ? 0 : 1;
}

function strategyOption(text: string): Strategy {
  if (text !== 'opportunistic' && text !== 'sequential')
    throw new InvalidArgumentError('Expected opportunistic or sequential.');
  return text;
}

/** A subcommand that, after a usage error, points at its own `--help`. */
function subcommand(parent: Command, name: string): Command {
  return parent.command(name).showHelpAfterError(`(see: epic ${name} --help)`);
}

/** Parses one `--input` as JSON and appends it to the earlier ones. */
function collectJson(text: string, previous: unknown[] | undefined): unknown[] {
  try {
    return [...(previous ?? []), JSON.parse(text)];
  } catch {
    throw new InvalidArgumentError(`Not JSON; quote strings: --input '"4 9 10 13"'.`);
  }
}

const LIMIT_NAMES = Object.keys(DEFAULT_SIM_LIMITS) as (keyof SimLimits)[];

/** Parses one `--limit name=n` (a simulator size limit, a positive integer) into the earlier ones. */
function collectLimit(text: string, previous: Partial<SimLimits> | undefined): Partial<SimLimits> {
  const [name = '', value = ''] = text.split('=', 2);
  if (!(LIMIT_NAMES as string[]).includes(name))
    throw new InvalidArgumentError(`Expected name=n with a name among ${LIMIT_NAMES.join(', ')}.`);
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError(`Expected ${name}=n with n a positive integer.`);
  return { ...previous, [name]: n };
}

function nonNegative(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('Expected a non-negative number.');
  return n;
}

/** One line (`Name: message`), or with `verbose` the stack and every cause's. */
function describeError(error: unknown, verbose: boolean): string {
  if (!(error instanceof Error)) return `Error: ${String(error)}`;
  if (!verbose) return `${error.name}: ${error.message}`;
  const cause = error.cause === undefined ? '' : `\ncaused by: ${describeError(error.cause, true)}`;
  return `${error.stack ?? `${error.name}: ${error.message}`}${cause}`;
}

/** What `runProcess` uses of `process` (a spec passes a stand-in). */
export interface ProcessLike {
  readonly argv: readonly string[];
  readonly stdout: Output & { on?(event: 'error', listener: (error: Error) => void): unknown };
  readonly stderr: Output;
  exitCode?: number | string | undefined;
  once(event: 'SIGINT' | 'SIGTERM' | 'beforeExit', listener: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM' | 'beforeExit', listener: () => void): unknown;
}

/**
 * Runs `epic` as this process: its arguments, stdout and stderr; sets its exit code. SIGINT
 * (Ctrl-C) or SIGTERM aborts the command's signal (a second Ctrl-C kills the process as usual).
 * So does a stall: when the event loop runs dry while a run still waits (a host call whose
 * promise never settles, with nothing else pending), the run fails with a message instead of
 * the process ending with no word. When stdout's reader goes away (`epic --help | head -1`),
 * the command is stopped the same way, with no stack trace about the broken pipe.
 */
export async function runProcess(proc: ProcessLike = process): Promise<void> {
  const stop = new AbortController();
  let signalled: 'SIGINT' | 'SIGTERM' | undefined;
  const interrupt = (signal: 'SIGINT' | 'SIGTERM') => (): void => {
    signalled ??= signal;
    stop.abort(new EpicError('interrupted: the run was unsubscribed and its host calls aborted'));
  };
  const onSigint = interrupt('SIGINT');
  const onSigterm = interrupt('SIGTERM');
  const stalled = (): void =>
    stop.abort(new EpicError('stalled: the run waits on host calls that never settle, and nothing else is pending'));
  const outputClosed = (error: Error): void => {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
    stop.abort(new EpicError('stdout was closed by its reader'));
  };
  proc.once('SIGINT', onSigint);
  proc.once('SIGTERM', onSigterm);
  proc.once('beforeExit', stalled);
  proc.stdout.on?.('error', outputClosed);
  try {
    const code = await main(proc.argv.slice(2), { stdout: proc.stdout, stderr: proc.stderr, signal: stop.signal });
    proc.exitCode = code !== 0 && signalled ? SIGNAL_EXIT[signalled] : code;
  } finally {
    proc.off('SIGINT', onSigint);
    proc.off('SIGTERM', onSigterm);
    proc.off('beforeExit', stalled);
    // stdout's listener stays: a write still buffered can fail with EPIPE after this returns
  }
}

/** The shell's convention for a process stopped by a signal: 128 + the signal's number. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** Whether this file is the script node was started with (not imported by bin/epic.mjs or a spec). */
function isEntryScript(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false; // argv[1] is not a file (e.g. an argument of `node -e`)
  }
}

if (isEntryScript()) await runProcess();
