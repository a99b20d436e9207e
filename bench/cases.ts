/**
 * The case studies side by side (`npm run bench -- cases`): Tree-of-Thoughts, streaming cities,
 * nested tool use (agent), constrained decoding and map-reduce with self-consistency
 * (bench/case-studies.ts), each run four ways against its own embedded simulator:
 * - epic opportunistic: the program as written; this run's host calls are recorded
 *   (bench/critical-path.ts) and its critical-path bound computed from them;
 * - epic sequential: the same program, `prog.with({ strategy: 'sequential' })`;
 * - hand-written sequential and hand-written parallel (`Promise.all`) async TypeScript over the
 *   same LLM calls.
 * Every round runs the four ways one after the other (the first way moves on each round, so
 * load from other processes hits all alike); figures are medians over `ROUNDS` rounds, ratios
 * the medians of per-round ratios. Every run's answer must equal the first's and pass the case's
 * own check.
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
import { agentCase, citiesCase, constrainedCase, selfConsistencyCase, totCase, type CaseStudy, type WayRun } from './case-studies.js';
import { CallRecorder, replayMakespan } from './critical-path.js';
import { median, type Figure, type Suite } from './harness.js';

const ROUNDS = Number(process.env['CASES_ROUNDS'] ?? 3);
const TIME_SCALE = Number(process.env['CASES_TIME_SCALE'] ?? 0.1);
const TOT_TIME_SCALE = 0.02;
const TARGET_RATIO = 1.02;
/** The paper's speed-ups over hand-written sequential code: ToT 6.2×; v1's other cases 1.5×–4.8×. */
const SPEEDUP_TARGET: Readonly<Record<string, number>> = { tot: 6.2 };
const V1_LOW = 1.5;

/** The four ways, in the order of the first round. */
export const WAYS = ['epic opportunistic', 'hand-written parallel', 'epic sequential', 'hand-written sequential'] as const;
type Way = (typeof WAYS)[number];

/** One way's run in one round, with its LLM requests. */
interface Measured extends WayRun {
  readonly requests: number;
}

/** One round of a case. */
interface Round {
  readonly runs: Readonly<Record<Way, Measured>>;
  readonly boundMs: number;
  readonly hostCalls: number;
}

/** Runs `way` once on `study`; `recorder` records the opportunistic run. */
async function runWay(study: CaseStudy, way: Way, recorder: CallRecorder): Promise<Measured> {
  const sim = study.sim();
  sim.resetMetrics();
  let run: WayRun;
  switch (way) {
    case 'epic opportunistic': run = await study.runProgram(study.build(recorder.wrap(study.hosts)), 'opportunistic'); break;
    case 'epic sequential': run = await study.runProgram(study.build(study.hosts), 'sequential'); break;
    case 'hand-written sequential': run = await study.handSequential(); break;
    case 'hand-written parallel': run = await study.handParallel(); break;
  }
  return { ...run, requests: sim.metrics().batchSizes.length };
}

/** One round: the four ways starting at `first`, and the bound of the opportunistic run. */
async function round(study: CaseStudy, first: number): Promise<Round> {
  const recorder = new CallRecorder();
  const runs = {} as Record<Way, Measured>;
  for (let k = 0; k < WAYS.length; k++) {
    const way = WAYS[(first + k) % WAYS.length]!;
    runs[way] = await runWay(study, way, recorder);
  }
  const replay = replayMakespan(recorder, Object.keys(study.hosts), study.build, study.args);
  if (!isDeepStrictEqual(replay.value, runs['epic opportunistic'].result)) throw new Error(`${study.name}: the virtual replay gave another answer than the run it replays`);
  return { runs, boundMs: replay.makespanMs, hostCalls: recorder.count };
}

const r2 = (x: number): number => Number(x.toFixed(2));
const r3 = (x: number): number => Number(x.toFixed(3));
const ms = (x: number): number => Number(x.toFixed(1));

