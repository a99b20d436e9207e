import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { program } from '../../lib/program.js';
import type { BatchedEvent, RunEvent } from '../../lib/runtime/events.js';
import { startSim, type SimServer } from '../../lib/sim/index.js';
import { simLlm } from './helpers.js';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSim({ timeScale: 0.01 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.resetMetrics();
});

const prompts = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);
const eventsOf = (source: Parameters<typeof lastValueFrom<RunEvent[]>>[0]) => lastValueFrom(source);
const batched = (events: readonly RunEvent[]): BatchedEvent[] =>
  events.filter((e): e is BatchedEvent => e.type === 'batched');

/** Every call's batched event comes after its dispatch and before its result. */
function expectBetweenDispatchAndResult(events: readonly RunEvent[]): void {
  for (const b of batched(events)) {
    const at = events.indexOf(b);
    expect(events.findIndex((e) => e.type === 'dispatched' && e.id === b.id)).toBeLessThan(at);
    expect(events.findIndex((e) => e.type === 'resolved' && e.id === b.id)).toBeGreaterThan(at);
  }
}

describe('batched events of LLM calls', () => {
  it('complete: every call reports the request that carried it, with the request size', async () => {
    const llm = simLlm(sim, { maxBatchSize: 4 });
    const { complete } = llm.hosts;
    const all = program({ complete }, (xs: string[]) => xs.map((x) => complete(x)));
    const events = await eventsOf(all.events(prompts('p', 10)).pipe(toArray()));
    const joins = batched(events);
    expect(joins.map((b) => b.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const sizes = new Map<string | number, number[]>();
    for (const b of joins) sizes.set(b.request, [...(sizes.get(b.request) ?? []), b.size]);
    expect([...sizes.values()].map((s) => s.length)).toEqual([4, 4, 2]); // calls per request
    expect([...sizes.values()].map((s) => s[0])).toEqual([4, 4, 2]); // the size each call was told
    expect(sim.metrics().batchSizes).toEqual([4, 4, 2]);
    expect(joins.every((b) => b.host === 'complete' && /^complete-\d+$/.test(String(b.request)))).toBe(true);
    expectBetweenDispatchAndResult(events);
    await llm.close();
  });

  it('sequentially, each complete call is a request of its own; request ids never repeat within an Llm', async () => {
    const llm = simLlm(sim);
    const { complete } = llm.hosts;
    const all = program({ complete }, (xs: string[]) => xs.map((x) => complete(x)));
    const first = batched(await eventsOf(all.with({ strategy: 'sequential' }).events(prompts('s', 3)).pipe(toArray())));
    const second = batched(await eventsOf(all.events(prompts('t', 3)).pipe(toArray())));
    expect(first.map((b) => b.size)).toEqual([1, 1, 1]);
    expect(new Set(first.map((b) => b.request)).size).toBe(3);
    expect(new Set(second.map((b) => b.request)).size).toBe(1);
    expect(first.map((b) => b.request)).not.toContain(second[0]!.request);
    await llm.close();
  });

  it('chat, chatStream and embed report one request per call; shared deterministic calls report the shared request', async () => {
    const llm = simLlm(sim);
    const { chat, chatStream, embed } = llm.hosts;
    const prog = program({ chat, chatStream, embed }, (q: string) => [
      chat(q, { temperature: 0 }),
      chat(q, { temperature: 0 }),
      chat(q, { temperature: 1 }),
      chatStream(q),
      embed(q),
      embed(`${q}!`),
    ]);
    const events = await eventsOf(prog.events('hello').pipe(toArray()));
    const joins = batched(events).sort((a, b) => a.id - b.id);
    expect(joins.map((b) => [b.id, b.host, b.size])).toEqual([
      [1, 'chat', 1],
      [2, 'chat', 1],
      [3, 'chat', 1],
      [4, 'chatStream', 1],
      [5, 'embed', 2],
      [6, 'embed', 2],
    ]);
    const [a, b, c, d, e, f] = joins.map((j) => j.request);
    expect(a).toBe(b); // the two temperature-0 chats shared one request
    expect(new Set([a, c, d, e]).size).toBe(4);
    expect(e).toBe(f); // both embeddings in one request
    expectBetweenDispatchAndResult(events);
    await llm.close();
  });

  it('reports nothing for a call answered from the cache', async () => {
    const llm = simLlm(sim, { cacheSize: 10 });
    const { complete } = llm.hosts;
    const prog = program({ complete }, (q: string) => complete(q, { temperature: 0 }));
    expect(batched(await eventsOf(prog.events('cached').pipe(toArray())))).toHaveLength(1);
    expect(batched(await eventsOf(prog.events('cached').pipe(toArray())))).toHaveLength(0);
    await llm.close();
  });
});
