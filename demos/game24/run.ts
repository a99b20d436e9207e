/**
 * Running a stretch of a ToT log as the authors ran it: `runPuzzles({ log, puzzles, strategy })`
 * replays each chosen puzzle on its own simulator (replay.ts), in the log's order, with ToT's
 * run-wide value cache as it stood — rebuilt from the log's records before the first puzzle (and
 * any skipped between two), then carried from puzzle to puzzle — and checks every answer. It is
 * what `epic demo game24 --log FILE --puzzles 900-949` runs.
 *
 * It prints one line per puzzle and a total against the log's own count:
 *
 * ```
 * puzzle 900 (4 5 6 10): solved (log: solved) · trajectories as logged: yes · 85 prompts in 8 requests · 0.99 s
 * …
 * solved 34/50 (the log: 34/50) · trajectories as logged: 50/50 · opportunistic, time scale 0.025
 * ```
 */
import type { Strategy } from '../../lib/index.js';
import { EpicError } from '../../lib/errors.js';
import { checkAnswer } from './check.js';
import { loadTotLog, logRange, logSolved, valueCacheAfter, type TotLogRecord } from './log.js';
import type { ValueCache } from './prompts.js';
import { replayTable } from './replay.js';
import { DEMO_TIME_SCALE, startReplay } from './session.js';
import type { TotResult } from './tot.js';

/** What to run (every field optional). */
export interface RunPuzzlesOptions {
  /** A ToT log file (the format of `data/tot-gpt4-bfs-900-949.json`) or its records. Default: that file. */
  readonly log?: string | readonly TotLogRecord[];
  /** Rows of 24.csv: `"900-949"`, `"905"`, `"900-904,910"`, or a list. Default: every puzzle of the log. */
  readonly puzzles?: string | readonly number[];
  /** Default `'opportunistic'`. */
  readonly strategy?: Strategy;
  /** Simulated time runs this many times real time. Default `DEMO_TIME_SCALE` (0.025). */
  readonly timeScale?: number;
  /** Receives each line of output. Default: standard output. */
  readonly print?: (line: string) => void;
}

/** One puzzle's run. */
export interface PuzzleRun {
  readonly record: TotLogRecord;
  readonly result: TotResult;
  /** Some final trajectory is a correct solution. */
  readonly solved: boolean;
  /** The final trajectories are the log's, in order. */
  readonly asLogged: boolean;
  /** LLM requests the simulator served, and the prompts they carried. */
  readonly requests: number;
  readonly prompts: number;
  readonly wallMs: number;
}

/** Every puzzle's run, and the totals printed last. */
export interface RunPuzzlesReport {
  readonly runs: readonly PuzzleRun[];
  readonly solved: number;
  readonly logSolved: number;
  readonly asLogged: number;
}

/**
 * Runs the chosen puzzles of a ToT log (see the file comment) and resolves with what it printed,
 * as data. Everything is checked before the first simulator starts: the log's shape and
 * consistency, the puzzle selection. Throws (rejects with) an `EpicError` naming what is wrong.
 *
 * Gotcha: the cache a puzzle starts from is the authors' only if every puzzle before it ran as
 * logged (or was skipped, and so rebuilt from the log); `asLogged` says whether each did.
 *
 * @example
 * const report = await runPuzzles({ log: 'my-run.json', puzzles: '910-919', strategy: 'sequential' });
 * process.exitCode = report.asLogged === report.runs.length ? 0 : 1;
 */
export async function runPuzzles(options: RunPuzzlesOptions = {}): Promise<RunPuzzlesReport> {
  const {
    strategy = 'opportunistic',
    timeScale = DEMO_TIME_SCALE,
    print = (line: string) => void process.stdout.write(`${line}\n`),
  } = options;
  const log = typeof options.log === 'string' || options.log === undefined ? loadTotLog(options.log) : options.log;
  const chosen = selectPuzzles(log, options.puzzles);
  for (const record of chosen) replayTable(record); // throws on a record the replay cannot answer
  valueCacheAfter(log.slice(0, log.indexOf(chosen.at(-1)!) + 1)); // throws on a log that contradicts its cache
  const runs = await inLogOrder(
    log,
    chosen,
    async (record, cache) => {
      const run = await runPuzzle(record, cache, strategy, timeScale);
      print(puzzleLine(run));
      return run;
    },
    (run) => run.result.cache,
  );
  const report = {
    runs,
    solved: runs.filter((r) => r.solved).length,
    logSolved: runs.filter((r) => logSolved(r.record)).length,
    asLogged: runs.filter((r) => r.asLogged).length,
  };
  const n = runs.length;
  print(
    `solved ${report.solved}/${n} (the log: ${report.logSolved}/${n}) · trajectories as logged: ${report.asLogged}/${n} · ${strategy}, time scale ${timeScale}`,
  );
  return report;
}

