import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EpicLlmError } from '../../lib/errors.js';
import { program } from '../../lib/program.js';
import { defaultResponder, responderFromTable, startSim, type SimServer } from '../../lib/sim/index.js';
import { waitFor } from '../support/wait.js';
import { outcome, responses, simCompletion, simLlm } from './helpers.js';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSim({
    timeScale: 0.01,
    responder: responderFromTable({ 'bad prompt': { refuse: true } }, defaultResponder),
  });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setFaults({});
  sim.resetMetrics();
});

const prompts = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);

describe('complete: batching in a program', () => {
  it('N concurrent calls make ceil(N / maxBatchSize) requests, each caller getting its own text', async () => {
    const llm = simLlm(sim, { maxBatchSize: 4 });
    const { complete } = llm.hosts;
    const all = program({ complete }, (xs: string[]) => xs.map((x) => complete(x)));
    const xs = prompts('batch', 10);
    expect(await all.evaluate(xs)).toEqual(xs.map((x) => simCompletion(x)));
    expect(sim.metrics().batchSizes).toEqual([4, 4, 2]);
    expect(responses(sim, 'completions')).toBe(3);
    await llm.close();
  });

  it('groups calls by sampling parameters', async () => {
    const llm = simLlm(sim, { maxBatchSize: 8 });
    const { complete } = llm.hosts;
    const both = program({ complete }, (hot: string[], cold: string[]) => [
      hot.map((x) => complete(x, { temperature: 1 })),
      cold.map((x) => complete(x, { temperature: 0, max_tokens: 3 })),
    ]);
    const [hot, cold] = await both.evaluate(prompts('hot', 3), prompts('cold', 5));
    expect(hot).toEqual(prompts('hot', 3).map((x) => simCompletion(x)));
    expect(cold).toEqual(prompts('cold', 5).map((x) => simCompletion(x).split(' ').slice(0, 3).join(' ')));
    expect([...sim.metrics().batchSizes].sort()).toEqual([3, 5]);
    await llm.close();
  });

  it('gives the same results opportunistically and sequentially (one prompt per request when sequential)', async () => {
    const llm = simLlm(sim);
    const { complete } = llm.hosts;
    const twice = program({ complete }, (xs: string[]) => {
      const first = xs.map((x) => complete(`Q: ${x}`));
      return first.map((answer) => complete(`${answer} A:`, { max_tokens: 4 }));
    });
    const xs = prompts('agree', 4);
    const opportunistic = await twice.evaluate(xs);
    expect(sim.metrics().batchSizes).toEqual([4, 4]);
    sim.resetMetrics();
    const sequential = await twice.with({ strategy: 'sequential' }).evaluate(xs);
    expect(sequential).toEqual(opportunistic);
    expect(sim.metrics().batchSizes).toEqual(Array(8).fill(1));
    await llm.close();
  });
});

describe('complete: callers', () => {
  it('a refused prompt fails only its own caller; the batch is one request', async () => {
    const llm = simLlm(sim);
    const results = await Promise.all(
      ['good 1', 'bad prompt', 'good 2', 'good 3'].map((p) => outcome(llm.complete(p))),
    );
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true]);
    expect(results[0]).toEqual({ ok: true, value: simCompletion('good 1') });
    const { error } = results[1] as { error: unknown };
    expect(error).toBeInstanceOf(EpicLlmError);
    expect((error as Error).message).toBe('complete answer refused (finish_reason "content_filter")');
    expect(sim.metrics().batchSizes).toEqual([4]);
    expect(responses(sim, 'completions')).toBe(1);
    await llm.close();
  });

  it('with n, gives each caller its own n samples; calls with and without n go to separate requests', async () => {
    const llm = simLlm(sim);
    const [a, b, single] = await Promise.all([
      firstValueFrom(llm.complete('sample a', { n: 3 })),
      firstValueFrom(llm.complete('sample b', { n: 3 })),
      firstValueFrom(llm.complete('sample c')),
    ]);
    expect(a).toEqual([0, 1, 2].map((k) => simCompletion('sample a', k)));
    expect(b).toEqual([0, 1, 2].map((k) => simCompletion('sample b', k)));
    expect(single).toBe(simCompletion('sample c'));
    expect([...sim.metrics().batchSizes].sort()).toEqual([1, 2]);
    expect((await outcome(llm.complete('x', { n: 0 }))).ok).toBe(false);
    await llm.close();
  });

  it('shares identical deterministic calls inside a batch', async () => {
    const llm = simLlm(sim);
    const results = await Promise.all([
      outcome(llm.complete('twin', { temperature: 0 })),
      outcome(llm.complete('twin', { temperature: 0 })),
      outcome(llm.complete('other', { temperature: 0 })),
    ]);
    expect(results[0]).toEqual(results[1]);
    expect(sim.metrics().batchSizes).toEqual([2]);
    await Promise.all([
      outcome(llm.complete('twin', { temperature: 1 })),
      outcome(llm.complete('twin', { temperature: 1 })),
    ]);
    expect(sim.metrics().batchSizes).toEqual([2, 2]);
    await llm.close();
  });

  it('a window gathers calls made in different ticks', async () => {
    const windowed = simLlm(sim, { windowMs: 20 });
    const first = outcome(windowed.complete('w 1'));
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    const second = outcome(windowed.complete('w 2'));
    await Promise.all([first, second]);
    expect(sim.metrics().batchSizes).toEqual([2]);
    await windowed.close();
  });
});

describe('complete: cancellation', () => {
  it('the request is aborted when the last caller of a dispatched batch leaves, not before', async () => {
    const slow = await startSim({ timeScale: 0.3 }); // a request takes about 150 ms
    const llm = simLlm(slow);
    const staying = outcome(llm.complete('stay'));
    const leaving = [llm.complete('leave 1').subscribe(), llm.complete('leave 2').subscribe()];
    await waitFor(() => (slow.metrics().inService === 1 ? true : undefined));
    leaving.forEach((s) => s.unsubscribe());
    expect(await staying).toEqual({ ok: true, value: simCompletion('stay') });
    expect(slow.metrics().earlyCloses).toEqual([]);
    const gone = [llm.complete('gone 1').subscribe(), llm.complete('gone 2').subscribe()];
    await waitFor(() => (slow.metrics().inService === 1 ? true : undefined));
    const left = Date.now();
    gone.forEach((s) => s.unsubscribe());
    const [close] = await waitFor(() =>
      slow.metrics().earlyCloses.length > 0 ? slow.metrics().earlyCloses : undefined,
    );
    expect(close?.route).toBe('completions');
    expect(close!.at - left).toBeLessThan(100);
    expect(slow.metrics().batchSizes).toEqual([3, 2]);
    await llm.close();
    await slow.close();
  });
});
