/**
 * Reading a V8 CPU profile (`node --cpu-prof`, a `.cpuprofile` file): self time per function,
 * for `npm run bench -- --profile <suite>` (main.ts).
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time per function (ms), most first; `root` shortens file paths. */
export function selfTimes(profile: CpuProfile, root: string): Array<{ fn: string; where: string; ms: number }> {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = new Map<string, { fn: string; where: string; ms: number }>();
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample's time runs until the next sample; the last one until the profile ends.
    const next = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1]! : 0;
    const node = byNode.get(profile.samples[i]!);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = functionName || '(anonymous)';
    // Files loaded through tsx are compiled to one line: a line number there says nothing.
    const where = url ? `${shorten(url, root)}${lineNumber > 0 ? `:${lineNumber + 1}` : ''}` : '';
    const key = `${fn} ${where}`;
    const entry = total.get(key) ?? { fn, where, ms: 0 };
    entry.ms += next / 1000;
    total.set(key, entry);
  }
  return [...total.values()].sort((a, b) => b.ms - a.ms);
}

function shorten(url: string, root: string): string {
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + 1);
  return path.startsWith(root) ? relative(root, path) : path;
}

/** The `count` functions with the most self time in the profile at `path`, as printable lines. */
export async function topSelfTime(path: string, root: string, count = 25): Promise<string> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const rows = selfTimes(profile, root);
  const busy = rows.filter((r) => r.fn !== '(idle)').reduce((s, r) => s + r.ms, 0);
  const lines = [
    `top self time (${busy.toFixed(0)} ms busy of ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms profiled):`,
  ];
  for (const r of rows.filter((x) => x.fn !== '(idle)').slice(0, count)) {
    lines.push(
      `  ${r.ms.toFixed(1).padStart(8)} ms ${((r.ms / busy) * 100).toFixed(1).padStart(5)}%  ${r.fn}${r.where ? `  ${r.where}` : ''}`,
    );
  }
  return lines.join('\n');
}