/**
 * Runs `solve` on each of `chosen` (records of `log`, in log order), one after the other, each
 * from ToT's value cache as the authors' run had it there: rebuilt from the log for the records
 * before the first and any skipped in between, and otherwise the cache after the puzzle before
 * (`cacheOf` its result).
 *
 * @example
 * const results = await inLogOrder(log, selectPuzzles(log, '910-912'), (r, cache) => session(r).program.evaluate(x, cache), (t) => t.cache);
 */
export async function inLogOrder<T>(
  log: readonly TotLogRecord[],
  chosen: readonly TotLogRecord[],
  solve: (record: TotLogRecord, cache: ValueCache) => Promise<T>,
  cacheOf: (result: T) => ValueCache,
): Promise<T[]> {
  const results: T[] = [];
  let cache: ValueCache = {};
  let next = 0; // the log index after the last record accounted for in `cache`
  for (const record of chosen) {
    const at = log.indexOf(record);
    cache = valueCacheAfter(log.slice(next, at), cache);
    const result = await solve(record, cache);
    results.push(result);
    cache = cacheOf(result);
    next = at + 1;
  }
  return results;
}

/**
 * The records of the puzzles `spec` names, in the log's order (which is the order they must run
 * in, for the value cache). Throws an `EpicError` for a malformed selection or a puzzle the log
 * does not have.
 *
 * @example
 * selectPuzzles(loadTotLog(), '905,900-902').map((r) => r.idx) // [900, 901, 902, 905]
 */
export function selectPuzzles(
  log: readonly TotLogRecord[],
  spec?: string | readonly number[],
): readonly TotLogRecord[] {
  const wanted = new Set(
    spec === undefined ? log.map((r) => r.idx) : typeof spec === 'string' ? parsePuzzles(spec) : spec,
  );
  if (wanted.size === 0) throw new EpicError('no puzzles to run: the selection (or the log) is empty');
  const missing = [...wanted].filter((idx) => !log.some((r) => r.idx === idx));
  if (missing.length > 0) {
    throw new EpicError(
      `puzzle${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not in the log (it covers ${logRange(log)})`,
    );
  }
  return log.filter((r) => wanted.has(r.idx));
}

/**
 * The puzzle numbers of a selection such as `"900-949"`, `"905"` or `"900-904,910"` (an en dash
 * works too). Throws an `EpicError` saying what it expected.
 *
 * @example
 * parsePuzzles('900-902,910') // [900, 901, 902, 910]
 */
export function parsePuzzles(spec: string): number[] {
  return spec.split(',').flatMap((part) => {
    const match = /^\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$/.exec(part);
    if (!match) {
      throw new EpicError(
        `puzzles "${spec}": expected rows of 24.csv such as 905, a range such as 900-949, or a comma-separated list of these`,
      );
    }
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw new EpicError(`puzzles "${spec}": the range ${from}-${to} is empty`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/** One puzzle on its own replaying simulator. */
async function runPuzzle(
  record: TotLogRecord,
  cache: ValueCache,
  strategy: Strategy,
  timeScale: number,
): Promise<PuzzleRun> {
  const session = await startReplay(record, { timeScale });
  try {
    const x = record.steps[0]!.x;
    const start = performance.now();
    const result = await session.program.with({ strategy }).evaluate(x, cache);
    const wallMs = performance.now() - start;
    const { batchSizes } = session.sim.metrics();
    return {
      record,
      result,
      solved: result.ys.some((y) => checkAnswer(x, y)),
      asLogged: result.ys.length === record.ys.length && result.ys.every((y, i) => y === record.ys[i]),
      requests: batchSizes.length,
      prompts: batchSizes.reduce((a, b) => a + b, 0),
      wallMs,
    };
  } finally {
    await session.close();
  }
}

function puzzleLine(run: PuzzleRun): string {
  const { record } = run;
  const solved = (yes: boolean): string => (yes ? 'solved' : 'unsolved');
  return (
    `puzzle ${record.idx} (${record.steps[0]!.x}): ${solved(run.solved)} (log: ${solved(logSolved(record))}) · ` +
    `trajectories as logged: ${run.asLogged ? 'yes' : 'NO'} · ${run.prompts} prompts in ${run.requests} requests · ${(run.wallMs / 1000).toFixed(2)} s`
  );
}
