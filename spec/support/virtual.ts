/**
 * Test support: host functions that answer in virtual time (RxJS TestScheduler run mode) and
 * record what was called, when, and how many calls were in flight at once.
 */
import { asyncScheduler, defer, finalize, map, type Observable, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import { Executable, type Strategy } from '../../lib/execute.js';
import type { RunEvent } from '../../lib/runtime/events.js';
import { parseTerm } from '../../lib/terms/parse.js';
import type { Lam } from '../../lib/terms/term.js';

/** One recorded host call. */
export interface CallRecord {
  readonly host: string;
  readonly args: readonly unknown[];
  readonly at: number;
}

/** A log of host calls shared by the hosts of one run. */
export class CallLog {
  readonly calls: CallRecord[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** How the calls ended: each call counts in exactly one of these once it is over. */
  resolved = 0;
  failed = 0;
  aborted = 0;

  /** A host answering `fn(...args)` after `latency` virtual ms (an Observable). */
  host(name: string, latency: number, fn: (...args: any[]) => unknown): (...args: unknown[]) => Observable<unknown> {
    return (...args: unknown[]) => {
      return defer(() => {
        this.calls.push({ host: name, args, at: asyncScheduler.now() });
        this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
        let done = false;
        return timer(latency).pipe(
          map(() => {
            done = true;
            this.inFlight--;
            try {
              const value = fn(...args);
              this.resolved++;
              return value;
            } catch (error) {
              this.failed++;
              throw error;
            }
          }),
          finalize(() => {
            if (done) return;
            this.inFlight--;
            this.aborted++;
          }),
        );
      });
    };
  }

  /** Host names in call order. */
  names(): string[] {
    return this.calls.map((c) => c.host);
  }
}

/** The outcome of one run in virtual time. */
export interface Outcome {
  readonly value?: unknown;
  readonly error?: unknown;
  readonly time: number;
  readonly events: RunEvent[];
}

/** Runs a closed program term under `strategy` in virtual time until it finishes. */
export function runVirtual(
  term: Lam | string,
  hosts: Record<string, unknown>,
  args: unknown[],
  strategy: Strategy,
): Outcome {
  const lam = typeof term === 'string' ? (parseTerm(term) as Lam) : term;
  const exe = new Executable(lam, new Map(Object.entries(hosts)));
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  let outcome: Outcome | undefined;
  scheduler.run(({ flush }) => {
    const events: RunEvent[] = [];
    exe.start(args, strategy, {
      now: () => scheduler.now(),
      scheduler,
      onEvent: (e) => events.push(e),
      onResult: (value) => {
        outcome = { value, time: scheduler.now(), events };
      },
      onError: (error) => {
        outcome = { error, time: scheduler.now(), events };
      },
    });
    flush();
  });
  if (!outcome) throw new Error('the run did not finish');
  return outcome;
}
