/**
 * ToT Game-of-24 logs: the format of the ToT authors' BFS log (`data/tot-gpt4-bfs-900-949.json`,
 * see its README), loading and validating any file in that format, and what a run rebuilds from
 * it (ToT's run-wide value cache). Nothing is kept at module level: each call reads the file.
 *
 * Validation names the record and the field at fault ("record 3 (puzzle 903): steps[2].values[5]
 * must be a number"), and checks what the replay and the search rely on: 4 steps, each step's
 * states are the previous step's selection, one value per candidate, the final trajectories are
 * the last selection. What the replay needs beyond the shape (every candidate extends a kept
 * state, every value is a sum of 3 judgments) is checked when its table is built (replay.ts).
 */
import { readFileSync } from 'node:fs';
import { EpicError } from '../../lib/errors.js';
import { valueCacheKey, type ValueCache } from './prompts.js';

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
  /** Per final trajectory, whether it is a correct solution (1 or 0). */
  readonly infos: readonly { readonly r: number }[];
  /** Cumulative tokens and cost of the run so far (not used here, so not required). */
  readonly usage_so_far?: { readonly completion_tokens: number; readonly prompt_tokens: number; readonly cost: number };
}

/** BFS steps per puzzle: three arithmetic lines, then the answer line (ToT's `task.steps`). */
export const TOT_STEPS = 4;

/** The log shipped with the demo: the ToT authors' GPT-4 run on puzzles 900–949. */
export const SHIPPED_LOG = new URL('./data/tot-gpt4-bfs-900-949.json', import.meta.url);

/**
 * Every record of a ToT log file, in run order, validated (see the file comment). Throws an
 * `EpicError` naming the file, and the record and field at fault.
 *
 * @example
 * loadTotLog()[0]!.steps[0]!.x                 // '4 5 6 10'
 * loadTotLog('my-run.json').map((r) => r.idx)  // another run in the same format
 */
