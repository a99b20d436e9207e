import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../../demos/game24/check.js';
import { logSolved, totLogRecord } from '../../../demos/game24/log.js';
import { startReplay } from '../../../demos/game24/session.js';
import type { ValueCache } from '../../../demos/game24/prompts.js';
import type { TotResult } from '../../../demos/game24/tot.js';

const TIME_SCALE = 0.0002; // GPT-4-like latency, 5000× faster

describe('Tree-of-Thoughts BFS on replayed GPT-4 answers', () => {
  it('runs puzzles 900–903 as the log did, both ways, with the same prompts, one request per round', async () => {
    let cache: ValueCache = {}; // threaded from puzzle to puzzle, as ToT's run-wide value cache was
    let solved = 0;
    for (const idx of [900, 901, 902, 903]) {
      const record = totLogRecord(idx);
      const session = await startReplay(record, { timeScale: TIME_SCALE });
      try {
        const x = record.steps[0]!.x;
        const fast = await session.program.evaluate(x, cache);
        const fastServed = session.sim.metrics();
        session.sim.resetMetrics();
        const slow = await session.program.with({ strategy: 'sequential' }).evaluate(x, cache);
        const slowServed = session.sim.metrics();

        expect(slow, `${idx}: sequential result`).toEqual(fast);
        expect(slowServed.completed.completions, `${idx}: prompts`).toEqual(fastServed.completed.completions);
        expect(fast.ys, `${idx}: final trajectories`).toEqual(record.ys);
        expect(fast.ys.map((y) => checkAnswer(x, y))).toEqual(record.infos.map((info) => info.r === 1));

        const calls = fast.steps.flatMap((s) => [s.states, s.valued]);
        expect(fastServed.batchSizes, `${idx}: prompts per request`).toEqual(calls);
        expect(slowServed.batchSizes).toEqual(Array(calls.reduce((a, b) => a + b, 0)).fill(1));
        solved += logSolved(record) ? 1 : 0;
        cache = fast.cache;
      } finally {
        await session.close();
      }
    }
    expect(solved).toBe(3);
  });

  it('reports its calls truthfully: the step summaries count the host calls dispatched', async () => {
    const record = totLogRecord(900);
    const session = await startReplay(record, { timeScale: TIME_SCALE });
    try {
      const events = await lastValueFrom(session.program.events(record.steps[0]!.x, {}).pipe(toArray()));
      const result = events.at(-1);
      if (result?.type !== 'result') throw new Error('the run did not end with its result');
      const { steps } = result.value as TotResult;
      const dispatched = (host: string) => events.filter((e) => e.type === 'dispatched' && e.host === host).length;
      expect(dispatched('propose')).toBe(steps.reduce((n, s) => n + s.states, 0));
      expect(dispatched('value')).toBe(steps.reduce((n, s) => n + s.valued, 0));
      expect(steps.map((s) => s.candidates)).toEqual(record.steps.map((s) => s.new_ys.length));
    } finally {
      await session.close();
    }
  });

  it('finds the answer of a puzzle from a fresh cache, and checks it', async () => {
    const record = totLogRecord(903);
    const session = await startReplay(record, { timeScale: 0 });
    try {
      const { ys } = await session.program.evaluate(record.steps[0]!.x, {});
      const found = ys.filter((y) => checkAnswer(record.steps[0]!.x, y));
      expect(found.length).toBeGreaterThan(0);
      expect(found[0]!.trim().split('\n')).toHaveLength(4);
    } finally {
      await session.close();
    }
  });
});
