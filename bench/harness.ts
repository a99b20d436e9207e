/**
 * The benchmark harness: a suite measures a few figures, each with its target, and the runner
 * prints them and writes `bench/results/<suite>.json`. Figures compare ratios measured in the
 * same run (this machine is shared and noisy), never absolute times against fixed thresholds.
 */

/** One measured number. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target in words, e.g. "≤ 20 µs". */
  readonly target?: string;
  /** Whether the target was met (undefined when the figure has no target). */
  readonly met?: boolean;
  /** Anything a reader needs to interpret the number. */
  readonly note?: string;
}

/** A named group of measurements. */
export interface Suite {
  readonly name: string;
  readonly description: string;
  /** Runs the measurements; `log` prints progress lines. */
  run(log: (line: string) => void): Promise<readonly Figure[]>;
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs `f` `warmup` times, then times it `runs` times; returns the median in ms. */
export async function timeMedian(f: () => unknown, runs = 7, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Timings of two functions measured in alternation (see `timeInterleaved`). */
export interface PairTiming {
  readonly a: { readonly median: number; readonly min: number };
  readonly b: { readonly median: number; readonly min: number };
}

/**
 * Times `a` and `b` alternately, `runs` times each after `warmup` rounds, so that load from
 * other processes on this shared machine hits both alike. Milliseconds.
 */
export async function timeInterleaved(a: () => unknown, b: () => unknown, runs = 21, warmup = 5): Promise<PairTiming> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    for (const [f, out] of [[a, ta], [b, tb]] as const) {
      const t0 = performance.now();
      await f();
      if (i >= warmup) out.push(performance.now() - t0);
    }
  }
  return { a: { median: median(ta), min: Math.min(...ta) }, b: { median: median(tb), min: Math.min(...tb) } };
}
