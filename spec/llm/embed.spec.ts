import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EpicLlmError } from '../../lib/errors.js';
import { hashEmbedding, startSim, type SimServer } from '../../lib/sim/index.js';
import { outcome, simLlm } from './helpers.js';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSim({ timeScale: 0.01 });
});
afterAll(() => sim.close());
beforeEach(() => sim.resetMetrics());

/** The vector the simulator computes for `text`, at float32 precision. */
const expected = (text: string, dimensions = 64) => hashEmbedding(text, dimensions).map(Math.fround);

describe('embed', () => {
  it("answers with the simulator's vector for each text, batched into one request", async () => {
    const llm = simLlm(sim);
    const texts = ['cat', 'dog', 'a longer sentence about birds'];
    const vectors = await Promise.all(texts.map((t) => firstValueFrom(llm.embed(t))));
    expect(vectors).toEqual(texts.map((t) => expected(t)));
    expect(sim.metrics().batchSizes).toEqual([3]);
    await llm.close();
  });

  it('splits at maxEmbedBatchSize and groups by model and dimensions', async () => {
    const llm = simLlm(sim, { maxEmbedBatchSize: 2 });
    await Promise.all(['a', 'b', 'c'].map((t) => firstValueFrom(llm.embed(t))));
    expect(sim.metrics().batchSizes).toEqual([2, 1]);
    sim.resetMetrics();
    const [short, long] = await Promise.all([
      firstValueFrom(llm.embed('x', { dimensions: 8 })),
      firstValueFrom(llm.embed('y')),
    ]);
    expect(short).toEqual(expected('x', 8));
    expect(long).toHaveLength(64);
    expect(sim.metrics().batchSizes).toEqual([1, 1]);
    await llm.close();
  });

  it('shares identical texts in flight unless cache is false', async () => {
    const llm = simLlm(sim);
    await Promise.all([firstValueFrom(llm.embed('same')), firstValueFrom(llm.embed('same'))]);
    expect(sim.metrics().batchSizes).toEqual([1]);
    await Promise.all([
      firstValueFrom(llm.embed('same', { cache: false })),
      firstValueFrom(llm.embed('same', { cache: false })),
    ]);
    expect(sim.metrics().batchSizes).toEqual([1, 2]);
    await llm.close();
  });

  it('rejects a text that is not a string and unknown options', async () => {
    const llm = simLlm(sim);
    const bad = await outcome(llm.embed(['x'] as never));
    expect((bad as { error: unknown }).error).toBeInstanceOf(EpicLlmError);
    const typo = await outcome(llm.embed('x', { dimension: 3 } as never));
    expect(String((typo as { error: unknown }).error)).toMatch(/embed: unknown option "dimension"/);
    expect(sim.metrics().batchSizes).toEqual([]);
    await llm.close();
  });
});
