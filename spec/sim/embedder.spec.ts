import { describe, expect, it } from 'vitest';
import { hashEmbedding, startSim } from '../../lib/sim/index.js';
import { sdk } from './helpers.js';

describe('hashEmbedding', () => {
  it('gives deterministic unit vectors of the asked size', () => {
    for (const dim of [1, 3, 64, 1536]) {
      const v = hashEmbedding('some text', dim);
      expect(v).toHaveLength(dim);
      expect(Math.hypot(...v)).toBeCloseTo(1, 9);
      expect(hashEmbedding('some text', dim)).toEqual(v);
    }
    expect(hashEmbedding('a', 8)).not.toEqual(hashEmbedding('b', 8));
  });

  it('can be replaced, and embeddingDim sets the default size', async () => {
    const sim = await startSim({
      timeScale: 0.01,
      embeddingDim: 3,
      embedder: (input, dim) => Array.from({ length: dim }, () => input.length),
    });
    const r = await sdk(sim).embeddings.create({ model: 'e', input: ['ab', 'abcd'], encoding_format: 'float' });
    await sim.close();
    expect(r.data.map((d) => d.embedding)).toEqual([
      [2, 2, 2],
      [4, 4, 4],
    ]);
    expect(r.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
  });
});
