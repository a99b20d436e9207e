import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { program } from '../../lib/program.js';
import { defaultResponder, hashEmbedding, responderFromTable, startSim, type SimServer } from '../../lib/sim/index.js';
import { simCompletion, simLlm } from './helpers.js';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSim({
    timeScale: 0.01,
    responder: responderFromTable({ 'Capital of France?': 'Paris' }, defaultResponder),
  });
});
afterAll(() => sim.close());
beforeEach(() => sim.resetMetrics());

describe('createLlm: host functions in programs', () => {
  it("a program using chat, complete and embed gets the simulator's answers, the same both ways", async () => {
    const llm = simLlm(sim);
    const { chat, complete, embed } = llm.hosts;
    const research = program(llm.hosts, (country: string) => {
      const capital = chat(`Capital of ${country}?`, { temperature: 0 });
      const facts = [1, 2, 3].map((i) => complete(`Fact ${i} about ${capital}:`, { max_tokens: 5 }));
      const vector = embed(capital);
      return { capital, facts, size: vector.length, first: vector[0] };
    });
    const expected = {
      capital: 'Paris',
      facts: [1, 2, 3].map((i) => simCompletion(`Fact ${i} about Paris:`).split(' ').slice(0, 5).join(' ')),
      size: 64,
      first: Math.fround(hashEmbedding('Paris', 64)[0]!),
    };
    expect(await research.evaluate('France')).toEqual(expected);
    const { batchSizes, requests } = sim.metrics();
    expect(batchSizes.toSorted()).toEqual([1, 1, 3]); // chat, embed, one batch of three completions
    expect(requests.completions).toEqual({ 200: 1 });
    expect(await research.with({ strategy: 'sequential' }).evaluate('France')).toEqual(expected);
    await llm.close();
  });

  it('works with single host functions passed by name', async () => {
    const llm = simLlm(sim);
    const ask = llm.chat; // typed as returning an Observable; the runtime waits for it all the same
    const question = program({ ask }, (q: string) => ask(q));
    expect(await question.evaluate('Capital of France?')).toBe('Paris');
    await llm.close();
  });
});

describe('createLlm: the embedded simulator', () => {
  it('is reachable through simulator() once started, for its metrics, and stopped by close()', async () => {
    const { createLlm } = await import('../../lib/llm/index.js');
    const llm = createLlm({ env: {}, sim: { timeScale: 0.01 } });
    expect(llm.simulator()).toBeUndefined();
    const { complete } = llm.hosts;
    const twice = program({ complete }, (p: string) => [complete(`${p} one`), complete(`${p} two`)]);
    await twice.evaluate('q');
    const metrics = llm.simulator()!.metrics();
    expect(metrics.promptsServed).toBe(2);
    expect(metrics.batchSizes).toEqual([2]);
    await llm.close();
  });
});
