/**
 * The same Tree-of-Thoughts search written by hand as async TypeScript, for the benchmark's
 * baselines (bench/tot.ts). Both make the program's requests through the same calls (`totCalls`),
 * and keep the same states, values and cache, so all runs must give equal results.
 *
 * - `solveSequential` is the ToT authors' structure (`bfs.py`'s `solve`, `get_proposals`,
 *   `get_values`, `get_value`): every request awaited in turn, in the order their code makes it —
 *   the baseline of the paper's "6.2× faster than the ToT authors' implementation".
 * - `solveByRounds` is what a programmer parallelising it by hand would write: per BFS step, all
 *   proposals at once (`Promise.all`), then all value calls at once.
 */
import { lastValueFrom } from 'rxjs';
import { valueCacheKey, type ValueCache } from './prompts.js';
import type { TotCalls, TotResult, TotStepSummary } from './tot.js';

/** States kept per step (ToT's `--n_select_sample 5`). */
const KEEP = 5;

/**
 * ToT's BFS with every request awaited in turn (see the file comment).
 *
 * @example
 * const { ys } = await solveSequential(totCalls(llm.complete, replayEnvelope), '4 5 6 10', {});
 */
export async function solveSequential(calls: TotCalls, x: string, cacheIn: ValueCache): Promise<TotResult> {
  const cache: Record<string, number> = { ...cacheIn };
  const steps: TotStepSummary[] = [];
  let ys = [''];
  for (let step = 0; step < 4; step++) {
    const newYs: string[] = [];
    for (const [j, y] of ys.entries()) newYs.push(...(await lastValueFrom(calls.propose(x, y, copyOf(ys, j)))));
    const values: number[] = [];
    let valued = 0;
    for (const [i, y] of newYs.entries()) {
      if (newYs.indexOf(y) < i) {
        values.push(0); // ToT's local_value_cache: a repeated candidate is worth 0
        continue;
      }
      const key = valueCacheKey(x, y);
      if (cache[key] === undefined) {
        cache[key] = await lastValueFrom(calls.value(x, y));
        valued += 1;
      }
      values.push(cache[key]!);
    }
    steps.push({ step, states: ys.length, candidates: newYs.length, valued });
    ys = best(newYs, values);
  }
  return { puzzle: x, ys, cache, steps };
}

/**
 * ToT's BFS with each step's proposals sent together, then its value calls together.
 *
 * @example
 * const { ys } = await solveByRounds(totCalls(llm.complete, replayEnvelope), '4 5 6 10', {});
 */
export async function solveByRounds(calls: TotCalls, x: string, cacheIn: ValueCache): Promise<TotResult> {
  const cache: Record<string, number> = { ...cacheIn };
  const steps: TotStepSummary[] = [];
  let ys = [''];
  for (let step = 0; step < 4; step++) {
    const proposals = await Promise.all(ys.map((y, j) => lastValueFrom(calls.propose(x, y, copyOf(ys, j)))));
    const newYs = proposals.flat();
    const keys = newYs.map((y) => valueCacheKey(x, y));
    const asked = newYs.filter((_y, i) => keys.indexOf(keys[i]!) === i && cache[keys[i]!] === undefined);
    const judged = await Promise.all(asked.map((y) => lastValueFrom(calls.value(x, y))));
    asked.forEach((y, i) => {
      cache[valueCacheKey(x, y)] = judged[i]!;
    });
    const values = newYs.map((y, i) => (newYs.indexOf(y) < i ? 0 : cache[keys[i]!]!));
    steps.push({ step, states: ys.length, candidates: newYs.length, valued: asked.length });
    ys = best(newYs, values);
  }
  return { puzzle: x, ys, cache, steps };
}

/** How many states equal to `ys[j]` come before it. */
function copyOf(ys: readonly string[], j: number): number {
  return ys.slice(0, j).filter((y) => y === ys[j]).length;
}

/** The best `KEEP` candidates by value, ties in proposal order (Python's stable `sorted(…, reverse=True)`). */
function best(candidates: readonly string[], values: readonly number[]): string[] {
  return candidates
    .map((_y, i) => i)
    .sort((a, b) => values[b]! - values[a]!)
    .slice(0, KEEP)
    .map((i) => candidates[i]!);
}
