import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EpicLlmError } from '../../lib/errors.js';
import { startSim, type SimServer } from '../../lib/sim/index.js';
import { waitFor } from '../support/wait.js';
import { outcome, responses, simLlm } from './helpers.js';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSim({ timeScale: 0.01 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setFaults({});
  sim.resetMetrics();
});

const prompts = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);

describe('retries under a 429 storm', () => {
  it('finishes every call, none lost or duplicated', async () => {
    sim.setFaults({ rateLimitStorms: [{ kind: 'firstRequests', count: 8 }], rateLimitRate: 0.3, retryAfterMs: 100 });
    const llm = simLlm(sim, { maxBatchSize: 4, retry: { maxRetries: 12 } });
    const chats = prompts('chat', 12);
    const completions = prompts('complete', 12);
    const results = await Promise.all([
      ...chats.map((p) => outcome(llm.chat(p))),
      ...completions.map((p) => outcome(llm.complete(p))),
    ]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const { completed, faults } = sim.metrics();
    expect(completed.chat).toEqual(Object.fromEntries(chats.map((p) => [p, 1])));
    expect(completed.completions).toEqual(Object.fromEntries(completions.map((p) => [p, 1])));
    expect(faults.rateLimit).toBeGreaterThanOrEqual(8);
    expect(responses(sim, 'chat', '429') + responses(sim, 'completions', '429')).toBe(faults.rateLimit);
    expect(responses(sim, 'chat')).toBe(12);
    expect(responses(sim, 'completions')).toBe(3); // 12 prompts in batches of 4, each batch retried as a whole
    await llm.close();
  });

  it('recovers from 500s, dropped connections and malformed bodies the same way', async () => {
    sim.setFaults({ serverErrorRate: 0.2, dropRate: 0.2, malformedRate: 0.2, seed: 7 });
    const llm = simLlm(sim, { maxEmbedBatchSize: 3, retry: { maxRetries: 15 } });
    const chats = prompts('flaky chat', 8);
    const texts = prompts('flaky text', 8);
    const results = await Promise.all([
      ...chats.map((p) => outcome(llm.chat(p))),
      ...texts.map((p) => outcome(llm.embed(p))),
    ]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const { completed, faults } = sim.metrics();
    expect(completed.chat).toEqual(Object.fromEntries(chats.map((p) => [p, 1])));
    expect(completed.embeddings).toEqual(Object.fromEntries(texts.map((p) => [p, 1])));
    expect(faults.serverError + faults.drop + faults.malformed).toBeGreaterThan(0);
    await llm.close();
  });

  it('times out a stalled request and retries it', async () => {
    sim.setFaults({ stallRate: 1 });
    // 250 ms, not less: on a loaded machine the server must get each attempt before the client
    // gives up on it, or it never counts the stall. It may count the second one just after.
    const llm = simLlm(sim, { timeoutMs: 250, retry: { maxRetries: 1 } });
    const error = await firstValueFrom(llm.chat('stalled')).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'chat request failed: the response was not complete within 250 ms (timeoutMs) (after 2 attempts)',
    );
    expect(await waitFor(() => (sim.metrics().faults.stall >= 2 ? sim.metrics().faults.stall : undefined))).toBe(2);
    await llm.close();
  });

  it('waits as long as Retry-After says', async () => {
    sim.setFaults({ rateLimitStorms: [{ kind: 'firstRequests', count: 1 }], retryAfterMs: 6000 }); // 60 ms real
    const llm = simLlm(sim);
    const start = performance.now();
    await firstValueFrom(llm.chat('patient'));
    expect(performance.now() - start).toBeGreaterThanOrEqual(59);
    expect([responses(sim, 'chat', '429'), responses(sim, 'chat')]).toEqual([1, 1]);
    await llm.close();
  });

  it('gives up after maxRetries with the last error, counting the attempts', async () => {
    sim.setFaults({ serverErrorRate: 1 });
    const llm = simLlm(sim, { retry: { maxRetries: 2 } });
    const error = await firstValueFrom(llm.chat('doomed')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EpicLlmError);
    expect((error as Error).message).toBe(
      'chat request failed: 500 Internal error (simulated by epic-rx) (after 3 attempts)',
    );
    expect(responses(sim, 'chat', '500')).toBe(3);
    await llm.close();
  });

  it('does not retry a 400', async () => {
    const llm = simLlm(sim);
    const error = await firstValueFrom(llm.complete('hot', { temperature: 7 })).catch((e: unknown) => e);
    expect((error as Error).message).toBe('complete request failed: 400 "temperature" must be in [0, 2]');
    expect(responses(sim, 'completions', '400')).toBe(1);
    await llm.close();
  });
});

/**
 * A responder that holds every request until `size` of them are held at once, then lets that
 * cohort go: requests are in service together by construction, not by timing luck.
 */
function cohorts(size: number) {
  let held: (() => void)[] = [];
  return async () => {
    await new Promise<void>((resolve) => {
      held.push(resolve);
      if (held.length < size) return;
      held.forEach((release) => release());
      held = [];
    });
    return 'ok';
  };
}

describe('concurrency', () => {
  it('keeps at most maxConcurrency requests in flight', async () => {
    const gated = await startSim({ timeScale: 0.01, responder: cohorts(3) }); // 8 slots: the client is the bound
    const llm = simLlm(gated, { maxConcurrency: 3 });
    const results = await Promise.all(prompts('bounded', 12).map((p) => outcome(llm.chat(p))));
    expect(results.every((r) => r.ok)).toBe(true);
    const { maxInService, maxQueued } = gated.metrics();
    expect([maxInService, maxQueued]).toEqual([3, 0]); // 3 at once (the cohorts), never 4
    await llm.close();
    await gated.close();
  });

  it('a call unsubscribed while it waits for the limiter sends nothing', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = await startSim({ timeScale: 0.01, responder: async () => (await held, 'ok') });
    const llm = simLlm(slow, { maxConcurrency: 1 });
    const first = outcome(llm.chat('first'));
    const second = llm.chat('second').subscribe();
    await waitFor(() => (slow.metrics().inService === 1 ? true : undefined), 10_000); // first is held in service
    second.unsubscribe();
    release();
    expect((await first).ok).toBe(true);
    expect(slow.metrics().batchSizes).toEqual([1]);
    await llm.close();
    await slow.close();
  });
});
