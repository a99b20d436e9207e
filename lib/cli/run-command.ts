/**
 * `epic run <module> [--sequential] [--input JSON]… [--trace out.json] [--timeline out.html] [--export NAME]`:
 * runs the program a module exports, prints its result (stdout) and a one-line summary
 * (stderr): host calls made, wall time, the highest number in flight at once. On a terminal a
 * live status line shows progress. Aborting `io.signal` (Ctrl-C) unsubscribes the run, which
 * aborts its host calls. The trace and timeline files are opened before the module is loaded, so an
 * unwritable path fails before any call is made.
 */
import type { CliIo } from './io.js';
import { loadProgram } from './load.js';
import { openOutputFile, type OutputFile } from './output-file.js';
import { writeTimeline } from './timeline-file.js';
import { summaryLine, watchRun } from './watch.js';

/** Parsed options of `epic run`. */
export interface RunCommand {
  readonly module: string;
  readonly sequential: boolean;
  /** The program's arguments (each `--input`, parsed), or undefined for the module's `input`. */
  readonly inputs: readonly unknown[] | undefined;
  readonly trace: string | undefined;
  /** Where to write the run's timeline picture (HTML), if anywhere. */
  readonly timeline?: string | undefined;
  readonly exportName: string | undefined;
}

/** Runs the command; resolves with the exit code (0), rejects with the run's or loader's error. */
export async function runCommand(cmd: RunCommand, io: CliIo): Promise<number> {
  const trace = cmd.trace === undefined ? undefined : await openOutputFile(cmd.trace, 'trace file');
  try {
    const timeline = cmd.timeline === undefined ? undefined : await openOutputFile(cmd.timeline, 'timeline file');
    try {
      await runModule(cmd, io, trace, timeline);
      return 0;
    } finally {
      await timeline?.close();
    }
  } finally {
    await trace?.close();
  }
}

async function runModule(cmd: RunCommand, io: CliIo, trace?: OutputFile, timeline?: OutputFile): Promise<void> {
  const loaded = await loadProgram(cmd.module, cmd.exportName);
  try {
    const args = cmd.inputs ?? loaded.input ?? [];
    const program = cmd.sequential ? loaded.program.with({ strategy: 'sequential' }) : loaded.program;
    for (const line of loaded.notes?.() ?? []) io.stderr.write(`${line}\n`);
    const report = await watchRun(program, args, {
      status: io.stderr.isTTY ? io.stderr : undefined,
      signal: io.signal,
    });
    io.stdout.write(`${loaded.show ? loaded.show(report.value) : formatValue(report.value)}\n`);
    io.stderr.write(`${program.name} (${program.strategy}): ${summaryLine(report)}\n`);
    const after = loaded.afterRun?.();
    if (after) io.stderr.write(`${after}\n`);
    if (trace) {
      const { wallMs, stats } = report;
      // a resolved event's value may be large, cyclic or a BigInt: the trace keeps its summary
      const events = report.events.map((e) => (e.type === 'resolved' ? { ...e, value: undefined } : e));
      await trace.commit(
        `${JSON.stringify({ program: program.name, strategy: program.strategy, args, wallMs, stats, events }, null, 2)}\n`,
      );
      io.stderr.write(`trace: ${events.length} events written to ${trace.path}\n`);
    }
    const drawn = timeline && (await writeTimeline(timeline, program.name, [{ label: program.strategy, report }]));
    if (drawn) io.stderr.write(`${drawn}\n`);
  } finally {
    await loaded.dispose?.();
  }
}

/** A result for the terminal: strings as they are, anything else as JSON. */
export function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
}
