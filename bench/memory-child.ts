// Child process of bench/memory.ts: prints { baselineMb, peakMb, pending, ms } as JSON.
import { external, program } from '../lib/index.js';

const N = 100_000;
const waiting: Array<() => void> = [];
let maxPending = 0;

/** Answers only once all N calls are waiting, so every call is pending at the same time. */
const slow = external((x: number) => new Promise<number>((resolve) => {
  waiting.push(() => resolve(x * 2));
  maxPending = Math.max(maxPending, waiting.length);
  if (waiting.length === N) for (const release of waiting.splice(0)) release();
}));

const prog = program({ slow }, (xs: number[]) => xs.map((x) => slow(x)), { name: 'pending' });
const xs = Array.from({ length: N }, (_, i) => i);
const baselineMb = process.memoryUsage().rss / 2 ** 20;
const t0 = performance.now();
const out = await prog.evaluate(xs);
if (out.length !== N || out[N - 1] !== (N - 1) * 2) throw new Error('wrong result');
const ms = performance.now() - t0;
const peakMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ baselineMb, peakMb, pending: maxPending, ms }));
