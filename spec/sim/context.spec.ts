import { APIUserAbortError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../lib/sim/index.js';
import { waitFor } from '../support/wait.js';
import { fixedWords, sdk } from './helpers.js';

const chat = { model: 'm', messages: [{ role: 'user' as const, content: 'long answer please' }] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * How soon the server must notice a client that left. It takes a few ms on an idle machine; the
 * bound is far above that (a loaded machine may not run this process for a while), and far below
 * the time the request would have run on, so noticing only at the end still fails.
 */
const NOTICED_WITHIN_MS = 2000;
const WAIT_MS = 10_000;

describe('client cancellation', () => {
  let sim: SimServer;
  afterEach(() => sim.close());

  it('an abort mid-stream is seen as an early close at once, and frees the slot', async () => {
    sim = await startSim({ overheadMs: 0, ttftMs: 0, perTokenMs: 20, responder: fixedWords(1000) }); // a 20 s stream
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
    const close = await waitFor(() => sim.metrics().earlyCloses[0], WAIT_MS);
    expect(close).toMatchObject({ route: 'chat', phase: 'streaming' });
    expect(close.at - abortedAt).toBeLessThan(NOTICED_WITHIN_MS);
    expect(close.msSinceLastWrite).not.toBeNull();
    expect(close.msSinceLastWrite!).toBeLessThan(NOTICED_WITHIN_MS); // it was still writing tokens
    expect(close.msFromStart).toBeLessThan(10_000);
    await waitFor(() => (sim.metrics().inService === 0 ? true : undefined), WAIT_MS);
    expect(sim.metrics().requests.chat).toEqual({ '200': 1 });
    expect(sim.metrics().completed.chat).toEqual({});
  });

  it('an abort while the model works is seen at once, before anything was written', async () => {
    sim = await startSim({ overheadMs: 0, responder: fixedWords(1000) }); // about 20 s of work
    const ac = new AbortController();
    const pending = sdk(sim).chat.completions.create(chat, { signal: ac.signal });
    await waitFor(() => (sim.metrics().inService === 1 ? true : undefined), WAIT_MS);
    await sleep(50);
    const abortedAt = Date.now();
    ac.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    const close = await waitFor(() => sim.metrics().earlyCloses[0], WAIT_MS);
    expect(close).toMatchObject({ route: 'chat', phase: 'working', msSinceLastWrite: null });
    expect(close.at - abortedAt).toBeLessThan(NOTICED_WITHIN_MS);
    expect(sim.metrics().inService).toBe(0);
    expect(sim.metrics().requests.chat).toEqual({ none: 1 });
  });

  it('an abort in the queue or the overhead leaves without taking a slot', async () => {
    sim = await startSim({ slots: 1, overheadMs: 0, responder: fixedWords(1000) }); // 20 s each
    const client = sdk(sim);
    const holder = new AbortController();
    const waiter = new AbortController();
    const held = client.completions.create({ model: 'm', prompt: 'holder' }, { signal: holder.signal });
    await waitFor(() => (sim.metrics().inService === 1 ? true : undefined), WAIT_MS);
    const queued = client.completions.create({ model: 'm', prompt: 'waiter' }, { signal: waiter.signal });
    await waitFor(() => (sim.metrics().queued === 1 ? true : undefined), WAIT_MS);
    waiter.abort();
    await expect(queued).rejects.toBeInstanceOf(APIUserAbortError);
    await waitFor(() => (sim.metrics().queued === 0 ? true : undefined), WAIT_MS);
    expect(sim.metrics().earlyCloses.map((c) => c.phase)).toEqual(['queued']);
    holder.abort();
    await expect(held).rejects.toBeInstanceOf(APIUserAbortError);
    await waitFor(() => (sim.metrics().inService === 0 ? true : undefined), WAIT_MS);
    expect(sim.metrics().maxInService).toBe(1);
  });

  it('an abort during the fixed overhead is recorded in that phase', async () => {
    sim = await startSim({ overheadMs: 60_000 });
    const ac = new AbortController();
    const pending = sdk(sim).embeddings.create({ model: 'e', input: 'x' }, { signal: ac.signal });
    await waitFor(() => (sim.metrics().batchSizes.length === 1 ? true : undefined), WAIT_MS);
    ac.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    const close = await waitFor(() => sim.metrics().earlyCloses[0], WAIT_MS);
    expect([close.route, close.phase]).toEqual(['embeddings', 'overhead']);
  });
});
