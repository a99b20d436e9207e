/**
 * Confluence under failures and unsubscription, on the random programs of
 * spec/support/random-programs.ts in virtual time: some hosts fail, and the run may be
 * unsubscribed at a random time. Checked for both strategies:
 * - every host call made settles exactly once (resolved, failed or aborted), and none is left in
 *   flight after the run ended;
 * - the calls made are among the model's calls (a run never calls what a sequential run would not);
 * - a run that is not unsubscribed fails exactly when the model makes a failing call, with an
 *   EpicRuntimeError naming a failing host (the first to fail in time, which need not be the one
 *   a sequential run meets first), and otherwise gives the model's value;
 * - an unsubscribed run reports nothing afterwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TestScheduler } from 'rxjs/testing';
import { Executable, type Strategy } from '../../lib/execute.js';
import { EpicRuntimeError } from '../../lib/errors.js';
import type { Lam } from '../../lib/terms/term.js';
import { hostNames, hostsFor, model, programArb, toTerm, type Program } from '../support/random-programs.js';
import { CallLog } from '../support/virtual.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

interface Outcome {
  readonly value?: unknown;
  readonly error?: unknown;
  readonly reports: number;
}

/** Runs `p` under `strategy`, unsubscribing at `stopAt` (virtual ms) if given. */
function runWithFaults(
  p: Program,
  failing: ReadonlySet<string>,
  strategy: Strategy,
  stopAt: number | undefined,
  log: CallLog,
): Outcome {
  const expected = model(p);
  const exe = new Executable(toTerm(p, expected.values) as Lam, new Map(Object.entries(hostsFor(p, log, failing))));
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  let outcome: { value?: unknown; error?: unknown } = {};
  let reports = 0;
  scheduler.run(({ flush }) => {
    const stop = exe.start([], strategy, {
      now: () => scheduler.now(),
      scheduler,
      onResult: (value) => {
        reports++;
        outcome = { value };
      },
      onError: (error) => {
        reports++;
        outcome = { error };
      },
    });
    if (stopAt !== undefined) scheduler.schedule(stop, stopAt);
    flush();
  });
  return { ...outcome, reports };
}

const caseArb = programArb.chain((p) =>
  fc.record({
    p: fc.constant(p),
    failing: fc.subarray(hostNames(p)).map((names) => new Set(names)),
    stopAt: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  }),
);

const multiset = (xs: readonly string[]) =>
  xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());

describe('confluence under failures and unsubscription', () => {
  it('settles every call exactly once, calls only what the model calls, and fails exactly when the model meets a failing call', () => {
    fc.assert(
      fc.property(caseArb, ({ p, failing, stopAt }) => {
        const expected = model(p);
        const modelCalls = multiset(expected.calls);
        const failsInModel = expected.calls.some((c) => failing.has(c.slice(0, c.indexOf('['))));
        for (const strategy of ['opportunistic', 'sequential'] as const) {
          const log = new CallLog();
          const out = runWithFaults(p, failing, strategy, stopAt, log);
          expect(log.inFlight).toBe(0);
          expect(log.resolved + log.failed + log.aborted).toBe(log.calls.length);
          for (const [call, n] of multiset(log.calls.map((c) => `${c.host}${JSON.stringify(c.args)}`))) {
            expect(n).toBeLessThanOrEqual(modelCalls.get(call) ?? 0);
          }
          expect(out.reports).toBeLessThanOrEqual(1);
          if (out.reports === 0) {
            expect(stopAt).toBeDefined(); // only an unsubscribed run ends without a report
            continue;
          }
          if (failsInModel) {
            expect(out.error).toBeInstanceOf(EpicRuntimeError);
            expect(failing.has((out.error as EpicRuntimeError).host ?? '')).toBe(true);
          } else {
            expect(out.error).toBeUndefined();
            expect(out.value).toEqual(expected.value);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
