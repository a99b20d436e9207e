import { scan, type OperatorFunction } from 'rxjs';
import { assertNever } from '../errors.js';
import type { RunEvent } from './events.js';

/** Counts of a run's host calls so far (see `runStats`). */
export interface RunStats {
  /** Host calls dispatched. */
  readonly calls: number;
  /** Host calls that produced a value. */
  readonly done: number;
  /** Host calls that failed. */
  readonly failed: number;
  /** Host calls dispatched and not yet settled. */
  readonly inFlight: number;
  /** The highest `inFlight` seen. */
  readonly maxInFlight: number;
  /** Time of the latest event (ms since the run started). */
  readonly time: number;
}

/** The counts before any event. */
export const NO_RUN_STATS: RunStats = { calls: 0, done: 0, failed: 0, inFlight: 0, maxInFlight: 0, time: 0 };

/** The counts after one more event (the reducer behind `runStats`). */
export function addRunEvent(s: RunStats, e: RunEvent): RunStats {
  switch (e.type) {
    case 'dispatched': {
      const inFlight = s.inFlight + 1;
      return { ...s, calls: s.calls + 1, inFlight, maxInFlight: Math.max(s.maxInFlight, inFlight), time: e.time };
    }
    case 'resolved':
      return { ...s, done: s.done + 1, inFlight: s.inFlight - 1, time: e.time };
    case 'failed':
      return { ...s, failed: s.failed + 1, inFlight: s.inFlight - 1, time: e.time };
    case 'batched':
    case 'input':
    case 'result':
      return { ...s, time: e.time };
    default:
      return assertNever(e, 'run event');
  }
}

/**
 * Folds a run's events (`Program.events`) into running counts: calls made, done, failed, in
 * flight and the highest number in flight at once — for progress lines and summaries.
 *
 * Gotcha: a host call that answers synchronously is dispatched and resolved at the same
 * instant, so it never shows as in flight.
 *
 * @example
 * prog.events(input).pipe(runStats()).subscribe((s) => console.log(`${s.inFlight} in flight`));
 */
export function runStats(): OperatorFunction<RunEvent, RunStats> {
  return scan(addRunEvent, NO_RUN_STATS);
}
