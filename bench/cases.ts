/**
 * The case studies side by side (`npm run bench -- cases`): Tree-of-Thoughts, streaming cities,
 * nested tool use (agent), constrained decoding and map-reduce with self-consistency
 * (bench/case-studies.ts), each run four ways against its own embedded simulator:
 * - epic opportunistic: the program as written; this run's host calls are recorded
 *   (bench/critical-path.ts) and its critical-path bound computed from them;
 * - epic sequential: the same program, `prog.with({ strategy: 'sequential' })`;
 * - hand-written sequential and hand-written parallel (`Promise.all`) async TypeScript over the
 *   same LLM calls.
 * Each of `ROUNDS` rounds runs `FAST_REPEATS` pairs of the two fast ways (epic opportunistic and
 * hand-written parallel, which goes first alternating) and then each sequential way once (in
 * alternating order), so load from other processes hits all alike. Times are medians over the
 * runs; "opportunistic ÷ hand-written parallel" is the median of the pairs' ratios. Every run's
 * answer must equal the first's and pass the case's own check.
 *
 * The critical-path bound: the virtual makespan of the same program replayed with each call
 * taking exactly its recorded latency and the runtime taking no time (bench/critical-path.ts) —
 * the longest chain of dependent call latencies. "opportunistic ÷ bound" is computed per round
 * from that round's recorded run, so it measures what the runtime adds beyond the calls.
 *
 * Time: ToT at timeScale 0.02 (its suite's scale; one puzzle), the others at 0.1; the whole
 * suite takes about two minutes here. Runtime CPU time does not scale with timeScale, so it
 * weighs 10–50× more against the calls than at real latency; the figures are at this scale.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  agentCase,
  citiesCase,
  constrainedCase,
  selfConsistencyCase,
  totCase,
  type CaseStudy,
  type WayRun,
} from './case-studies.js';
import { CallRecorder, replayMakespan } from './critical-path.js';
import { median, type Figure, type Suite } from './harness.js';

const ROUNDS = Number(process.env['CASES_ROUNDS'] ?? 3);
const FAST_REPEATS = 3;
const TIME_SCALE = Number(process.env['CASES_TIME_SCALE'] ?? 0.1);
const TOT_TIME_SCALE = 0.02;
const TARGET_RATIO = 1.02;
/** The paper's speed-ups over hand-written sequential code: ToT 6.2×; v1's other cases 1.5×–4.8×. */
const SPEEDUP_TARGET: Readonly<Record<string, number>> = { tot: 6.2 };
const V1_LOW = 1.5;

/** The four ways. */
export const WAYS = [
  'epic opportunistic',
  'hand-written parallel',
  'epic sequential',
  'hand-written sequential',
] as const;
type Way = (typeof WAYS)[number];

/** One way's run in one round, with its LLM requests. */
interface Measured extends WayRun {
  readonly requests: number;
}

/** Runs `way` once on `study`, with the LLM requests it made; `recorder` records the opportunistic run. */
async function runWay(study: CaseStudy, way: Way, recorder: CallRecorder): Promise<Measured> {
  const sim = study.sim();
  sim.resetMetrics();
  let run: WayRun;
  switch (way) {
    case 'epic opportunistic':
      run = await study.runProgram(study.build(recorder.wrap(study.hosts)), 'opportunistic');
      break;
    case 'epic sequential':
      run = await study.runProgram(study.build(study.hosts), 'sequential');
      break;
    case 'hand-written sequential':
      run = await study.handSequential();
      break;
    case 'hand-written parallel':
      run = await study.handParallel();
      break;
  }
  return { ...run, requests: sim.metrics().batchSizes.length };
}

/** One opportunistic run with its bound, beside a hand-written parallel run next to it in time. */
interface Pair {
  readonly opportunistic: Measured;
  readonly boundMs: number;
  readonly hostCalls: number;
  readonly parallel: Measured;
}

