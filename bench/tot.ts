/**
 * Tree-of-Thoughts benchmark (`npm run bench -- tot`): the paper's headline case study. ToT's
 * breadth-first search on the Game of 24 runs against the embedded simulator replaying the REAL
 * GPT-4 answers of the ToT authors' run (demos/game24/replay.ts), four ways, on the same
 * simulator in the same process:
 *
 * - epic, opportunistic: the program (demos/game24/tot.ts), as written;
 * - epic, sequential: the same program, one call at a time;
 * - hand-written sequential: the ToT authors' structure in async TypeScript, every request
 *   awaited in turn, as their code does (demos/game24/baselines.ts) — what the paper's "6.2×
 *   faster than the ToT authors' implementation" is measured against;
 * - hand-written Promise.all: per BFS step, all proposals at once, then all value calls at once.
 *
 * All four must give equal results (final trajectories, value cache, calls per step) and send the
 * same prompts; the puzzles run in the log's order with ToT's value cache threaded from one to
 * the next (the first starts from the cache rebuilt from the log), so every run must also
 * reproduce the log's final trajectories and solve what it solved.
 *
 * Latency is GPT-4-like (0.5 s to the first token, about 20 tokens/s; `GPT4_LATENCY`), the
 * simulator's default 8 slots and H100 batch cost curve, at `timeScale` × real time. The default
 * — every fifth puzzle of 900–949 at timeScale 0.02 — takes about two and a half minutes on this
 * 2-core machine, the two sequential runs most of it. `TOT_PUZZLES=900-949` runs all 50 (about
 * ten minutes), `TOT_TIME_SCALE` changes the scale.
 *
 * The speed-up over hand-written sequential is the one the latency model allows for these
 * requests, and it falls along the log: ToT's value cache, carried from puzzle to puzzle, answers
 * more and more value prompts (value calls per ten puzzles: 547 in 900–909, 303–359 in each later
 * ten), and value calls are most of what a step's batch overlaps. The simulator's formulas applied
 * to the requests each way makes (tot-model.ts, the figure "speed-up the latency model allows":
 * model time, no noise) give median speed-ups of 5.83× over 900–909, 5.11× over this default (900
 * alone 7.85×) and 4.46× over all 50; with an empty cache for every puzzle, 7.76× over all 50. So
 * the paper's 6.2× depends on the stretch of the log and on the cache: the first ten overstate the
 * log's speed-up, and this default does too, less.
 *
 * What does not scale: epic's own CPU time between a batch's answer and the next request. Both
 * ways make the same requests (per step one propose request, then one value request, with equal
 * prompts), so client and HTTP costs cancel. What differs, measured per puzzle on 900 and 945
 * (gaps between an answer and the next request, medians of 9 runs): epic reduces the program's
 * pure code (keys, filters, the ranking) where the hand-written version runs native code, about
 * 0.6 ms more; a request leaves only when the run's synchronous work is done, including work that
 * does not lead to it (0.1–0.6 ms per request), 1.2–1.4 ms more; and the program copies its value
 * cache at every step (`cache = { ...cache, … }`: program records are immutable) where the
 * hand-written version updates it in place: nothing on 900, about 2.5 ms on 945, whose cache
 * starts with 1,744 entries. That is 2–5 ms per puzzle, growing along the log; the wall-time
 * difference measured (5–13 ms) adds noise, the load of a machine shared with other work, and
 * answers of the simulator (which shares the process and its garbage collections) 1–2 ms slower in
 * total in epic's runs of most puzzles. At timeScale 0.02 all of it weighs 50× more than it would
 * at GPT-4's real latency, and the figures say both what was measured and what it would be then.
 *
 * The two fast runs (epic opportunistic, hand-written Promise.all) are timed `FAST_REPEATS` times
 * each, alternately, and their medians compared, so that load from other processes hits both alike,
 * after one untimed run of each on the puzzle's fresh session: its first request opens the HTTP
 * connection (about 1.5 ms) and its first run compiles the program (about 1 ms), costs of the
 * session, not of either way, that would otherwise always land on epic's first run.
 */
