import { describe, expect, it } from 'vitest';
import { batchCostFactor, DEFAULT_SIM_OPTIONS, startSim } from '../../lib/sim/index.js';
import { embeddingTime, generationTimeline, overheadTime } from '../../lib/sim/latency.js';
import { fixedWords, sdk, timed } from './helpers.js';

describe('latency model (pure)', () => {
  it('evaluates ttft + (T-1) per token, scaled by the batch factor and timeScale', () => {
    const one = generationTimeline(DEFAULT_SIM_OPTIONS, 1);
    expect(one.tokenAt(0)).toBe(150);
    expect(one.doneAt(3)).toBe(190);
    expect(one.doneAt(0)).toBe(150);
    const batch = generationTimeline({ ...DEFAULT_SIM_OPTIONS, timeScale: 0.5 }, 64);
    expect(batch.doneAt(3)).toBeCloseTo(190 * 0.5 * batchCostFactor(64), 9);
    expect(embeddingTime(DEFAULT_SIM_OPTIONS, 128)).toBeCloseTo(30 * batchCostFactor(128), 9);
    expect(overheadTime({ ...DEFAULT_SIM_OPTIONS, timeScale: 0.1 })).toBe(2);
  });
});

describe('latency over HTTP (scaled-down time)', () => {
  // 20 words at timeScale 0.25: 0.25 × (150 + 19 × 20) ≈ 133 ms per request, plus 5 ms overhead.
  // Load cannot lower the modelled time, but the simulator's timers run on the event loop's
  // clock, which can lag real time after a busy turn, so they may fire a little early: lower
  // bounds keep a tenth of slack. Load can add any time, so upper bounds are loose and the slot
  // claims rest on the metrics.
  const options = { timeScale: 0.25, responder: fixedWords(20) };

  it('a batch of 64 prompts costs far less than 64 single prompts', async () => {
    const sim = await startSim(options);
    const client = sdk(sim);
    const prompts = Array.from({ length: 64 }, (_, i) => `prompt ${i}`);
    await client.completions.create({ model: 'm', prompt: 'warm up the connection' });
    sim.resetMetrics();
    const single = await timed(() => client.completions.create({ model: 'm', prompt: 'prompt 0' }));
    const batch = await timed(() => client.completions.create({ model: 'm', prompt: prompts }));
    await sim.close();
    const ratio = batch / single;
    expect(single).toBeGreaterThanOrEqual(0.9 * 0.25 * (20 + 150 + 19 * 20));
    expect(batch).toBeGreaterThanOrEqual(0.9 * 0.25 * (20 + batchCostFactor(64) * (150 + 19 * 20)));
    expect(ratio).toBeLessThan(16); // the model says 1.05; charged per prompt it would be 64
    expect(sim.metrics().batchSizes).toEqual([1, 64]);
  });

  it('with 2 slots, 4 concurrent requests take about 2 rounds; with 4 slots, 1', async () => {
    // 80 words: ≈ 430 ms per request, so the 4 requests surely overlap even if this process is
    // not scheduled for a while when it sends them.
    const model = 0.25 * (20 + 150 + 79 * 20);
    const rounds = async (slots: number) => {
      const sim = await startSim({ ...options, responder: fixedWords(80), slots });
      const client = sdk(sim);
      await Promise.all([1, 2, 3, 4].map((i) => client.completions.create({ model: 'm', prompt: `warm up ${i}` })));
      sim.resetMetrics();
      const all = await timed(() =>
        Promise.all([1, 2, 3, 4].map((i) => client.completions.create({ model: 'm', prompt: `p${i}` }))),
      );
      await sim.close();
      return { all, metrics: sim.metrics() };
    };
    const two = await rounds(2);
    expect(two.all).toBeGreaterThanOrEqual(1.9 * model); // two rounds: the queued pair waited for a slot
    expect([two.metrics.maxInService, two.metrics.maxQueued]).toEqual([2, 2]);
    const four = await rounds(4);
    expect(four.all).toBeGreaterThanOrEqual(0.9 * model);
    expect([four.metrics.maxInService, four.metrics.maxQueued]).toEqual([4, 0]); // one round: nobody waited
    expect(four.all).toBeLessThan(two.all + 10 * model); // loose: only catches a gross slowdown
  });
});
