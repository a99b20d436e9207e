/**
 * The guarantees of README's "What it guarantees (and tests)", checked on random programs in virtual time:
 * (a) the result of either strategy equals the model's (call-by-value evaluation);
 * (b) both make the same multiset of host calls, and no call of an untaken branch;
 * (d) opportunistic completion time is the program's critical path (so never later than
 *     sequential), and sequential time is the sum of the latencies of the calls made.
 * A small model computes the expected value (with plain JS semantics), calls and times of each
 * program independently.
 *
 * Beside calls, branches, maps and arithmetic, programs compare containers holding pending values
 * with `==`/`!=`, call string and array `concat` on them, and build records of pending fields and
 * read one with `get`. The model's timing follows each prim's strictness: host calls, arithmetic,
 * `==`/`!=` and methods (`concat` included) wait until every part of their arguments has
 * arrived; a record is there at once, and `get` waits for nothing but the record, so a get is
 * ready when its own field is, however late the record's other fields are.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { lam } from '../../lib/terms/term.js';
import { callsOf, hostsFor, model, programArb, toTerm } from '../support/random-programs.js';
import { CallLog, runVirtual } from '../support/virtual.js';

/** How many random programs a property tries: 500 in the test run, more under `npm run fuzz`. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);

describe('confluence on random programs', () => {
  it('agrees with sequential evaluation and the model, and meets the critical path', () => {
    fc.assert(
      fc.property(programArb, (p) => {
        const expected = model(p);
        const term = toTerm(p, expected.values) as ReturnType<typeof lam>;
        const oLog = new CallLog();
        const sLog = new CallLog();
        const o = runVirtual(term, hostsFor(p, oLog), [], 'opportunistic');
        const s = runVirtual(term, hostsFor(p, sLog), [], 'sequential');
        expect(o.error).toBeUndefined();
        expect(s.error).toBeUndefined();
        expect(o.value).toEqual(s.value);
        expect(o.value).toEqual(expected.value);
        expect(callsOf(oLog)).toEqual(expected.calls);
        expect(callsOf(sLog)).toEqual(expected.calls);
        expect(o.time).toBe(expected.critical);
        expect(s.time).toBe(expected.serial);
        expect(o.time).toBeLessThanOrEqual(s.time);
        expect(sLog.maxInFlight).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it('examples: == and string concat see whole values, get waits only for its field', () => {
    const run = (src: string, strategy: 'opportunistic' | 'sequential') => {
      const log = new CallLog();
      const hosts = {
        fast: log.host('fast', 2, () => 7),
        slow: log.host('slow', 30, () => 8),
        next: log.host('next', 5, (x) => x),
      };
      return runVirtual(src, hosts, [], strategy);
    };
    for (const strategy of ['opportunistic', 'sequential'] as const) {
      expect(run('(fn () (let a (@fast) [(%== [a] "7") (%!= [a a] "7,7") (%== [a] 7)]))', strategy).value).toEqual([
        true,
        false,
        true,
      ]);
      expect(run('(fn () (let a (@fast) (%method "p" "concat" [a] a)))', strategy).value).toBe('p77');
      expect(run('(fn () (let a (@fast) (%method [a] "concat" [a] a)))', strategy).value).toEqual([7, 7, 7]);
    }
    const get = '(fn () (let r (%record "f" (@fast) "s" (@slow)) (let n (@next (%get r "f")) [n (%get r "s")])))';
    expect(run(get, 'opportunistic')).toMatchObject({ value: [7, 8], time: 30 }); // next ran at 2..7, beside slow
    expect(run('(fn () (let r (%record "f" (@fast) "s" (@slow)) (@next (%get r "f"))))', 'opportunistic').time).toBe(
      30,
    );
    expect(run(get, 'sequential')).toMatchObject({ value: [7, 8], time: 37 });
  });
});
