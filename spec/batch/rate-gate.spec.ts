import { Redis } from 'ioredis';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localRateGate, redisRateGate, type CallGate } from '../../lib/batch/rate-gate.js';
import { runBatch } from '../../lib/batch/run-batch.js';
import { external, program } from '../../lib/index.js';
import { createRateLimitPause } from '../../lib/llm/rate-limited.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { MemoryJournal } from './memory-journal.js';

let redis: RedisServer;
const clients: Redis[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.stop();
});

describe('localRateGate', () => {
  it('spaces reservations made at once by 1/rate, and refills up to the burst while idle', async () => {
    let now = 1000;
    const gate = localRateGate(100, 2, () => now);
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push((await gate.reserve()).waitMs);
    expect(waits).toEqual([0, 0, 10, 20]);
    now += 1000; // idle for a second: the debt is paid and 2 tokens (the burst) are back
    expect((await gate.reserve()).waitMs).toBe(0);
    expect((await gate.reserve()).waitMs).toBe(0);
    expect((await gate.reserve()).waitMs).toBe(10);
  });

  it('holds reservations made during a pause until it ends, then spaces them at the rate', async () => {
    let now = 1000;
    const gate = localRateGate(100, 1, () => now);
    expect((await gate.reserve()).waitMs).toBe(0);
    await gate.pause(500);
    await gate.pause(200); // a shorter pause leaves the longer one as it is
    expect(await gate.pausedUntil()).toBe(1500);
    now = 1100;
    const grants = [await gate.reserve(), await gate.reserve(), await gate.reserve()];
    expect(grants.map((g) => g.at)).toEqual([1500, 1510, 1520]);
    now = 2000; // long after: the debt is paid, one token is back
    expect((await gate.reserve()).waitMs).toBe(0);
  });

  it('with an infinite rate, only pauses hold calls', async () => {
    let now = 0;
    const gate = localRateGate(Infinity, 1, () => now);
    const free = [await gate.reserve(), await gate.reserve()];
    expect(free.map((g) => g.waitMs)).toEqual([0, 0]);
    await gate.pause(300);
    now = 100;
    expect([(await gate.reserve()).waitMs, (await gate.reserve()).waitMs]).toEqual([200, 200]);
  });

  it('an acquire waiting for its token when a pause begins waits for the pause too', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const gate = localRateGate(10); // a token per 100 ms
      await gate.acquire();
      let passed = false;
      const waiting = gate.acquire().then(() => (passed = true)); // its token is due in 100 ms...
      await gate.pause(400); // ...but a 429 elsewhere pauses the gate for 400 ms
      await vi.advanceTimersByTimeAsync(399);
      expect(passed).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await waiting;
      expect(passed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a bad rate, and an acquire whose signal aborts while it waits', async () => {
    expect(() => localRateGate(0)).toThrow('a rate gate needs a positive calls-per-second, got 0');
    const gate = localRateGate(0.001); // one call per 1000 s
    await gate.acquire();
    const stop = new AbortController();
    const waiting = gate.acquire(stop.signal);
    stop.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });
});

describe('redisRateGate', () => {
  it('is one bucket for every client on the key: grants from two workers never come closer than 1/rate', async () => {
    const [a, b] = [new Redis(redis.url), new Redis(redis.url)];
    clients.push(a, b);
    const gates = [redisRateGate(a, 'spec:rate', 100), redisRateGate(b, 'spec:rate', 100)];
    const grants = await Promise.all(Array.from({ length: 20 }, (_, i) => gates[i % 2]!.reserve()));
    const at = grants.map((g) => g.at).toSorted((x, y) => x - y);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(9); // 10 ms, less a ms of rounding
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(19 * 9);
  });

  it("one client's pause holds the other's reservations until it ends, on the Redis clock", async () => {
    const [a, b] = [new Redis(redis.url), new Redis(redis.url)];
    clients.push(a, b);
    const [gateA, gateB] = [redisRateGate(a, 'spec:paused', 100), redisRateGate(b, 'spec:paused', 100)];
    const before = await gateB.reserve();
    await gateA.pause(5000);
    await gateA.pause(10); // shorter: changes nothing
    const resume = await gateB.pausedUntil();
    expect(resume).toBeGreaterThanOrEqual(before.at + 5000);
    const grants = [await gateB.reserve(), await gateB.reserve()];
    expect(grants.map((g) => g.at)).toEqual([resume, resume + 10]);
    expect(grants[0]!.waitMs).toBeGreaterThan(4000);
    expect(await a.pttl('{spec:paused}:pause')).toBeGreaterThan(4000); // the key goes when the pause ends
  });

  it('with an infinite rate it keeps no bucket, only a pause holds calls, and calls made together share a round trip', async () => {
    const c = new Redis(redis.url);
    clients.push(c);
    const gate = redisRateGate(c, 'spec:pause-only', Infinity);
    const evals = vi.spyOn(c, 'eval');
    const together = await Promise.all(Array.from({ length: 10 }, () => gate.reserve()));
    expect([together.map((g) => g.waitMs), evals.mock.calls.length]).toEqual([Array(10).fill(0), 1]);
    evals.mockRestore();
    expect(await c.exists('{spec:pause-only}')).toBe(0);
    await gate.pause(3000);
    const held = await gate.reserve();
    expect(held.at).toBe(await gate.pausedUntil());
    expect(held.waitMs).toBeGreaterThan(2000);
  });
});

describe('runBatch with a gate', () => {
  it('passes the gate once per call sent, never for a replayed call', async () => {
    let acquired = 0;
    const gate: CallGate = {
      reserve: async () => ({ waitMs: 0, at: 0 }),
      acquire: async () => void acquired++,
      pause: async () => {},
      pausedUntil: async () => 0,
    };
    const ask = external(async (q: string) => q.length);
    const prog = program({ ask }, (q: string) => ask(q) + ask(q + q));
    const journal = new MemoryJournal();
    const items = [
      { index: 0, args: ['ab'] },
      { index: 1, args: ['abc'] },
    ];
    const first = await lastValueFrom(runBatch(prog, items, { journal, gate }).pipe(toArray()));
    expect(acquired).toBe(4);
    const again = await lastValueFrom(runBatch(prog, items, { journal, gate }).pipe(toArray()));
    expect(acquired).toBe(4);
    expect(again.toSorted((x, y) => x.index - y.index).map((r) => ('value' in r ? r.value : r.error))).toEqual(
      first.toSorted((x, y) => x.index - y.index).map((r) => ('value' in r ? r.value : r.error)),
    );
    expect(first.map((r) => ('value' in r ? r.value : r.error)).toSorted()).toEqual([6, 9]);
  });

  it("pauses the gate on an Llm's 429 while the batch runs, and stops listening when it ends", async () => {
    const gate = localRateGate(Infinity, 1, () => 0);
    const endpoint = createRateLimitPause({});
    const tooMany = { status: 429, headers: { 'retry-after-ms': '800' } };
    const ask = external(async (q: string) => (endpoint.note('chat', tooMany), q)); // as an Llm meeting a 429
    const prog = program({ ask }, (q: string) => ask(q));
    await lastValueFrom(runBatch(prog, [{ index: 0, args: ['x'] }], { gate }).pipe(toArray()));
    expect(await gate.pausedUntil()).toBe(800);
    endpoint.note('chat', { ...tooMany, headers: { 'retry-after-ms': '5000' } }); // after the batch: not heard
    expect(await gate.pausedUntil()).toBe(800);
  });
});
