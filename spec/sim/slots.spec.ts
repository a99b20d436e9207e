import { describe, expect, it } from 'vitest';
import { SlotPool } from '../../lib/sim/slots.js';

function recordingPool(size: number) {
  const gauges: [number, number][] = [];
  return { pool: new SlotPool(size, (busy, queued) => gauges.push([busy, queued])), gauges };
}

describe('SlotPool', () => {
  it('serves `size` at once and grants the rest in FIFO order', async () => {
    const { pool, gauges } = recordingPool(2);
    const signal = new AbortController().signal;
    const order: string[] = [];
    const a = await pool.acquire(signal);
    const b = await pool.acquire(signal);
    const c = pool.acquire(signal).then((r) => (order.push('c'), r));
    const d = pool.acquire(signal).then((r) => (order.push('d'), r));
    expect([pool.busy, pool.waiting]).toEqual([2, 2]);
    b();
    b(); // releasing twice does nothing
    (await c)();
    a();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect([pool.busy, pool.waiting]).toEqual([0, 0]);
    expect(Math.max(...gauges.map(([busy]) => busy))).toBe(2);
    expect(Math.max(...gauges.map(([, queued]) => queued))).toBe(2);
  });

  it('an aborted waiter leaves the queue and never takes a slot', async () => {
    const { pool } = recordingPool(1);
    const hold = await pool.acquire(new AbortController().signal);
    const quitter = new AbortController();
    const reason = new Error('gone');
    const waiting = pool.acquire(quitter.signal);
    const next = pool.acquire(new AbortController().signal);
    quitter.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(pool.waiting).toBe(1);
    hold();
    (await next)();
    expect(pool.busy).toBe(0);
    await expect(pool.acquire(quitter.signal)).rejects.toBe(reason);
  });
});
