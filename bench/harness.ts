/**
 * The benchmark harness: a suite measures a few figures, each with its target, and the runner
 * prints them and writes `bench/results/<suite>.json`. Figures compare ratios measured in the
 * same run (this machine is shared and noisy), never absolute times against fixed thresholds.
 *
 * Timing (`timeRounds`): every case of a suite runs once per round, the rounds interleave the
 * cases (starting each round at the next case, so none always follows the same neighbour), and
 * the figure is the median over the rounds. Garbage-collection pauses inside a sample are timed
 * through `node:perf_hooks` (entries of type `gc`) and reported as a share of the sample.
 *
 * Gotcha, measured here: no GC is forced between samples. A full collection forced with a bare
 * `gc()` before each sample made the runtime's run 3–5× slower (10k async calls: 3.3 µs per
 * call instead of 0.6) while leaving the small hand-written anchors as fast; presumably it
 * drops compiled code or type feedback, of which the runtime has far more to warm up again.
 * `gc({ type: 'major' })` did not do that, but any forced collection between samples moves the
 * collection of a run's own garbage out of its timing. So samples pay for garbage collection as
 * a program in a long-lived process does, and suites interleave cases of like size. `forcedGc` is
 * for measuring heap sizes (the memory suite), not for timing.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One measured number. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target in words, e.g. "≤ 20 µs". */
  readonly target?: string;
  /** Whether the target was met (undefined when the figure has no target). */
  readonly met?: boolean;
  /** What the figure is compared with, measured in the same run, in words with its value. */
  readonly anchor?: string;
  /** Share of the measured time spent in garbage-collection pauses (0–1), when measured. */
  readonly gcShare?: number;
  /** Anything a reader needs to interpret the number. */
  readonly note?: string;
}

/** How the runner asks a suite to run (`npm run bench -- --only <text>`). */
export interface SuiteOptions {
  /** Run only the cases whose name contains this text (for profiling one case); figures that
   * need a case left out are skipped. */
  readonly only?: string;
}

/** A named group of measurements. */
export interface Suite {
  readonly name: string;
  readonly description: string;
  /** Runs the measurements; `log` prints progress lines. */
  run(log: (line: string) => void, options?: SuiteOptions): Promise<readonly Figure[]>;
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Node's `gc` (a full garbage collection), or undefined if the runtime refuses. Node only exposes
 * it with `--expose-gc`; setting the flag at run time and fetching `gc` from a fresh context works
 * too, so `tsx bench/memory-child.ts` needs no extra flag. For measuring heap sizes, not for
 * timing (see the module comment).
 */
export function forcedGc(): (() => void) | undefined {
  if (typeof globalThis.gc === 'function') return globalThis.gc as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const f: unknown = runInNewContext('gc');
    return typeof f === 'function' ? (f as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** One case of `timeRounds`: `run` is awaited `reps` times per sample. */
export interface Case {
  readonly name: string;
  readonly run: () => unknown;
  /** How many times one sample runs it (default 1), so that a sample of a fast case is long
   * enough to time; the per-run time is the sample divided by `reps`. */
  readonly reps?: number;
}

/** What `timeRounds` found for one case. Times in ms per run (a sample divided by `reps`). */
export interface CaseTiming {
  readonly median: number;
  readonly min: number;
  readonly samples: readonly number[];
  /** Median over the rounds of the share of a sample spent in GC pauses; undefined if not measured. */
  readonly gcShare: number | undefined;
}

/**
 * Times every case once per round, `rounds` times after `warmup` rounds (see the module comment).
 * Returns each case's timing by name.
 */
export async function timeRounds(cases: readonly Case[], rounds = 9, warmup = 2): Promise<Map<string, CaseTiming>> {
  const pauses: Array<{ start: number; end: number }> = [];
  let observer: PerformanceObserver | undefined;
  try {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) pauses.push({ start: e.startTime, end: e.startTime + e.duration });
    });
    observer.observe({ entryTypes: ['gc'] });
  } catch {
    observer = undefined;
  }
  const spans = new Map<string, Array<{ t0: number; t1: number; reps: number }>>(cases.map((c) => [c.name, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(round + k) % cases.length]!;
      const reps = c.reps ?? 1;
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) await c.run();
      const t1 = performance.now();
      if (round >= warmup) spans.get(c.name)!.push({ t0, t1, reps });
    }
  }
  // GC entries reach the observer from a timer, after the fact.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer?.disconnect();
  const out = new Map<string, CaseTiming>();
  for (const [name, list] of spans) {
    const samples = list.map((s) => (s.t1 - s.t0) / s.reps);
    const shares = list.map((s) => gcWithin(pauses, s.t0, s.t1) / (s.t1 - s.t0));
    out.set(name, {
      median: median(samples),
      min: Math.min(...samples),
      samples,
      gcShare: observer ? median(shares) : undefined,
    });
  }
  return out;
}

/** Milliseconds of GC pauses inside [t0, t1]. */
function gcWithin(pauses: ReadonlyArray<{ start: number; end: number }>, t0: number, t1: number): number {
  let ms = 0;
  for (const p of pauses) ms += Math.max(0, Math.min(p.end, t1) - Math.max(p.start, t0));
  return ms;
}

/**
 * How many runs of `f` make a sample of about `minMs` (at least 1, at most `max`), from one
 * timed run after one warm-up run.
 */
export async function repsFor(f: () => unknown, minMs: number, max = 1000): Promise<number> {
  await f();
  const t0 = performance.now();
  await f();
  const ms = performance.now() - t0;
  return Math.max(1, Math.min(max, Math.ceil(minMs / Math.max(ms, 1e-3))));
}

/** A number for people: 3 significant digits, no exponent. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

/** A GC share as a percentage for people, or '' when not measured. */
export function pct(share: number | undefined): string {
  return share === undefined ? '' : `${(share * 100).toFixed(0)}%`;
}
