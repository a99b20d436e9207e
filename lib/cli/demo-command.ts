/**
 * `epic demo [name]`: runs a demo program opportunistically, then sequentially, and compares the
 * two — same result, same host calls, and the speed-up. Demos are listed in demos/index.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import { DEMOS, MAIN_DEMO } from '../../demos/index.js';
import { EpicError } from '../errors.js';
import { programModule } from './load.js';
import { formatValue } from './run-command.js';
import { summaryLine, watchRun, type RunReport } from './watch.js';

/** Runs the demo; resolves with the process exit code. */
export async function demoCommand(name: string | undefined, io: { out: NodeJS.WriteStream; err: NodeJS.WriteStream }): Promise<number> {
  const demo = DEMOS.find((d) => d.name === (name ?? MAIN_DEMO));
  if (!demo) throw new EpicError(`unknown demo "${name}"; demos: ${DEMOS.map((d) => d.name).join(', ')}`);
  const mod = programModule(await demo.load(), `demo ${demo.name}`);
  try {
    io.out.write(`${demo.name}: ${demo.description}\n`);
    for (const line of mod.notes?.() ?? []) io.out.write(`${line}\n`);
    const status = io.err.isTTY ? io.err : undefined;
    const args = mod.input ?? [];
    const fast = await watchRun(mod.program, args, { status });
    const fastTraffic = mod.afterRun?.();
    io.out.write(`\nresult:\n${formatValue(mod.show ? mod.show(fast.value) : fast.value)}\n\n`);
    io.out.write(`opportunistic: ${summaryLine(fast)}${fastTraffic ? `\n               ${fastTraffic}` : ''}\n`);
    const slow = await watchRun(mod.program.with({ strategy: 'sequential' }), args, { status });
    const slowTraffic = mod.afterRun?.();
    io.out.write(`sequential:    ${summaryLine(slow)}${slowTraffic ? `\n               ${slowTraffic}` : ''}\n`);
    return compare(fast, slow, io.out);
  } finally {
    await mod.dispose?.();
  }
}

function compare(fast: RunReport, slow: RunReport, out: NodeJS.WriteStream): number {
  const same = isDeepStrictEqual(fast.value, slow.value);
  const callsMatch = fast.stats.calls === slow.stats.calls;
  out.write(`speed-up: ${(slow.wallMs / fast.wallMs).toFixed(2)}× (${(slow.wallMs / 1000).toFixed(2)} s sequential → ${(fast.wallMs / 1000).toFixed(2)} s opportunistic)\n`);
  out.write(`same result: ${same ? 'yes' : 'NO'} · same number of host calls: ${callsMatch ? 'yes' : 'NO'}\n`);
  return same && callsMatch ? 0 : 1;
}