/** A case's runs: `ROUNDS × FAST_REPEATS` pairs of the fast ways, `ROUNDS` runs of each sequential way. */
interface Runs {
  readonly pairs: readonly Pair[];
  readonly sequential: ReadonlyArray<Readonly<Record<'epic sequential' | 'hand-written sequential', Measured>>>;
}

/** An opportunistic run (recorded, with its bound) and a hand-written parallel one, in the order `flip` says. */
async function pair(study: CaseStudy, flip: boolean): Promise<Pair> {
  const recorder = new CallRecorder();
  const parallelFirst = flip ? await runWay(study, 'hand-written parallel', recorder) : undefined;
  const opportunistic = await runWay(study, 'epic opportunistic', recorder);
  const parallel = parallelFirst ?? (await runWay(study, 'hand-written parallel', recorder));
  const replay = replayMakespan(recorder, Object.keys(study.hosts), study.build, study.args);
  if (!isDeepStrictEqual(replay.value, opportunistic.result))
    throw new Error(`${study.name}: the virtual replay gave another answer than the run it replays`);
  return { opportunistic, boundMs: replay.makespanMs, hostCalls: recorder.count, parallel };
}

/** Every run of a case (see `Runs`); the order alternates, so load from other processes hits all alike. */
async function runCase(study: CaseStudy, log: (line: string) => void): Promise<Runs> {
  const pairs: Pair[] = [];
  const sequential: Array<Record<'epic sequential' | 'hand-written sequential', Measured>> = [];
  for (let i = 0; i < ROUNDS; i++) {
    for (let j = 0; j < FAST_REPEATS; j++) pairs.push(await pair(study, (i + j) % 2 === 1));
    const ways = ['epic sequential', 'hand-written sequential'] as const;
    const [a, b] = i % 2 === 0 ? ways : [ways[1], ways[0]];
    const first = await runWay(study, a, new CallRecorder());
    const second = await runWay(study, b, new CallRecorder());
    sequential.push({ [a]: first, [b]: second } as Record<(typeof ways)[number], Measured>);
    const fast = pairs
      .slice(-FAST_REPEATS)
      .map((p) => `${p.opportunistic.totalMs.toFixed(0)}/${p.boundMs.toFixed(0)}/${p.parallel.totalMs.toFixed(0)}`);
    log(
      `${study.name} round ${i + 1}: opportunistic/bound/hand-written parallel ${fast.join(', ')} ms · ` +
        `epic sequential ${sequential[i]!['epic sequential'].totalMs.toFixed(0)} ms · ` +
        `hand-written sequential ${sequential[i]!['hand-written sequential'].totalMs.toFixed(0)} ms`,
    );
  }
  return { pairs, sequential };
}

const r2 = (x: number): number => Number(x.toFixed(2));
const r3 = (x: number): number => Number(x.toFixed(3));
const ms = (x: number): number => Number(x.toFixed(1));

