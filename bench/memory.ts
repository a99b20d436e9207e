/**
 * Memory with 100,000 host calls pending at once: a program maps a host over 100,000 inputs; the
 * host answers only once every call has been dispatched, so all are in flight together. The
 * anchor is hand-written `Promise.all(xs.map(host))` over the very same host, measured the same
 * way. Each measurement is a fresh child process (bench/memory-child.ts), so the heap and the RSS
 * belong to that workload alone; the two kinds alternate, 5 of each, and figures are medians.
 *
 * Heap per pending call: a full GC (forced) before the run and again while all calls are pending;
 * the growth of `heapUsed` divided by the calls. It includes what the host itself keeps per call
 * (its pending Promise, resolve function and input, in both), so the difference from the anchor
 * is the runtime's own cost. RSS growth is the same difference of `rss`; peak RSS is `maxRSS` of the process.
 *
 * Heap per waiting call: a program's loop makes a chain of 100,000 dependent calls
 * (`acc = h(acc)`); measured the same way while the first call is pending, when the loop has run
 * ahead and the other 99,999 wait for their argument. A hand-written await chain keeps one call
 * at a time, so this has no anchor: it is what running ahead costs.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, median, type Figure, type Suite } from './harness.js';

const child = fileURLToPath(new URL('./memory-child.ts', import.meta.url));
const ROUNDS = 5;
/** The calls of the chain (memory-child.ts `N`). */
const N_CHAIN = 100_000;

interface Sample {
  readonly heapBefore: number;
  readonly heapPending: number;
  readonly rssBefore: number;
  readonly rssPending: number;
  readonly peakRss: number;
  readonly pending: number;
  readonly ms: number;
}

function runChild(mode: 'epic' | 'promise-all' | 'chain'): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.on('error', reject);
    p.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Sample) : reject(new Error(`memory child (${mode}) exited with ${code}`)),
    );
  });
}

const MB = 2 ** 20;

export const suite: Suite = {
  name: 'memory',
  description: '100,000 host calls pending at once, beside Promise.all over the same host',
  async run(log) {
    const epic: Sample[] = [];
    const anchor: Sample[] = [];
    const chain: Sample[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      epic.push(await runChild('epic'));
      anchor.push(await runChild('promise-all'));
      chain.push(await runChild('chain'));
    }
    const pending = Math.min(...epic.map((s) => s.pending), ...anchor.map((s) => s.pending));
    const perCall = (xs: Sample[], f: (s: Sample) => number): number => median(xs.map((s) => f(s) / s.pending));
    const heap = (s: Sample): number => s.heapPending - s.heapBefore;
    const rss = (s: Sample): number => s.rssPending - s.rssBefore;
    const he = perCall(epic, heap);
    const ha = perCall(anchor, heap);
    const hc = perCall(chain, heap);
    const re = perCall(epic, rss);
    const ra = perCall(anchor, rss);
    const pe = median(epic.map((s) => s.peakRss)) / MB;
    const pa = median(anchor.map((s) => s.peakRss)) / MB;
    log(`${pending} calls pending at once in every child; ${ROUNDS} children each way, alternating`);
    log(
      `heap per pending call: epic-rx ${epic.map((s) => fmt(heap(s) / s.pending)).join(', ')} B; Promise.all ${anchor.map((s) => fmt(heap(s) / s.pending)).join(', ')} B`,
    );
    log(`heap per waiting call of a chain: ${chain.map((s) => fmt(heap(s) / s.pending)).join(', ')} B`);
    log(
      `run time: epic-rx ${fmt(median(epic.map((s) => s.ms)))} ms, Promise.all ${fmt(median(anchor.map((s) => s.ms)))} ms (medians)`,
    );
    const note = `median of ${ROUNDS} fresh processes each way; forced GC before the run and while all ${pending.toLocaleString('en')} calls are pending`;
    const figures: Figure[] = [
      {
        name: 'heap per pending call, 100,000 calls pending: epic-rx',
        value: he,
        unit: 'B',
        target: '≤ 400 B',
        met: he <= 400,
        anchor: `Promise.all over the same host ${fmt(ha)} B; epic-rx's own ${fmt(he - ha)} B`,
        note,
      },
      {
        name: 'heap per pending call, 100,000 calls pending: anchor Promise.all',
        value: ha,
        unit: 'B',
        note: "the host's pending Promise, resolve function and input, the array of Promises and Promise.all's per-element bookkeeping",
      },
      {
        name: 'heap per pending call: epic-rx − Promise.all',
        value: he - ha,
        unit: 'B',
        note: 'what the runtime itself keeps per pending call',
      },
      {
        name: 'RSS growth per pending call: epic-rx',
        value: re,
        unit: 'B',
        anchor: `Promise.all ${fmt(ra)} B`,
        note: 'rss while all are pending − rss before the run (after a forced GC)',
      },
      { name: 'RSS growth per pending call: anchor Promise.all', value: ra, unit: 'B' },
      {
        name: 'heap per waiting call, chain of 100,000 dependent calls: epic-rx',
        value: hc,
        unit: 'B',
        note: `the loop has run ahead: the first call pending, the other ${(N_CHAIN - 1).toLocaleString('en')} waiting for their argument (a hand-written await chain keeps one at a time); median of ${ROUNDS} fresh processes`,
      },
      {
        name: 'peak RSS with 100,000 calls pending: epic-rx',
        value: pe,
        unit: 'MB',
        target: '≤ 300 MB',
        met: pe <= 300,
        anchor: `Promise.all ${fmt(pa)} MB`,
        note: `whole process (maxRSS); baseline before the run ${fmt(median(epic.map((s) => s.rssBefore)) / MB)} MB`,
      },
      {
        name: 'peak RSS with 100,000 calls pending: anchor Promise.all',
        value: pa,
        unit: 'MB',
        note: `baseline before the run ${fmt(median(anchor.map((s) => s.rssBefore)) / MB)} MB`,
      },
    ];
    return figures;
  },
};
