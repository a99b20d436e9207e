/**
 * `epic demo [name]`: runs a demo program opportunistically, then sequentially, and compares the
 * two — same result, same host calls, and the speed-up. A demo module that exports its own
 * `demo(out)` (e.g. cities: three ways, with answers printed as they arrive) runs that instead.
 * Demos are listed in demos/index.ts. Aborting `io.signal` (Ctrl-C) stops the run under way and
 * disposes of the demo. With `timeline`, both runs are drawn into that HTML file (opened first);
 * a demo with its own `demo(out)` then runs the standard comparison instead.
 */
import { isDeepStrictEqual } from 'node:util';
import { DEMOS, MAIN_DEMO, type Demo } from '../../demos/index.js';
import { EpicError } from '../errors.js';
import type { CliIo, Output } from './io.js';
import { loadModule, programModule } from './load.js';
import { openOutputFile, type OutputFile } from './output-file.js';
import { formatValue } from './run-command.js';
import { writeTimeline } from './timeline-file.js';
import { summaryLine, watchRun, type RunReport } from './watch.js';

/** Options of `epic demo`. */
export interface DemoOptions {
  /** Where to draw the two runs' timeline (HTML), if anywhere. */
  readonly timeline?: string | undefined;
}

/** Runs the demo (default: the main one); resolves with the exit code: 0 if both runs agree, else 1. */
export async function demoCommand(name: string | undefined, io: CliIo, options: DemoOptions = {}): Promise<number> {
  const demo = DEMOS.find((d) => d.name === (name ?? MAIN_DEMO));
  if (!demo) throw new EpicError(`unknown demo "${name}"; demos: ${DEMOS.map((d) => d.name).join(', ')}`);
  const timeline = options.timeline === undefined ? undefined : await openOutputFile(options.timeline, 'timeline file');
  try {
    return await runDemo(demo, io, timeline);
  } finally {
    await timeline?.close();
  }
}

async function runDemo(demo: Demo, io: CliIo, timeline: OutputFile | undefined): Promise<number> {
  const raw = await loadModule(demo.file);
  const mod = programModule(raw, `demo ${demo.name}`);
  try {
    const out = io.stdout;
    out.write(`${demo.name}: ${demo.description}\n`);
    if (typeof raw.demo === 'function' && !timeline) return await (raw.demo as (out: Output) => Promise<number>)(out);
    if (typeof raw.demo === 'function') out.write('(--timeline: the standard comparison, to draw both runs)\n');
    for (const line of mod.notes?.() ?? []) out.write(`${line}\n`);
    const watch = { status: io.stderr.isTTY ? io.stderr : undefined, signal: io.signal };
    const args = mod.input ?? [];
    const fast = await watchRun(mod.program, args, watch);
    const fastTraffic = mod.afterRun?.();
    out.write(`\nresult:\n${formatValue(mod.show ? mod.show(fast.value) : fast.value)}\n\n`);
    out.write(`opportunistic: ${summaryLine(fast)}${fastTraffic ? `\n               ${fastTraffic}` : ''}\n`);
    const slow = await watchRun(mod.program.with({ strategy: 'sequential' }), args, watch);
    const slowTraffic = mod.afterRun?.();
    out.write(`sequential:    ${summaryLine(slow)}${slowTraffic ? `\n               ${slowTraffic}` : ''}\n`);
    if (timeline) {
      const runs = [
        { label: 'opportunistic', report: fast },
        { label: 'sequential', report: slow },
      ];
      io.stderr.write(`${await writeTimeline(timeline, `${demo.name}: opportunistic and sequential`, runs)}\n`);
    }
    return compare(fast, slow, out);
  } finally {
    await mod.dispose?.();
  }
}

function compare(fast: RunReport, slow: RunReport, out: Output): number {
  const same = isDeepStrictEqual(fast.value, slow.value);
  const callsMatch = fast.stats.calls === slow.stats.calls;
  out.write(
    `speed-up: ${(slow.wallMs / fast.wallMs).toFixed(2)}× (${(slow.wallMs / 1000).toFixed(2)} s sequential → ${(fast.wallMs / 1000).toFixed(2)} s opportunistic)\n`,
  );
  out.write(`same result: ${same ? 'yes' : 'NO'} · same number of host calls: ${callsMatch ? 'yes' : 'NO'}\n`);
  return same && callsMatch ? 0 : 1;
}
