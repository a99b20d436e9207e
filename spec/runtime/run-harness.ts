/**
 * Shared helpers for the unit tests of `Run` (run.spec.ts, deep.spec.ts): a run whose outcome is
 * recorded, held open by a pending input until released, and hand-built closures.
 */
import { queueScheduler, Subject } from 'rxjs';
import { Closure, type Frame, type LamCode } from '../../lib/runtime/closure.js';
import type { RunEvent } from '../../lib/runtime/events.js';
import { Run } from '../../lib/runtime/run.js';

/** A run with everything it reports recorded. */
export interface Harness {
  readonly run: Run;
  readonly results: unknown[];
  readonly errors: unknown[];
  readonly events: RunEvent[];
  /** Completes the input that holds the run open (so it may finish when quiet). */
  readonly release: () => void;
}

/**
 * Starts a run on `entry`. Unless `open` is false, a pending input keeps the run from finishing
 * (or reporting a stall) between the steps of a test, until `release()`.
 */
export function startRun(entry: (run: Run) => unknown, options: { now?: () => number; open?: boolean } = {}): Harness {
  const results: unknown[] = [];
  const errors: unknown[] = [];
  const events: RunEvent[] = [];
  const run = new Run({
    now: options.now ?? (() => 0),
    scheduler: queueScheduler, // long reduction yields between slices synchronously (trampolined)
    onEvent: (e) => events.push(e),
    onResult: (v) => results.push(v),
    onError: (e) => errors.push(e),
  });
  const gate = new Subject<number>();
  if (options.open !== false) run.input(gate);
  run.start(() => entry(run));
  return {
    run,
    results,
    errors,
    events,
    release: () => {
      gate.next(0);
      gate.complete();
    },
  };
}

/** A closure of `arity` parameters (slots 1…arity) running `body`, with `extra` more slots. */
export function closure(name: string, arity: number, body: (frame: Frame, run: Run) => unknown, extra = 0): Closure {
  const code: LamCode = { name, arity, frameSize: 1 + arity + extra, body, loc: undefined };
  return new Closure(code, [undefined]);
}

/** Lets pending Promise callbacks run (no timers involved). */
export function settlePromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
