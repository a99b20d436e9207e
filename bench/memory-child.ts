// Child process of bench/memory.ts. `memory-child.ts <epic|promise-all>`: N host calls pending at
// once, made by the program (epic) or by hand-written Promise.all (the anchor) over the same host;
// prints { heapBefore, heapPending, rssBefore, rssPending, peakRss, pending, ms } as JSON (bytes).
import { forcedGc } from './harness.js';
import { external } from '../lib/runtime/external.js';
import { program } from '../lib/program.js';

const N = 100_000;
const mode = process.argv[2];
if (mode !== 'epic' && mode !== 'promise-all') throw new Error(`mode must be epic or promise-all, got ${mode}`);
const gc = forcedGc();
if (!gc) throw new Error('cannot force a garbage collection');
const collect: () => void = gc;

const resolvers: Array<(value: number) => void> = [];
const inputs: number[] = [];
let measured: { heapPending: number; rssPending: number; pending: number } | undefined;

/**
 * Answers only once all N calls are waiting, so every call is pending at the same time; then,
 * once the event loop has let the caller finish what it does after dispatching, collects garbage
 * and reads the heap with all N pending, and only then answers them all. It keeps as little as
 * it can per call (the Promise, its resolve function and the input, in flat arrays), so the
 * figures are mostly what the caller keeps.
 */
function slow(x: number): Promise<number> {
  return new Promise<number>((resolve) => {
    resolvers.push(resolve);
    inputs.push(x);
    if (resolvers.length === N) setTimeout(measureThenRelease, 100);
  });
}

function measureThenRelease(): void {
  collect();
  const m = process.memoryUsage();
  measured = { heapPending: m.heapUsed, rssPending: m.rss, pending: resolvers.length };
  for (let i = 0; i < resolvers.length; i++) resolvers[i]!(inputs[i]! * 2);
  resolvers.length = 0;
}

const host = external(slow);
const prog = program({ host }, (xs: number[]) => xs.map((x) => host(x)), { name: 'pending' });
const xs = Array.from({ length: N }, (_, i) => i);
collect();
collect();
const before = process.memoryUsage();
const t0 = performance.now();
const out = mode === 'epic' ? await prog.evaluate(xs) : await Promise.all(xs.map((x) => slow(x)));
const ms = performance.now() - t0;
if (out.length !== N || out[N - 1] !== (N - 1) * 2 || !measured) throw new Error('wrong result');
process.stdout.write(
  JSON.stringify({
    heapBefore: before.heapUsed,
    rssBefore: before.rss,
    ...measured,
    peakRss: process.resourceUsage().maxRSS * 1024,
    ms,
  }),
);
