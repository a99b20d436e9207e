/**
 * `epic run <module> [--sequential] [--input JSON]… [--trace out.json] [--export NAME]`:
 * runs the program a module exports, prints its result (stdout) and a one-line summary
 * (stderr): host calls made, wall time, the highest number in flight at once. On a terminal a
 * live status line shows progress. Ctrl-C unsubscribes the run, which aborts its host calls.
 */
import { writeFile } from 'node:fs/promises';
import { EpicError } from '../errors.js';
import { loadProgram } from './load.js';
import { summaryLine, watchRun } from './watch.js';

/** Parsed options of `epic run`. */
export interface RunCommand {
  readonly module: string;
  readonly sequential: boolean;
  readonly inputs: readonly string[];
  readonly trace: string | undefined;
  readonly exportName: string | undefined;
}

/** Runs the command; resolves with the process exit code. */
export async function runCommand(cmd: RunCommand, io: { out: NodeJS.WriteStream; err: NodeJS.WriteStream }): Promise<number> {
  const loaded = await loadProgram(cmd.module, cmd.exportName);
  const args = cmd.inputs.length > 0 ? cmd.inputs.map(parseInput) : loaded.input ?? [];
  const program = cmd.sequential ? loaded.program.with({ strategy: 'sequential' }) : loaded.program;
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort(new EpicError('interrupted: the run was unsubscribed and its host calls aborted'));
  process.once('SIGINT', onSigint);
  try {
    for (const line of loaded.notes?.() ?? []) io.err.write(`${line}\n`);
    const report = await watchRun(program, args, { status: io.err.isTTY ? io.err : undefined, signal: interrupt.signal });
    io.out.write(`${loaded.show ? loaded.show(report.value) : formatValue(report.value)}\n`);
    io.err.write(`${program.name} (${program.strategy}): ${summaryLine(report)}\n`);
    const after = loaded.afterRun?.();
    if (after) io.err.write(`${after}\n`);
    if (cmd.trace) {
      const trace = { program: program.name, strategy: program.strategy, args, wallMs: report.wallMs, stats: report.stats, events: report.events };
      await writeFile(cmd.trace, `${JSON.stringify(trace, null, 2)}\n`);
      io.err.write(`trace: ${report.events.length} events written to ${cmd.trace}\n`);
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    await loaded.dispose?.();
  }
}

/** One `--input` value: JSON. */
function parseInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new EpicError(`--input expects JSON (quote strings: --input '"4 9 10 13"'), got: ${text}`);
  }
}

/** A result for the terminal: strings as they are, anything else as JSON. */
export function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2) ?? String(value);
}
