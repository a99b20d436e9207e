import { afterEach, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../lib/sim/index.js';
import { sdk } from './helpers.js';

describe('metrics', () => {
  let sim: SimServer;
  afterEach(() => sim.close());

  it('count requests by route and status, prompts, batch sizes and completions', async () => {
    sim = await startSim({ timeScale: 0.01 });
    const client = sdk(sim);
    await client.completions.create({ model: 'm', prompt: ['a', 'b', 'a'], n: 2 });
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'q' }], n: 3 });
    await client.embeddings.create({ model: 'e', input: ['x', 'y'] });
    await client.models.list();
    const m = sim.metrics();
    expect(m.requests).toEqual({
      completions: { '200': 1 },
      chat: { '200': 1 },
      embeddings: { '200': 1 },
      models: { '200': 1 },
    });
    expect(m.batchSizes).toEqual([3, 1, 2]);
    expect(m.promptsServed).toBe(6);
    expect(m.completed).toEqual({ completions: { a: 2, b: 1 }, chat: { q: 1 }, embeddings: { x: 1, y: 1 } });
    expect([m.maxInService, m.maxQueued, m.inService, m.queued]).toEqual([1, 0, 0, 0]);
  });

  it('snapshots are copies, and reset starts over', async () => {
    sim = await startSim({ timeScale: 0.01 });
    await sdk(sim).completions.create({ model: 'm', prompt: 'p' });
    const before = sim.metrics();
    (before.batchSizes as number[]).push(99);
    expect(sim.metrics().batchSizes).toEqual([1]);
    sim.resetMetrics();
    expect(sim.metrics()).toMatchObject({
      requests: {},
      batchSizes: [],
      promptsServed: 0,
      maxInService: 0,
      earlyCloses: [],
    });
  });

  it('under a 429 storm with SDK retries, every prompt is completed exactly once', async () => {
    sim = await startSim({
      timeScale: 0.01,
      faults: {
        seed: 3,
        rateLimitRate: 0.3,
        rateLimitStorms: [{ kind: 'firstRequests', count: 10 }],
        retryAfterMs: 200,
      },
    });
    const client = sdk(sim, 30);
    const prompts = Array.from({ length: 24 }, (_, i) => `prompt ${i}`);
    const answers = await Promise.all(prompts.map((prompt) => client.completions.create({ model: 'm', prompt })));
    const m = sim.metrics();
    expect(answers).toHaveLength(24);
    expect(m.completed.completions).toEqual(Object.fromEntries(prompts.map((p) => [p, 1])));
    expect(m.faults.rateLimit).toBeGreaterThanOrEqual(10);
    expect(m.requests.completions).toEqual({ '200': 24, '429': m.faults.rateLimit });
    expect(m.batchSizes).toHaveLength(24 + m.faults.rateLimit);
  });
});
