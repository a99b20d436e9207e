import { describe, expect, it } from 'vitest';
import { solveByRounds, solveSequential } from '../../../demos/game24/baselines.js';
import { loadTotLog, valueCacheAfter } from '../../../demos/game24/log.js';
import { replayEnvelope } from '../../../demos/game24/replay.js';
import { startReplay } from '../../../demos/game24/session.js';
import { totCalls } from '../../../demos/game24/tot.js';

describe('the hand-written ToT baselines', () => {
  // 906 and 937 ask propose prompts twice (937 also keeps one state twice); 940 starts from a big cache.
  it.each([900, 906, 937, 940])(
    "give the program's result on puzzle %i, one request at a time or one per round",
    async (idx) => {
      const log = loadTotLog();
      const at = log.findIndex((r) => r.idx === idx);
      const record = log[at]!;
      const cache = valueCacheAfter(log.slice(0, at));
      const session = await startReplay(record, { timeScale: 0.0002 });
      try {
        const x = record.steps[0]!.x;
        const calls = totCalls(session.llm.complete, replayEnvelope);
        const epic = await session.program.evaluate(x, cache);
        const perRound = session.sim.metrics().batchSizes;
        expect(epic.ys).toEqual(record.ys);

        session.sim.resetMetrics();
        expect(await solveSequential(calls, x, cache)).toEqual(epic);
        const { batchSizes } = session.sim.metrics();
        expect(batchSizes).toEqual(Array(perRound.reduce((a, b) => a + b, 0)).fill(1));

        session.sim.resetMetrics();
        expect(await solveByRounds(calls, x, cache)).toEqual(epic);
        expect(session.sim.metrics().batchSizes).toEqual(perRound);
      } finally {
        await session.close();
      }
    },
  );
});
