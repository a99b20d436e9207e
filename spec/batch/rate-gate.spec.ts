import { Redis } from 'ioredis';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRateGate, redisRateGate, type CallGate } from '../../lib/batch/rate-gate.js';
import { runBatch } from '../../lib/batch/run-batch.js';
import { external, program } from '../../lib/index.js';
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
});

describe('runBatch with a gate', () => {
  it('passes the gate once per call sent, never for a replayed call', async () => {
    let acquired = 0;
    const gate: CallGate = { reserve: async () => ({ waitMs: 0, at: 0 }), acquire: async () => void acquired++ };
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
});