import { isDeepStrictEqual } from 'node:util';
import { assertNever } from '../lib/errors.js';
import { solveByRounds, solveSequential } from '../demos/game24/baselines.js';
import { checkAnswer } from '../demos/game24/check.js';
import { loadTotLog, logSolved, type TotLogRecord } from '../demos/game24/log.js';
import type { ValueCache } from '../demos/game24/prompts.js';
import { replayEnvelope } from '../demos/game24/replay.js';
import { inLogOrder, selectPuzzles } from '../demos/game24/run.js';
import { GPT4_LATENCY, startReplay, type ReplaySession } from '../demos/game24/session.js';
import { totCalls, type TotResult } from '../demos/game24/tot.js';
import { median, type Figure, type Suite } from './harness.js';
import { totModelTimes, type TotModelTimes } from './tot-model.js';

const TIME_SCALE = Number(process.env['TOT_TIME_SCALE'] ?? 0.02);
const PUZZLES = process.env['TOT_PUZZLES'] ?? '900,905,910,915,920,925,930,935,940,945';
const FAST_REPEATS = 3;
const PAPER_SPEEDUP = 6.2;
const ISSUE_8_RATIO = 1.01;

const WAYS = ['epic opportunistic', 'epic sequential', 'hand-written sequential', 'hand-written Promise.all'] as const;
type Way = (typeof WAYS)[number];

/** One run of one way on one puzzle. */
interface Run {
  readonly result: TotResult;
  readonly wallMs: number;
  /** Prompts per request, in arrival order. */
  readonly batches: readonly number[];
  readonly prompts: Readonly<Record<string, number>>;
}

/** Every run of one puzzle: `FAST_REPEATS` of each fast way, one of each sequential way; its model times. */
interface Puzzle {
  readonly record: TotLogRecord;
  readonly runs: Readonly<Record<Way, readonly Run[]>>;
  readonly model: TotModelTimes;
}

/** How each way solves a puzzle on a session. */
function solver(session: ReplaySession, way: Way): (x: string, cache: ValueCache) => Promise<TotResult> {
  const calls = totCalls(session.llm.complete, replayEnvelope);
  switch (way) {
    case 'epic opportunistic':
      return (x, cache) => session.program.evaluate(x, cache);
    case 'epic sequential':
      return (x, cache) => session.program.with({ strategy: 'sequential' }).evaluate(x, cache);
    case 'hand-written sequential':
      return (x, cache) => solveSequential(calls, x, cache);
    case 'hand-written Promise.all':
      return (x, cache) => solveByRounds(calls, x, cache);
    default:
      return assertNever(way, 'way');
  }
}

/** Runs `way` once on the session, with the simulator's traffic of that run. */
async function timed(session: ReplaySession, way: Way, cache: ValueCache): Promise<Run> {
  const solve = solver(session, way);
  session.sim.resetMetrics();
  const start = performance.now();
  const result = await solve(session.record.steps[0]!.x, cache);
  const wallMs = performance.now() - start;
  const { batchSizes, completed } = session.sim.metrics();
  return { result, wallMs, batches: batchSizes, prompts: completed.completions };
}

/** Runs one puzzle all four ways on its own replaying simulator. */
async function runPuzzle(
  record: TotLogRecord,
  cache: ValueCache,
  timeScale = TIME_SCALE,
  repeats = FAST_REPEATS,
): Promise<Puzzle> {
  const model = await totModelTimes(record, cache);
  const session = await startReplay(record, { timeScale });
  try {
    const opportunistic: Run[] = [];
    const byRounds: Run[] = [];
    // Round 0 is not kept: the session's first requests open its connection and its first run
    // compiles the program, once per session, and would land on whichever way goes first.
    for (let i = 0; i <= repeats; i++) {
      // alternately, so load from other processes hits both alike
      const o = await timed(session, 'epic opportunistic', cache);
      const b = await timed(session, 'hand-written Promise.all', cache);
      if (i === 0) continue;
      opportunistic.push(o);
      byRounds.push(b);
    }
    const runs = {
      'epic opportunistic': opportunistic,
      'hand-written Promise.all': byRounds,
      'epic sequential': [await timed(session, 'epic sequential', cache)],
      'hand-written sequential': [await timed(session, 'hand-written sequential', cache)],
    };
    return { record, runs, model };
  } finally {
    await session.close();
  }
}