export function loadTotLog(file: string | URL = SHIPPED_LOG): readonly TotLogRecord[] {
  const name = typeof file === 'string' ? file : file.pathname;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EpicError(`Cannot read the ToT log ${name}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return parseTotLog(text, name);
}

/**
 * Parses and validates the text of a ToT log; `source` names it in errors.
 *
 * @example
 * parseTotLog('[]', 'x.json') // throws: x.json: the log has no records
 */
export function parseTotLog(text: string, source: string): readonly TotLogRecord[] {
  let records: unknown;
  try {
    records = JSON.parse(text);
  } catch (error) {
    throw new EpicError(`${source}: not JSON (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
  if (!Array.isArray(records))
    throw new EpicError(`${source}: expected an array of ToT log records, got ${typeName(records)}`);
  if (records.length === 0) throw new EpicError(`${source}: the log has no records`);
  const seen = new Map<number, number>();
  records.forEach((record: unknown, i) => {
    checkRecord(record, `${source}: record ${i}`);
    const before = seen.get(record.idx);
    if (before !== undefined)
      throw new EpicError(`${source}: record ${i}: idx ${record.idx} is also the idx of record ${before}`);
    seen.set(record.idx, i);
  });
  return records as TotLogRecord[];
}

/**
 * The log's record of puzzle `idx` (a zero-based row of 24.csv).
 *
 * @example
 * totLogRecord(900).ys.length // 5
 */
export function totLogRecord(idx: number, log: readonly TotLogRecord[] = loadTotLog()): TotLogRecord {
  const record = log.find((r) => r.idx === idx);
  if (!record) throw new EpicError(`The ToT log has no puzzle ${idx} (it covers ${logRange(log)})`);
  return record;
}

/** Whether the log solved the puzzle: some final trajectory is correct (ToT's `cnt_any`). */
export function logSolved(record: TotLogRecord): boolean {
  return record.infos.some((info) => info.r === 1);
}

/**
 * The puzzles a log covers, for messages: "900–949", or the list when they are not consecutive.
 *
 * @example
 * logRange(loadTotLog()) // '900–949'
 */
export function logRange(log: readonly TotLogRecord[]): string {
  const ids = log.map((r) => r.idx);
  const consecutive = ids.every((id, i) => id === ids[0]! + i);
  return consecutive && ids.length > 1 ? `${ids[0]}–${ids.at(-1)}` : ids.join(', ');
}

/**
 * ToT's value cache as it stood after `records` (in run order), starting from `cache`: every value
 * prompt the records valued, with its logged value. A run that starts in the middle of a log
 * starts from the cache of the records before it, as the authors' run had it. Throws an
 * `EpicError` if the log contradicts its own cache (a prompt valued twice differently).
 *
 * Gotcha: the logged 0 of a repeated candidate is ToT's duplicate rule, not a value, so only the
 * first of equal candidates counts; a cached value is logged as is, even where a 4-line trajectory
 * without an answer would otherwise be worth 0, and so it must agree.
 *
 * @example
 * const log = loadTotLog();
 * valueCacheAfter(log.slice(0, 10)) // the cache puzzle 910 started from
 */
export function valueCacheAfter(records: readonly TotLogRecord[], cache: ValueCache = {}): ValueCache {
  const next: Record<string, number> = { ...cache };
  for (const record of records) {
    for (const [s, step] of record.steps.entries()) {
      step.new_ys.forEach((candidate, i) => {
        if (step.new_ys.indexOf(candidate) !== i) return;
        const key = valueCacheKey(step.x, candidate);
        const value = step.values[i]!;
        const cached = next[key];
        if (cached === undefined) next[key] = value;
        else if (cached !== value) {
          throw new EpicError(
            `puzzle ${record.idx}: steps[${s}].values[${i}] is ${value}, but the run valued the same value prompt ` +
              `${cached} before (ToT asks each value prompt once per run)`,
          );
        }
      });
    }
  }
  return next;
}

type Check = (value: unknown, where: string) => void;

function checkRecord(record: unknown, at: string): asserts record is TotLogRecord {
  if (!isObject(record)) throw new EpicError(`${at}: expected an object, got ${typeName(record)}`);
  const idx = record['idx'];
  if (typeof idx !== 'number' || !Number.isInteger(idx) || idx < 0) {
    throw new EpicError(`${at}: idx must be a row of 24.csv (an integer ≥ 0), got ${typeName(idx)}`);
  }
  const where = `${at} (puzzle ${idx})`;
  const field = (name: string, check: Check): void => check(record[name], `${where}: ${name}`);
  field('steps', arrayOf(checkStep, TOT_STEPS));
  field('ys', arrayOf(checkString));
  field('infos', arrayOf(checkInfo));
  const steps = record['steps'] as TotLogStep[];
  checkSteps(steps, where);
  const ys = record['ys'] as string[];
  if (!sameStrings(ys, steps.at(-1)!.select_new_ys))
    throw new EpicError(`${where}: ys differs from steps[${TOT_STEPS - 1}].select_new_ys`);
  const infos = record['infos'] as unknown[];
  if (infos.length !== ys.length)
    throw new EpicError(`${where}: infos has ${infos.length} entries for ${ys.length} final trajectories`);
}

/** What ties the steps of a record together: one puzzle, each step's states the last one's selection. */
function checkSteps(steps: readonly TotLogStep[], where: string): void {
  const { x } = steps[0]!;
  steps.forEach((step, s) => {
    const fail = (what: string): never => {
      throw new EpicError(`${where}: steps[${s}].${what}`);
    };
    if (step.step !== s) fail(`step is ${step.step}, expected ${s}`);
    if (step.x !== x) fail(`x is ${JSON.stringify(step.x)}, but steps[0].x is ${JSON.stringify(x)}`);
    if (step.values.length !== step.new_ys.length)
      fail(`values has ${step.values.length} entries for ${step.new_ys.length} new_ys (one per candidate)`);
    const kept = s === 0 ? [''] : steps[s - 1]!.select_new_ys;
    if (!sameStrings(step.ys, kept))
      fail(`ys differs from ${s === 0 ? 'the start, [""]' : `steps[${s - 1}].select_new_ys`}`);
    const stray = step.select_new_ys.findIndex((y) => !step.new_ys.includes(y));
    if (stray >= 0) fail(`select_new_ys[${stray}] is none of new_ys`);
  });
}

function checkStep(step: unknown, where: string): void {
  if (!isObject(step)) throw new EpicError(`${where}: expected an object, got ${typeName(step)}`);
  const fields: [string, Check][] = [
    ['step', checkNumber],
    ['x', checkString],
    ['ys', arrayOf(checkString)],
    ['new_ys', arrayOf(checkString)],
    ['values', arrayOf(checkNumber)],
    ['select_new_ys', arrayOf(checkString)],
  ];
  for (const [name, check] of fields) check(step[name], `${where}.${name}`);
}

function checkInfo(info: unknown, where: string): void {
  if (!isObject(info) || (info['r'] !== 0 && info['r'] !== 1)) {
    throw new EpicError(`${where}: expected { r: 0 | 1 }, got ${JSON.stringify(info) ?? typeName(info)}`);
  }
}

function arrayOf(check: Check, length?: number): Check {
  return (value, where) => {
    if (!Array.isArray(value)) throw new EpicError(`${where} must be an array, got ${typeName(value)}`);
    if (length !== undefined && value.length !== length)
      throw new EpicError(`${where} must have ${length} entries, got ${value.length}`);
    value.forEach((item: unknown, i) => check(item, `${where}[${i}]`));
  };
}

function checkString(value: unknown, where: string): void {
  if (typeof value !== 'string') throw new EpicError(`${where} must be a string, got ${typeName(value)}`);
}

function checkNumber(value: unknown, where: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new EpicError(`${where} must be a number, got ${typeName(value)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
