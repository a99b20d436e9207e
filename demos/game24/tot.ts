/**
 * Tree-of-Thoughts breadth-first search on the Game of 24 (Yao et al. 2023, `methods/bfs.py`
 * with the `game24` task, run as `--method_generate propose --method_evaluate value
 * --n_evaluate_sample 3 --method_select greedy --n_select_sample 5`), written as plain
 * sequential code. Run opportunistically, every propose call of a step goes out at once, then
 * every value call, and the LLM layer batches each group into one `/v1/completions` request.
 *
 * Faithful to ToT in the details that decide which states are kept:
 * - a candidate seen before in the same step is worth 0 (ToT's `local_value_cache`);
 * - a value prompt is asked once and its value reused (ToT's `task.value_cache`). ToT keeps that
 *   cache for the whole run, across puzzles, and a cached value wins over the "4 lines without
 *   an answer are worth 0" rule — so the cache is an argument and part of the result, and a run
 *   of puzzles in the log's order (900, 901, …) threads it to reproduce the authors' run;
 * - the best 5 are chosen by a stable sort on value, descending (Python's `sorted(…, reverse=True)`):
 *   ties keep proposal order. The subset has no comparator sort, so the program ranks each
 *   candidate by counting those that beat it (`filter(…).length`) and reads the ranks back in order;
 * - one propose call per kept state, even when two states leave the same numbers (the same
 *   prompt) or a step kept a state twice: GPT-4 sampled each asking anew. Each call names its
 *   state and which copy of it it is, so a replay can give each asking the answer GPT-4 gave it.
 */
import { map, type Observable } from 'rxjs';
import { external, program, type Program, type ProgramOptions } from '../../lib/index.js';
import type { Complete } from '../../lib/llm/index.js';
import { proposePrompt, VALUE_SAMPLES, valueOfOutputs, valuePrompt, type ValueCache } from './prompts.js';

/** What one BFS step did. */
export interface TotStepSummary {
  readonly step: number;
  /** States proposed from: one propose call each. */
  readonly states: number;
  /** Candidates they proposed. */
  readonly candidates: number;
  /** Value calls made (n = 3 samples each): distinct prompts not in the cache. */
  readonly valued: number;
}

/** The result of one search. */
export interface TotResult {
  readonly puzzle: string;
  /** The final 5 trajectories, best first (ToT's `ys`). */
  readonly ys: readonly string[];
  /** The value cache after this puzzle (pass it to the next puzzle to continue a run). */
  readonly cache: ValueCache;
  readonly steps: readonly TotStepSummary[];
}

/** ToT's sampling settings (`gpt()` in its models.py, run with temperature 0.7); no stop. */
export const TOT_SAMPLING = Object.freeze({ temperature: 0.7, max_tokens: 1000 });

/**
 * What a propose request is sent as, given ToT's prompt for copy `copy` of state `y`: the prompt
 * itself for a real model; a replay wraps it with the state it extends (replay.ts).
 */
export type ProposeEnvelope = (prompt: string, y: string, copy: number) => string;

/** The two LLM calls of the search, as plain functions returning Observables (one value each). */
export interface TotCalls {
  /**
   * ToT's `get_proposals` for copy `copy` of state `y` (how many equal states come before it in
   * the step's states; a model ignores it, a replay tells the copies' answers apart by it): the
   * state extended by each line of one sample, `y + line + "\n"`.
   */
  readonly propose: (x: string, y: string, copy: number) => Observable<string[]>;
  /** ToT's `get_value` without its cache: 3 samples of the value prompt, unwrapped. */
  readonly value: (x: string, y: string) => Observable<number>;
}

/** The two LLM host functions of the search, as program code sees them (see `TotCalls`). */
export interface TotHosts {
  readonly propose: (x: string, y: string, copy: number) => string[];
  readonly value: (x: string, y: string) => number;
}

/**
 * The search's LLM calls over an Llm's `complete` (batched, so calls that go out together share
 * a request). Outputs are parsed exactly as ToT parses them (prompts.ts). The hand-written
 * baselines (baselines.ts) make their requests through these too.
 *
 * @example
 * const { propose } = totCalls(llm.complete);
 * await lastValueFrom(propose('4 5 6 10', '', 0)); // ['4 + 5 = 9 (left: 6 9 10)\n', …]
 */