const total = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
/** A way's time on a puzzle: the median of its runs. */
const wallMs = (p: Puzzle, way: Way): number => median(p.runs[way].map((r) => r.wallMs));
/** A way's first run on a puzzle (every run must equal it). */
const first = (p: Puzzle, way: Way): Run => p.runs[way][0]!;
const solvedBy = (p: Puzzle, way: Way): boolean =>
  first(p, way).result.ys.some((y) => checkAnswer(p.record.steps[0]!.x, y));
const sameEverywhere = (p: Puzzle): boolean =>
  WAYS.every((w) =>
    p.runs[w].every(
      (r) =>
        isDeepStrictEqual(r.result, first(p, WAYS[0]).result) &&
        isDeepStrictEqual(r.prompts, first(p, WAYS[0]).prompts),
    ),
  );

/** The per-puzzle progress line. */
function progressLine(p: Puzzle): string {
  const s = (way: Way): string => `${(wallMs(p, way) / 1000).toFixed(2)} s`;
  const fast = first(p, 'epic opportunistic');
  return (
    `${p.record.idx} "${p.record.steps[0]!.x}": ${total(fast.batches)} prompts; epic opportunistic ${s('epic opportunistic')} ` +
    `(${fast.batches.length} requests), hand-written Promise.all ${s('hand-written Promise.all')}, epic sequential ${s('epic sequential')}, ` +
    `hand-written sequential ${s('hand-written sequential')}; solved ${solvedBy(p, 'epic opportunistic') ? 'yes' : 'no'} ` +
    `(log: ${logSolved(p.record) ? 'yes' : 'no'}); equal all four ways: ${sameEverywhere(p) ? 'yes' : 'NO'}`
  );
}

