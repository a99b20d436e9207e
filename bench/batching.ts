/**
 * Batching benchmark (`npm run bench -- batching`): N concurrent `complete` calls against the
 * embedded simulator (calibrated Llama H100 batch cost curve, 8 server slots), batched
 * (the default maxBatchSize, 64) against unbatched (maxBatchSize 1), both through the same 16-request limiter;
 * and the latency a 10 ms window adds to one isolated call.
 *
 * The simulator runs at `timeScale` 0.2 (model time 5× faster than real), so the suite takes
 * well under a minute; wall times are real ms at that scale, and the ratios do not depend on it
 * (only the client's own CPU time does not scale).
 */
import { firstValueFrom } from 'rxjs';
import { createLlm, resolveLlmConfig } from '../lib/llm/index.js';
import { startSim, type SimServer } from '../lib/sim/index.js';
import { median, type Figure, type Suite } from './harness.js';

const TIME_SCALE = 0.2;
const WINDOW_TIME_SCALE = 0.02;
const SLOTS = 8;
const BATCH = resolveLlmConfig({ env: {} }).maxBatchSize; // the library's default
const CONCURRENCY = 16;
const MAX_TOKENS = 16;
const SIZES = [1, 10, 100, 1000] as const;
const WINDOW_MS = 10;

const SETUP =
  `simulator timeScale ${TIME_SCALE} (wall ms are real; ÷${TIME_SCALE} for model ms), ${SLOTS} slots, ` +
  `Llama H100 batch curve, max_tokens ${MAX_TOKENS}; limiter ${CONCURRENCY} in flight; batched = maxBatchSize ${BATCH}, unbatched = 1`;

interface Load {
  readonly wallMs: number;
  readonly requests: number;
}

/** `n` concurrent calls with distinct prompts through a fresh Llm; wall time and requests sent. */
async function load(sim: SimServer, n: number, maxBatchSize: number, tag: string): Promise<Load> {
  sim.resetMetrics();
  const llm = createLlm({
    env: {},
    baseURL: sim.url,
    apiKey: 'sk-bench',
    maxBatchSize,
    maxConcurrency: CONCURRENCY,
    retry: { maxRetries: 0 },
  });
  const start = performance.now();
  await Promise.all(
    Array.from({ length: n }, (_, i) => firstValueFrom(llm.complete(`${tag} ${i}`, { max_tokens: MAX_TOKENS }))),
  );
  const wallMs = performance.now() - start;
  await llm.close();
  const { batchSizes, promptsServed } = sim.metrics();
  if (promptsServed !== n) throw new Error(`batching bench: ${promptsServed} prompts served for ${n} calls`);
  return { wallMs, requests: batchSizes.length };
}

/** The median of `runs` loads (requests are the same in every run). */
async function medianLoad(sim: SimServer, n: number, maxBatchSize: number, runs: number): Promise<Load> {
  const loads: Load[] = [];
  for (let r = 0; r < runs; r++) loads.push(await load(sim, n, maxBatchSize, `run ${r} of ${n}:`)); // same prompts both ways
  return { wallMs: median(loads.map((l) => l.wallMs)), requests: loads[0]!.requests };
}

/** Figures for one size: wall time, requests and throughput both ways, and the throughput ratio. */
function sizeFigures(n: number, batched: Load, unbatched: Load): Figure[] {
  const ratio = unbatched.wallMs / batched.wallMs;
  const expected = Math.ceil(n / BATCH);
  const big = n === 1000;
  const tput = (l: Load) => Math.round((n / l.wallMs) * 1000 * 10) / 10;
  return [
    { name: `${n} calls: wall time, batched`, value: Math.round(batched.wallMs), unit: 'ms' },
    { name: `${n} calls: wall time, unbatched`, value: Math.round(unbatched.wallMs), unit: 'ms' },
    {
      name: `${n} calls: requests sent, batched`,
      value: batched.requests,
      unit: 'requests',
      ...(big
        ? { target: `within 2 of ceil(${n}/${BATCH}) = ${expected}`, met: Math.abs(batched.requests - expected) <= 2 }
        : {}),
    },
    { name: `${n} calls: requests sent, unbatched`, value: unbatched.requests, unit: 'requests' },
    { name: `${n} calls: throughput, batched`, value: tput(batched), unit: 'calls/s' },
    { name: `${n} calls: throughput, unbatched`, value: tput(unbatched), unit: 'calls/s' },
    {
      name: `${n} calls: throughput batched / unbatched`,
      value: Math.round(ratio * 10) / 10,
      unit: '×',
      ...(big ? { target: '≥ 20×', met: ratio >= 20 } : {}),
      note: SETUP,
    },
  ];
}

/** Median latency of one isolated call, same tick against a `WINDOW_MS` window, runs interleaved. */
async function windowFigures(log: (line: string) => void): Promise<Figure[]> {
  const sim = await startSim({ timeScale: WINDOW_TIME_SCALE, slots: SLOTS });
  const sameTick = createLlm({ env: {}, baseURL: sim.url, apiKey: 'sk-bench' });
  const windowed = createLlm({ env: {}, baseURL: sim.url, apiKey: 'sk-bench', windowMs: WINDOW_MS });
  const times = { sameTick: [] as number[], windowed: [] as number[] };
  try {
    for (let i = 0; i < 31; i++) {
      for (const [name, llm] of [
        ['sameTick', sameTick],
        ['windowed', windowed],
      ] as const) {
        const start = performance.now();
        await firstValueFrom(llm.complete(`isolated ${i}`, { max_tokens: MAX_TOKENS }));
        if (i > 0) times[name].push(performance.now() - start); // run 0 warms up
      }
    }
  } finally {
    await Promise.all([sameTick.close(), windowed.close(), sim.close()]);
  }
  const base = median(times.sameTick);
  const delay = median(times.windowed) - base;
  log(`isolated call: ${base.toFixed(1)} ms same tick, +${delay.toFixed(1)} ms with a ${WINDOW_MS} ms window`);
  const note = `one call at a time, 30 interleaved runs each, medians; simulator timeScale ${WINDOW_TIME_SCALE}`;
  return [
    { name: 'isolated call latency, same tick', value: Math.round(base * 10) / 10, unit: 'ms', note },
    {
      name: `delay a ${WINDOW_MS} ms window adds to an isolated call`,
      value: Math.round(delay * 10) / 10,
      unit: 'ms',
      target: `≤ ${WINDOW_MS + 2} ms (window + 2 ms)`,
      met: delay <= WINDOW_MS + 2,
      note,
    },
  ];
}

/** The batching suite (see the file comment). */
export const suite: Suite = {
  name: 'batching',
  description:
    'complete() calls batched into /v1/completions requests against unbatched, on the simulator; window latency',
  async run(log) {
    const sim = await startSim({ timeScale: TIME_SCALE, slots: SLOTS });
    const figures: Figure[] = [];
    try {
      await load(sim, 20, BATCH, 'warm-up');
      for (const n of SIZES) {
        const runs = n >= 1000 ? 1 : 3;
        const batched = await medianLoad(sim, n, BATCH, runs);
        const unbatched = await medianLoad(sim, n, 1, runs);
        log(
          `${n} calls: batched ${batched.wallMs.toFixed(0)} ms / ${batched.requests} requests, ` +
            `unbatched ${unbatched.wallMs.toFixed(0)} ms / ${unbatched.requests} requests`,
        );
        figures.push(...sizeFigures(n, batched, unbatched));
      }
    } finally {
      await sim.close();
    }
    figures.push(...(await windowFigures(log)));
    return figures;
  },
};
