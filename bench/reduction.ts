/**
 * Pure reduction speed: programs with no host calls, against the very same functions run as
 * plain JS, and the sequential strategy (the same compiled code, one host call at a time: every speed-up is measured against it)
 * against the opportunistic one on the same programs. For each program the three run in the same
 * process in interleaved rounds (harness `timeRounds`: 9 rounds after 2 warm-up rounds, a fast
 * case repeated so a sample lasts about 5 ms, no GC forced); figures are ratios of medians.
 *
 * - while loop of 1,000,000 iterations (`acc = acc + (i % 7)`): target ≤ 20× plain JS;
 * - recursive fib(22): target ≤ 5×;
 * - map/filter/reduce over 100,000 numbers: target ≤ 3× (plain JS uses the native array methods);
 * - sequential ÷ opportunistic on each: target ≤ 2× (the baseline of every speed-up is not made
 *   slow by its own interpreter).
 */
import { program } from '../lib/program.js';
import {
  fmt,
  pct,
  repsFor,
  timeRounds,
  type Case,
  type CaseTiming,
  type Figure,
  type Suite,
  type SuiteOptions,
} from './harness.js';

const ROUNDS = 9;
/** A sample of a fast case repeats it until it lasts about this long (ms). */
const SAMPLE_MS = 5;

const countWhile = (n: number) => {
  let i = 0;
  let acc = 0;
  while (i < n) {
    acc = acc + (i % 7);
    i = i + 1;
  }
  return acc;
};

const fibRecursive = (n: number) => {
  const fib = (k: number): number => (k < 2 ? k : fib(k - 1) + fib(k - 2));
  return fib(n);
};

const mapFilterReduce = (xs: number[]) =>
  xs
    .map((x) => x * 2)
    .filter((x) => x % 3 === 0)
    .reduce((a, b) => a + b, 0);

interface Bench {
  readonly name: string;
  readonly fn: (arg: any) => number;
  readonly arg: unknown;
  readonly target: number;
}

const BENCHES: readonly Bench[] = [
  { name: 'while loop, 1,000,000 iterations', fn: countWhile, arg: 1_000_000, target: 20 },
  { name: 'recursive fib(22)', fn: fibRecursive, arg: 22, target: 5 },
  {
    name: 'map/filter/reduce over 100,000 numbers',
    fn: mapFilterReduce,
    arg: Array.from({ length: 100_000 }, (_, i) => i % 1000),
    target: 3,
  },
];

export const suite: Suite = {
  name: 'reduction',
  description:
    'pure reduction (no host calls) against the same code as plain JS; sequential against opportunistic evaluator',
  async run(log, options: SuiteOptions = {}) {
    const t = new Map<string, CaseTiming>();
    // One group of interleaved rounds per program: plain JS, opportunistic and sequential.
    for (const b of BENCHES) {
      const opportunistic = program({}, b.fn, { name: b.name });
      const sequential = opportunistic.with({ strategy: 'sequential' });
      const expected = b.fn(b.arg);
      for (const [label, p] of [
        ['opportunistic', opportunistic],
        ['sequential', sequential],
      ] as const) {
        const got = await p.evaluate(b.arg);
        if (got !== expected) throw new Error(`${b.name}: ${label} program gave ${String(got)}, plain JS ${expected}`);
      }
      let sink = 0;
      const impls: Array<[string, () => unknown]> = [
        [
          'plain JS',
          () => {
            sink += b.fn(b.arg);
          },
        ],
        ['opportunistic', () => opportunistic.evaluate(b.arg)],
        ['sequential', () => sequential.evaluate(b.arg)],
      ];
      const cases: Case[] = [];
      for (const [impl, run] of impls) {
        const name = `${b.name}: ${impl}`;
        if (options.only && !name.includes(options.only)) continue;
        cases.push({ name, run, reps: await repsFor(run, SAMPLE_MS) });
      }
      if (cases.length === 0) continue;
      log(
        `${b.name}: ${ROUNDS} interleaved rounds after 2 warm-up rounds; runs per sample: ${cases.map((c) => `${c.name.split(': ')[1]} ${c.reps}`).join(', ')}`,
      );
      for (const [name, c] of await timeRounds(cases, ROUNDS, 2)) {
        t.set(name, c);
        log(`${name}: ${fmt(c.median)} ms (min ${fmt(c.min)}, GC ${pct(c.gcShare)})`);
      }
      if (sink === 0.5) log('(unreachable: keeps the plain JS result alive)');
    }
    const figures: Figure[] = [];
    for (const b of BENCHES) {
      const plain = t.get(`${b.name}: plain JS`);
      const opp = t.get(`${b.name}: opportunistic`);
      const seq = t.get(`${b.name}: sequential`);
      if (plain && opp) {
        const r = opp.median / plain.median;
        figures.push({
          name: `${b.name}: epic-rx / plain JS`,
          value: r,
          unit: '×',
          target: `≤ ${b.target}×`,
          met: r <= b.target,
          anchor: `epic-rx ${fmt(opp.median)} ms vs plain JS ${fmt(plain.median)} ms`,
          gcShare: opp.gcShare,
          note: `medians of ${ROUNDS} interleaved rounds; ratio of the fastest runs ${fmt(opp.min / plain.min)}×; GC ${pct(opp.gcShare)} of epic-rx's time`,
        });
      }
      if (opp && seq) {
        const r = seq.median / opp.median;
        figures.push({
          name: `${b.name}: sequential ÷ opportunistic evaluator`,
          value: r,
          unit: '×',
          target: '≤ 2×',
          met: r <= 2,
          anchor: `sequential ${fmt(seq.median)} ms vs opportunistic ${fmt(opp.median)} ms`,
          gcShare: seq.gcShare,
          note: `opportunistic ÷ sequential ${fmt(opp.median / seq.median)}×; GC ${pct(seq.gcShare)} of the sequential evaluator's time`,
        });
      }
      for (const [impl, c] of [
        ['plain JS', plain],
        ['opportunistic', opp],
        ['sequential', seq],
      ] as const) {
        if (c)
          figures.push({
            name: `${b.name}: ${impl}`,
            value: c.median,
            unit: 'ms',
            gcShare: c.gcShare,
            note: `median of ${ROUNDS}; min ${fmt(c.min)} ms; GC ${pct(c.gcShare)}`,
          });
      }
    }
    return figures;
  },
};
