// Child process of bench/memory.ts. `memory-child.ts <epic|promise-all|chain>`:
// - epic, promise-all: N host calls pending at once, made by the program (epic) or by hand-written
//   Promise.all (the anchor) over the same host;
// - chain: a program's chain of N dependent calls (`acc = h(acc)` in a loop), measured while the
//   first call is pending, so the other N − 1 wait for their argument;
// prints { heapBefore, heapPending, rssBefore, rssPending, peakRss, pending, ms } as JSON (bytes),
// `pending` being the calls pending (or waiting) when measured.
import { forcedGc } from './harness.js';
import { external } from '../lib/runtime/external.js';
import { programs } from './shapes.js';

const N = 100_000;
const mode = process.argv[2];
if (mode !== 'epic' && mode !== 'promise-all' && mode !== 'chain')
  throw new Error(`mode must be epic, promise-all or chain, got ${mode}`);
const gc = forcedGc();
if (!gc) throw new Error('cannot force a garbage collection');
const collect: () => void = gc;

const resolvers: Array<(value: number) => void> = [];
const inputs: number[] = [];
let measured: { heapPending: number; rssPending: number; pending: number } | undefined;

/** Collects garbage and reads the heap and the RSS, with `pending` calls pending or waiting. */
function measure(pending: number): void {
  collect();
  const m = process.memoryUsage();
  measured = { heapPending: m.heapUsed, rssPending: m.rss, pending };
}

/**
 * Answers only once all N calls are waiting, so every call is pending at the same time; then,
 * once the event loop has let the caller finish what it does after dispatching, measures with
 * all N pending, and only then answers them all. It keeps as little as it can per call (the
 * Promise, its resolve function and the input, in flat arrays), so the figures are mostly what
 * the caller keeps.
 */
function slow(x: number): Promise<number> {
  return new Promise<number>((resolve) => {
    resolvers.push(resolve);
    inputs.push(x);
    if (resolvers.length === N) setTimeout(measureThenRelease, 100);
  });
}

function measureThenRelease(): void {
  measure(resolvers.length);
  for (let i = 0; i < resolvers.length; i++) resolvers[i]!(inputs[i]! * 2);
  resolvers.length = 0;
}

/** The chain's host: its first call answers once the rest of the chain waits and has been measured; the others at once. */
let first = true;
function step(x: number): Promise<number> {
  if (!first) return Promise.resolve(x + 1);
  first = false;
  return new Promise<number>((resolve) =>
    setTimeout(() => {
      measure(N - 1);
      resolve(x + 1);
    }, 100),
  );
}

const host = external(slow);
const stepHost = external(step);
const prog = programs(host).fanOut;
const chain = programs(stepHost).chain;
const xs = Array.from({ length: N }, (_, i) => i);
collect();
collect();
const before = process.memoryUsage();
const t0 = performance.now();
let ok: boolean;
if (mode === 'chain') ok = (await chain.evaluate(N)) === N;
else {
  const out = mode === 'epic' ? await prog.evaluate(xs) : await Promise.all(xs.map((x) => slow(x)));
  ok = out.length === N && out[N - 1] === (N - 1) * 2;
}
const ms = performance.now() - t0;
if (!ok || !measured) throw new Error('wrong result');
process.stdout.write(
  JSON.stringify({
    heapBefore: before.heapUsed,
    rssBefore: before.rss,
    ...measured,
    peakRss: process.resourceUsage().maxRSS * 1024,
    ms,
  }),
);