/** The figures of one case. */
function caseFigures(study: CaseStudy, rounds: readonly Round[]): Figure[] {
  const f = (metric: string, value: number, unit: string, extra: Partial<Figure> = {}): Figure => ({ name: `${study.name} · ${metric}`, value, unit, ...extra });
  const time = (way: Way): number => median(rounds.map((r) => r.runs[way].totalMs));
  const ratio = (a: (r: Round) => number, b: (r: Round) => number): number => median(rounds.map((r) => a(r) / b(r)));
  const opp = (r: Round): number => r.runs['epic opportunistic'].totalMs;
  const overBound = ratio(opp, (r) => r.boundMs);
  const overHand = ratio(opp, (r) => r.runs['hand-written parallel'].totalMs);
  const speedup = ratio((r) => r.runs['hand-written sequential'].totalMs, opp);
  const speedTarget = SPEEDUP_TARGET[study.name];
  const answer = rounds[0]!.runs['epic opportunistic'].result;
  const agree = rounds.filter((r) => WAYS.every((w) => isDeepStrictEqual(r.runs[w].result, answer) && study.check(r.runs[w].result))).length;
  const first = rounds[0]!.runs['epic opportunistic'].firstMs;
  return [
    f('opportunistic ÷ critical-path bound', r3(overBound), '×', { target: `≤ ${TARGET_RATIO}×`, met: overBound <= TARGET_RATIO, note: `median of per-round ratios. ${study.shape}; ${study.settings}` }),
    f('opportunistic ÷ hand-written parallel', r3(overHand), '×', { target: `≤ ${TARGET_RATIO}×`, met: overHand <= TARGET_RATIO, note: 'median of per-round ratios' }),
    f('speed-up over hand-written sequential', r2(speedup), '×', speedTarget !== undefined
      ? { target: `≥ ${speedTarget}× (the paper's ToT figure)`, met: speedup >= speedTarget }
      : { target: `≥ ${V1_LOW}× (the paper v1's range ${V1_LOW}×–4.8×)`, met: speedup >= V1_LOW }),
    f('rounds with equal, checked answers all four ways', agree, `of ${rounds.length}`, { target: `${rounds.length} of ${rounds.length}`, met: agree === rounds.length }),
    f('speed-up over epic sequential', r2(ratio((r) => r.runs['epic sequential'].totalMs, opp)), '×'),
    f('overhead over hand-written parallel', Number(((overHand - 1) * 100).toFixed(1)), '%'),
    f('hand-written parallel ÷ critical-path bound', r3(ratio((r) => r.runs['hand-written parallel'].totalMs, (r) => r.boundMs)), '×'),
    f('critical-path bound', ms(median(rounds.map((r) => r.boundMs))), 'ms', { note: 'virtual makespan of the recorded latencies (bench/critical-path.ts)' }),
    ...WAYS.map((way) => f(`time, ${way}`, ms(time(way)), 'ms')),
    ...(first === undefined ? [] : WAYS.map((way) => f(`time to first output, ${way}`, ms(median(rounds.map((r) => r.runs[way].firstMs ?? NaN))), 'ms'))),
    f('host calls', rounds[0]!.hostCalls, 'calls', { note: 'of the opportunistic run (every way makes the same LLM calls)' }),
    ...WAYS.map((way) => f(`LLM requests, ${way}`, rounds[0]!.runs[way].requests, 'requests')),
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
  description: 'the case studies four ways: epic opportunistic and sequential, hand-written sequential and Promise.all, and the critical-path bound',
  async run(log, options = {}) {
    const figures: Figure[] = [];
    log(`${ROUNDS} rounds per case, medians; wall ms at the time scale stated per case (÷ timeScale for model time)`);
    for (const make of CASES) {
      const study = await make();
      if (options.only !== undefined && !study.name.includes(options.only)) {
        await study.close();
        continue;
      }
      try {
        for (const way of ['epic opportunistic', 'hand-written parallel'] as const) await runWay(study, way, new CallRecorder()); // warm-up
        const rounds: Round[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          const r = await round(study, i);
          log(`${study.name} round ${i + 1}: ${WAYS.map((w) => `${w} ${r.runs[w].totalMs.toFixed(0)} ms`).join(' · ')} · bound ${r.boundMs.toFixed(0)} ms`);
          rounds.push(r);
        }
        figures.push(...caseFigures(study, rounds));
      } finally {
        await study.close();
      }
    }
    return figures;
  },
};