/** The figures of the suite from the runs of every puzzle. */
function figures(puzzles: readonly Puzzle[]): Figure[] {
  const k = puzzles.length;
  const setup =
    `puzzles ${PUZZLES} in log order, value cache carried (rebuilt from the log across gaps); simulator replaying ` +
    `GPT-4, TTFT ${GPT4_LATENCY.ttftMs} ms + ${GPT4_LATENCY.perTokenMs} ms/word (≈ 20 GPT-4 tokens/s), 8 slots, H100 batch curve, ` +
    `timeScale ${TIME_SCALE} (wall times are real; ÷ ${TIME_SCALE} for model time)`;
  const wall = (way: Way): number[] => puzzles.map((p) => wallMs(p, way));
  const ratios = (slow: Way, fast: Way): number[] => puzzles.map((p) => wallMs(p, slow) / wallMs(p, fast));
  const spread = (xs: readonly number[]): string =>
    `per puzzle from ${round(Math.min(...xs))}× to ${round(Math.max(...xs))}×`;
  const overHand = ratios('hand-written sequential', 'epic opportunistic');
  const vsRounds = ratios('epic opportunistic', 'hand-written Promise.all');
  const speedup = median(overHand);
  const allowed = puzzles.map((p) => p.model.sequential / p.model.byRounds);
  const ratio = median(vsRounds);
  const extraMs = puzzles.map((p) => wallMs(p, 'epic opportunistic') - wallMs(p, 'hand-written Promise.all'));
  const atRealLatency = median(
    puzzles.map((p, i) => 1 + extraMs[i]! / (wallMs(p, 'hand-written Promise.all') / TIME_SCALE)),
  );
  const rate = (solved: (p: Puzzle) => boolean): number => round((100 * puzzles.filter(solved).length) / k, 1);
  const logRate = rate((p) => logSolved(p.record));
  const epicRate = rate((p) => solvedBy(p, 'epic opportunistic'));
  const agree = puzzles.filter(sameEverywhere).length;
  const asLogged = puzzles.filter((p) =>
    isDeepStrictEqual(first(p, 'epic opportunistic').result.ys, p.record.ys),
  ).length;
  const fastRequests = total(puzzles.map((p) => first(p, 'epic opportunistic').batches.length));
  const prompts = total(puzzles.map((p) => total(first(p, 'epic opportunistic').batches)));
  const seconds = (way: Way): Figure => {
    const ms = total(wall(way));
    return {
      name: `wall time, ${way} (all puzzles)`,
      value: round(ms / 1000),
      unit: 's',
      note: `${round(ms / 1000 / TIME_SCALE, 0)} s of model time`,
    };
  };
  return [
    {
      name: `speed-up, epic opportunistic over hand-written sequential (median of ${k} puzzles)`,
      value: round(speedup),
      unit: '×',
      target: `≥ ${PAPER_SPEEDUP}× (the paper: ToT ${PAPER_SPEEDUP}× faster than the ToT authors' implementation)`,
      met: speedup >= PAPER_SPEEDUP,
      note: `${spread(overHand)}; total ${round(total(wall('hand-written sequential')) / total(wall('epic opportunistic')))}×. ${setup}`,
    },
    {
      name: `speed-up the latency model allows: hand-written sequential over one request per step and kind (median of ${k} puzzles)`,
      value: round(median(allowed)),
      unit: '×',
      note: `${spread(allowed)}; the simulator's formulas over the requests each way makes (tot-model.ts: model time, no noise, no CPU time); the measured speed-up also carries each request's costs that do not scale (HTTP, timers: a few ms per request at this scale), which weigh on the sequential way's many more requests`,
    },
    {
      name: `epic opportunistic ÷ hand-written Promise.all, wall time (median of ${k} puzzles)`,
      value: round(ratio, 3),
      unit: '×',
      target: `≤ ${ISSUE_8_RATIO}× (issue 8)`,
      met: ratio <= ISSUE_8_RATIO,
      note: `${spread(vsRounds)}; each the median of ${FAST_REPEATS} alternated runs`,
    },
    {
      name: 'epic opportunistic − hand-written Promise.all, wall time per puzzle (median)',
      value: round(median(extraMs), 1),
      unit: 'ms',
      note:
        `CPU time that does not scale with timeScale; at real GPT-4 latency (÷ ${TIME_SCALE}) the ratio above would be ` +
        `${round(atRealLatency, 4)}× (a projection: the same ms added to ${round(1 / TIME_SCALE, 0)}× longer rounds)`,
    },
    {
      name: 'speed-up, epic opportunistic over epic sequential (median)',
      value: round(median(ratios('epic sequential', 'epic opportunistic'))),
      unit: '×',
      note: spread(ratios('epic sequential', 'epic opportunistic')),
    },
    {
      name: 'epic sequential ÷ hand-written sequential, wall time (median)',
      value: round(median(ratios('epic sequential', 'hand-written sequential')), 3),
      unit: '×',
      note: 'the cost of running the program one call at a time in epic rather than as plain async code',
    },
    ...WAYS.map(seconds),
    {
      name: 'LLM prompts (complete calls), each way',
      value: prompts,
      unit: 'prompts',
      note: `${round(prompts / k, 1)} per puzzle; value calls ask n = 3 samples`,
    },
    {
      name: 'LLM requests, epic opportunistic',
      value: fastRequests,
      unit: 'requests',
      note: `${round(prompts / fastRequests, 1)} prompts per request: one request per BFS round`,
    },
    {
      name: 'solve rate, epic opportunistic',
      value: epicRate,
      unit: '%',
      target: `= the GPT-4 log's ${logRate}%`,
      met: epicRate === logRate,
    },
    {
      name: 'solve rate, GPT-4 log (same puzzles)',
      value: logRate,
      unit: '%',
      note: "ToT authors' run; 69% over all of 900–999",
    },
    {
      name: 'puzzles with equal results and equal prompts all four ways (every repeat)',
      value: agree,
      unit: `of ${k}`,
      target: `${k} of ${k}`,
      met: agree === k,
    },
    {
      name: "puzzles whose final 5 trajectories equal the log's",
      value: asLogged,
      unit: `of ${k}`,
      target: `${k} of ${k}`,
      met: asLogged === k,
    },
  ];
}

/** The ToT suite (see the file comment). */
export const suite: Suite = {
  name: 'tot',
  description:
    'Tree-of-Thoughts BFS on the Game of 24, replaying real GPT-4 outputs: epic against hand-written sequential and Promise.all',
  async run(log) {
    const all = loadTotLog();
    const chosen = selectPuzzles(all, PUZZLES);
    const cacheOf = (p: Puzzle): ValueCache => first(p, 'epic opportunistic').result.cache;
    await inLogOrder(all, chosen.slice(0, 1), (record, cache) => runPuzzle(record, cache, 0, 1), cacheOf); // warm-up: JIT, sockets
    const puzzles = await inLogOrder(
      all,
      chosen,
      async (record, cache) => {
        const puzzle = await runPuzzle(record, cache);
        log(progressLine(puzzle));
        return puzzle;
      },
      cacheOf,
    );
    return figures(puzzles);
  },
};
