import { describe, expect, it } from 'vitest';
import { totModelTimes } from '../../bench/tot-model.js';
import { loadTotLog, totLogRecord, valueCacheAfter } from '../../demos/game24/log.js';

describe('totModelTimes: the model time of ToT each way, from the simulator formulas', () => {
  it("puzzle 900 from an empty cache: the log's trajectories, and the sequential way 7.85 times the per-step requests", async () => {
    const record = totLogRecord(900);
    const { sequential, byRounds, result } = await totModelTimes(record, {});
    expect(result.ys).toEqual(record.ys);
    expect(sequential / byRounds).toBeCloseTo(7.85, 2);
  });

  it('the value cache carried along the log leaves fewer value calls, and less to overlap', async () => {
    const log = loadTotLog();
    const record = totLogRecord(945, log);
    const carried = await totModelTimes(record, valueCacheAfter(log.slice(0, log.indexOf(record))));
    const fresh = await totModelTimes(record, {});
    expect(carried.result.ys).toEqual(record.ys);
    expect(carried.sequential / carried.byRounds).toBeCloseTo(4.03, 2);
    expect(fresh.sequential / fresh.byRounds).toBeGreaterThan(7);
  });
});
