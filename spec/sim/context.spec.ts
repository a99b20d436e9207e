import { APIUserAbortError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../lib/sim/index.js';
import { waitFor } from '../support/wait.js';
import { fixedWords, sdk } from './helpers.js';

const chat = { model: 'm', messages: [{ role: 'user' as const, content: 'long answer please' }] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('client cancellation', () => {
  let sim: SimServer;
  afterEach(() => sim.close());

  it('an abort mid-stream is seen as an early close within 100 ms, and frees the slot', async () => {
    sim = await startSim({ overheadMs: 0, ttftMs: 0, perTokenMs: 20, responder: fixedWords(200) });
    const ac = new AbortController();
    const stream = await sdk(sim).chat.completions.create({ ...chat, stream: true }, { signal: ac.signal });
    let deltas = 0;
    let abortedAt = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content && ++deltas === 3) {
        abortedAt = Date.now();
        ac.abort();
      }
    }
    expect(ac.signal.aborted).toBe(true); // the SDK ends an aborted stream quietly
    const close = await waitFor(() => sim.metrics().earlyCloses[0]);
    expect(close).toMatchObject({ route: 'chat', phase: 'streaming' });
    expect(close.at - abortedAt).toBeLessThan(100);
    expect(close.msSinceLastWrite).not.toBeNull();
    expect(close.msSinceLastWrite!).toBeLessThan(100);
    expect(close.msFromStart).toBeLessThan(1000);
    await waitFor(() => (sim.metrics().inService === 0 ? true : undefined), 100);
    expect(sim.metrics().requests.chat).toEqual({ '200': 1 });
    expect(sim.metrics().completed.chat).toEqual({});
  });

  it('an abort while the model works is seen within 100 ms, before anything was written', async () => {
    sim = await startSim({ overheadMs: 0, responder: fixedWords(100) }); // about 2.1 s of work
    const ac = new AbortController();
    const pending = sdk(sim).chat.completions.create(chat, { signal: ac.signal });
    await waitFor(() => (sim.metrics().inService === 1 ? true : undefined));
    await sleep(50);
    const abortedAt = Date.now();
    ac.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    const close = await waitFor(() => sim.metrics().earlyCloses[0]);
    expect(close).toMatchObject({ route: 'chat', phase: 'working', msSinceLastWrite: null });
    expect(close.at - abortedAt).toBeLessThan(100);
    expect(sim.metrics().inService).toBe(0);
    expect(sim.metrics().requests.chat).toEqual({ none: 1 });
  });

  it('an abort in the queue or the overhead leaves without taking a slot', async () => {
    sim = await startSim({ slots: 1, overheadMs: 0, responder: fixedWords(100) });
    const client = sdk(sim);
    const holder = new AbortController();
    const waiter = new AbortController();
    const held = client.completions.create({ model: 'm', prompt: 'holder' }, { signal: holder.signal });
    await waitFor(() => (sim.metrics().inService === 1 ? true : undefined));
    const queued = client.completions.create({ model: 'm', prompt: 'waiter' }, { signal: waiter.signal });
    await waitFor(() => (sim.metrics().queued === 1 ? true : undefined));
    waiter.abort();
    await expect(queued).rejects.toBeInstanceOf(APIUserAbortError);
    await waitFor(() => (sim.metrics().queued === 0 ? true : undefined), 100);
    expect(sim.metrics().earlyCloses.map((c) => c.phase)).toEqual(['queued']);
    holder.abort();
    await expect(held).rejects.toBeInstanceOf(APIUserAbortError);
    await waitFor(() => (sim.metrics().inService === 0 ? true : undefined), 100);
    expect(sim.metrics().maxInService).toBe(1);
  });

  it('an abort during the fixed overhead is recorded in that phase', async () => {
    sim = await startSim({ overheadMs: 5000 });
    const ac = new AbortController();
    const pending = sdk(sim).embeddings.create({ model: 'e', input: 'x' }, { signal: ac.signal });
    await waitFor(() => (sim.metrics().batchSizes.length === 1 ? true : undefined));
    ac.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    const close = await waitFor(() => sim.metrics().earlyCloses[0]);
    expect([close.route, close.phase]).toEqual(['embeddings', 'overhead']);
  });
});