/** The figures of one case. */
function caseFigures(study: CaseStudy, runs: Runs): Figure[] {
  const f = (metric: string, value: number, unit: string, extra: Partial<Figure> = {}): Figure => ({
    name: `${study.name} · ${metric}`,
    value,
    unit,
    ...extra,
  });
  const { pairs, sequential } = runs;
  const all: Record<Way, Measured[]> = {
    'epic opportunistic': pairs.map((p) => p.opportunistic),
    'hand-written parallel': pairs.map((p) => p.parallel),
    'epic sequential': sequential.map((s) => s['epic sequential']),
    'hand-written sequential': sequential.map((s) => s['hand-written sequential']),
  };
  const time = (way: Way): number => median(all[way].map((r) => r.totalMs));
  const overBound = median(pairs.map((p) => p.opportunistic.totalMs / p.boundMs));
  const overHand = median(pairs.map((p) => p.opportunistic.totalMs / p.parallel.totalMs));
  const speedup = time('hand-written sequential') / time('epic opportunistic');
  const speedTarget = SPEEDUP_TARGET[study.name];
  const answer = pairs[0]!.opportunistic.result;
  const runCount = WAYS.reduce((n, w) => n + all[w].length, 0);
  const agree = WAYS.reduce(
    (n, w) => n + all[w].filter((r) => isDeepStrictEqual(r.result, answer) && study.check(r.result)).length,
    0,
  );
  const hasFirst = pairs[0]!.opportunistic.firstMs !== undefined;
  const samples = `${pairs.length} pairs of alternated runs`;
  return [
    f('opportunistic ÷ critical-path bound', r3(overBound), '×', {
      target: `≤ ${TARGET_RATIO}×`,
      met: overBound <= TARGET_RATIO,
      note:
        `median over ${pairs.length} runs, each against the bound of its own recorded latencies. ` +
        `${study.shape}; ${study.settings}`,
    }),
    f('opportunistic ÷ hand-written parallel', r3(overHand), '×', {
      target: `≤ ${TARGET_RATIO}×`,
      met: overHand <= TARGET_RATIO,
      note: `median of the ratios of ${samples}`,
    }),
    f(
      'speed-up over hand-written sequential',
      r2(speedup),
      '×',
      speedTarget !== undefined
        ? { target: `≥ ${speedTarget}× (the paper's ToT figure)`, met: speedup >= speedTarget }
        : { target: `≥ ${V1_LOW}× (the paper v1's range ${V1_LOW}×–4.8×)`, met: speedup >= V1_LOW },
    ),
    f('runs with the same, checked answer', agree, `of ${runCount}`, {
      target: `${runCount} of ${runCount}`,
      met: agree === runCount,
    }),
    f('speed-up over epic sequential', r2(time('epic sequential') / time('epic opportunistic')), '×'),
    f('overhead over hand-written parallel', Number(((overHand - 1) * 100).toFixed(1)), '%'),
    f(
      'hand-written parallel ÷ critical-path bound',
      r3(median(pairs.map((p) => p.parallel.totalMs / p.boundMs))),
      '×',
      { note: 'against the bound of the opportunistic run next to it' },
    ),
    f('critical-path bound', ms(median(pairs.map((p) => p.boundMs))), 'ms', {
      note: 'virtual makespan of the recorded latencies (bench/critical-path.ts)',
    }),
    ...WAYS.map((way) => f(`time, ${way}`, ms(time(way)), 'ms', { note: `median of ${all[way].length} runs` })),
    ...(hasFirst
      ? WAYS.map((way) => f(`time to first output, ${way}`, ms(median(all[way].map((r) => r.firstMs ?? NaN))), 'ms'))
      : []),
    f('host calls', pairs[0]!.hostCalls, 'calls', {
      note: 'of the opportunistic run (every way makes the same LLM calls)',
    }),
    ...WAYS.map((way) => f(`LLM requests, ${way}`, all[way][0]!.requests, 'requests')),
  ];
}

/** Every case study, in the table's order. */
const CASES: ReadonlyArray<() => Promise<CaseStudy>> = [
  () => totCase(TOT_TIME_SCALE),
  () => citiesCase(TIME_SCALE),
  () => agentCase(TIME_SCALE),
  () => constrainedCase(TIME_SCALE),
  () => selfConsistencyCase(TIME_SCALE),
];

/** The cases suite (see the file comment). */
export const suite: Suite = {
  name: 'cases',
  description:
    'the case studies four ways: epic opportunistic and sequential, hand-written sequential and Promise.all, ' +
    'and the critical-path bound',
  async run(log, options = {}) {
    const figures: Figure[] = [];
    log(
      `${ROUNDS} rounds per case, each ${FAST_REPEATS} pairs of the fast ways and each sequential way once; ` +
        "wall ms at each case's time scale (÷ timeScale for model time)",
    );
    for (const make of CASES) {
      const study = await make();
      if (options.only !== undefined && !study.name.includes(options.only)) {
        await study.close();
        continue;
      }
      try {
        for (const way of ['epic opportunistic', 'hand-written parallel'] as const)
          await runWay(study, way, new CallRecorder()); // warm-up
        figures.push(...caseFigures(study, await runCase(study, log)));
      } finally {
        await study.close();
      }
    }
    return figures;
  },
};
