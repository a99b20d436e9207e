/**
 * The Game-of-24 data shipped in `data/` (see its README): the puzzle set and the ToT authors'
 * GPT-4 breadth-first-search log for puzzles 900–949, read from disk on each call (nothing is
 * kept at module level).
 */
import { readFileSync } from 'node:fs';
import { EpicError } from '../../lib/errors.js';

/** One BFS step of the log (ToT's `infos` entry). */
export interface TotLogStep {
  readonly step: number;
  /** The puzzle, e.g. "4 5 6 10". */
  readonly x: string;
  /** The states kept by the step before ("" at step 0). */
  readonly ys: readonly string[];
  /** Every candidate proposed from `ys`, in order: state + proposed line + "\n". */
  readonly new_ys: readonly string[];
  /** One per candidate: the sum of its 3 judgments (sure 20, likely 1, impossible 0.001). */
  readonly values: readonly number[];
  /** The 5 kept. */
  readonly select_new_ys: readonly string[];
}

/** One puzzle of the log. */
export interface TotLogRecord {
  /** The zero-based row of the puzzle in 24.csv. */
  readonly idx: number;
  readonly steps: readonly TotLogStep[];
  /** The final trajectories. */
  readonly ys: readonly string[];
  /** Per final trajectory, whether it is a correct solution. */
  readonly infos: readonly { readonly r: number }[];
  readonly usage_so_far: { readonly completion_tokens: number; readonly prompt_tokens: number; readonly cost: number };
}

const LOG_FILE = new URL('./data/tot-gpt4-bfs-900-949.json', import.meta.url);

/**
 * Every record of the GPT-4 log, in run order (900 first). Throws an `EpicError` if the file
 * does not have the expected shape.
 *
 * @example
 * loadTotLog()[0]!.steps[0]!.x // '4 5 6 10'
 */
export function loadTotLog(): readonly TotLogRecord[] {
  const records: unknown = JSON.parse(readFileSync(LOG_FILE, 'utf8'));
  if (!Array.isArray(records) || !records.every(isRecord)) {
    throw new EpicError(`${LOG_FILE.pathname}: expected an array of ToT log records (idx, steps[], ys, infos)`);
  }
  return records;
}

/**
 * The log's record of puzzle `idx` (a zero-based row of 24.csv, 900–949).
 *
 * @example
 * totLogRecord(900).ys.length // 5
 */
export function totLogRecord(idx: number): TotLogRecord {
  const record = loadTotLog().find((r) => r.idx === idx);
  if (!record) throw new EpicError(`The GPT-4 log has no puzzle ${idx} (it covers 900–949)`);
  return record;
}

/** Whether the log solved the puzzle: some final trajectory is correct (ToT's `cnt_any`). */
export function logSolved(record: TotLogRecord): boolean {
  return record.infos.some((info) => info.r === 1);
}

function isRecord(r: unknown): r is TotLogRecord {
  if (typeof r !== 'object' || r === null) return false;
  const { idx, steps, ys, infos } = r as Record<string, unknown>;
  return typeof idx === 'number' && Array.isArray(steps) && steps.every(isStep) && Array.isArray(ys) && Array.isArray(infos);
}

function isStep(s: unknown): s is TotLogStep {
  if (typeof s !== 'object' || s === null) return false;
  const { x, ys, new_ys: newYs, values } = s as Record<string, unknown>;
  return typeof x === 'string' && Array.isArray(ys) && Array.isArray(newYs) && Array.isArray(values) && values.length === newYs.length;
}