export function totCalls(complete: Complete, envelope: ProposeEnvelope = (prompt) => prompt): TotCalls {
  // `this` (a run's HostContext) is passed on, so the run hears which request carried each call
  return {
    propose(x, y, copy) {
      return complete
        .bind(this)(envelope(proposePrompt(x, y), y, copy), { ...TOT_SAMPLING, n: 1 })
        .pipe(map(([text = '']) => text.split('\n').map((line) => `${y}${line}\n`)));
    },
    value(x, y) {
      const outputs = complete.bind(this)(valuePrompt(x, y), { ...TOT_SAMPLING, n: VALUE_SAMPLES });
      return outputs.pipe(map((texts) => valueOfOutputs(y, texts)));
    },
  };
}

/**
 * The host functions of the program over an Llm's `complete` (see `totCalls`).
 *
 * Gotcha: pass `replayEnvelope` (replay.ts) as `envelope` when the Llm is a replaying simulator,
 * and nothing for a real model.
 *
 * @example
 * const llm = createLlm({ env: {}, sim: { responder: replayResponder(totLogRecord(900)) } });
 * const tot = totProgram(totHosts(llm.complete, replayEnvelope));
 */
export function totHosts(complete: Complete, envelope?: ProposeEnvelope): TotHosts {
  const calls = totCalls(complete, envelope);
  return { propose: external(calls.propose), value: external(calls.value) };
}

/**
 * The search as a program: `(puzzle, cache) => TotResult`, 4 steps (three arithmetic lines,
 * then the answer line), keeping 5 states.
 *
 * Gotcha: the cache key is made in the program from what ToT's value prompt is made of (the
 * numbers left, or the puzzle and the answer), so equal keys mean equal prompts; it is
 * `valueCacheKey` in prompts.ts, written again in program code, and must change with it.
 *
 * @example
 * const { ys } = await totProgram(hosts).evaluate('4 5 6 10', {});
 */
export function totProgram(hosts: TotHosts, options: ProgramOptions = {}): Program<[string, ValueCache], TotResult> {
  const { propose, value } = hosts;
  return program(
    { propose, value },
    (x: string, cacheIn: ValueCache): TotResult => {
      const valueKey = (y: string): string => {
        const last = y.trim().split('\n').at(-1)!;
        return last.includes('left: ')
          ? JSON.stringify(['numbers', last.split('left: ').at(-1)!.split(')')[0]])
          : JSON.stringify(['answer', x, last.toLowerCase().replaceAll('answer: ', '')]);
      };
      let ys = [''];
      let cache = cacheIn;
      let steps: TotStepSummary[] = [];
      for (const step of [0, 1, 2, 3]) {
        const newYs = ys.map((y, j) => propose(x, y, ys.filter((z, i) => i < j && z === y).length)).flat();
        const keys = newYs.map((y) => valueKey(y));
        // The first candidate of each prompt not valued yet (`?.[…]` reads a missing key as undefined).
        const asked = newYs.filter((_y, i) => keys.indexOf(keys[i]!) === i && typeof cache?.[keys[i]!] !== 'number');
        const judged = asked.map((y) => value(x, y));
        cache = { ...cache, ...Object.fromEntries(asked.map((y, i) => [valueKey(y), judged[i]!])) };
        const values = newYs.map((y, i) => (newYs.indexOf(y) < i ? 0 : cache[keys[i]!]!));
        // `concat()` waits for every value (array methods read their array whole), so the ranking
        // compares numbers once they are all known instead of starting n² comparisons that wait.
        const known = values.concat();
        const ranks = known.map((v, i) => known.filter((w, j) => w > v || (w === v && j < i)).length);
        const sorted = newYs.map((_y, r) => newYs[ranks.indexOf(r)]!);
        steps = [...steps, { step, states: ys.length, candidates: newYs.length, valued: asked.length }];
        ys = sorted.slice(0, 5);
      }
      return { puzzle: x, ys, cache, steps };
    },
    { name: 'tot', ...options },
  );
}
