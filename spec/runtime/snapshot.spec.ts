import { isDraft } from 'immer';
import { applyPatches, enablePatches } from 'immer';
import { concatMap, from, map, take, timer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { Program } from '../../lib/program.js';
import { isPending, Pending } from '../../lib/runtime/observe.js';
import type { Snapshot } from '../../lib/runtime/snapshot.js';
import { asStream } from '../../lib/runtime/stream-source.js';
import { parseTerm } from '../../lib/terms/parse.js';
import type { Lam } from '../../lib/terms/term.js';
import { CallLog } from '../support/virtual.js';

enablePatches();

/** Runs `prog.snapshots(...args)` in virtual time; each snapshot with the time it was emitted. */
function snapshotsOf(
  src: string,
  hosts: (log: CallLog) => Record<string, unknown>,
  args: unknown[] = [],
  strategy?: 'sequential',
) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const log = new CallLog();
  const out: Array<{ at: number; snapshot: Snapshot }> = [];
  let final: unknown;
  scheduler.run(({ flush }) => {
    const prog = Program.fromTerm(parseTerm(src) as Lam, hosts(log), { scheduler, ...(strategy ? { strategy } : {}) });
    prog.snapshots(...args).subscribe((snapshot) => out.push({ at: scheduler.now(), snapshot }));
    prog.run(...args).subscribe((v) => {
      final = v;
    });
    flush();
  });
  return { out, log, final: () => final };
}

const slowHosts = (log: CallLog) => ({ slow: (ms: number) => log.host('slow', ms, (x: number) => x * 2)(ms) });

describe('Program.snapshots', () => {
  it('emits the first item of a map over 100/200/1000 ms calls before 150 ms, the rest as they arrive', () => {
    const { out } = snapshotsOf('(fn (xs) (%map xs (fn (x) (@slow x))))', slowHosts, [[100, 200, 1000]]);
    const firstWithItem = out.find(({ snapshot }) => !isPending((snapshot.value as unknown[])[0]));
    expect(firstWithItem!.at).toBeLessThan(150);
    expect(firstWithItem!.snapshot.value).toEqual([200, expect.any(Pending), expect.any(Pending)]);
    expect(out.map(({ at }) => at)).toEqual([0, 100, 200, 1000]);
    const last = out.at(-1)!.snapshot;
    expect(last.complete).toBe(true);
    expect(last.value).toEqual([200, 400, 2000]);
    expect(out.slice(0, -1).every(({ snapshot }) => !snapshot.complete)).toBe(true);
  });

  it('is frozen, shares unchanged parts, and its patches rebuild each snapshot from the one before', () => {
    const { out, final } = snapshotsOf(
      '(fn (xs) (%record "a" (%map xs (fn (x) (@slow x))) "b" (%record "c" (@slow 300) "d" 5)))',
      slowHosts,
      [[100, 200]],
    );
    let rebuilt: unknown;
    for (const { snapshot } of out) {
      expect(Object.isFrozen(snapshot.value)).toBe(true);
      expect(isDraft(snapshot.value)).toBe(false);
      rebuilt = applyPatches(
        { root: rebuilt },
        snapshot.patches.map((p) => ({ ...p, path: ['root', ...p.path] })),
      ).root;
      expect(rebuilt).toEqual(snapshot.value);
    }
    const [, at100, at200] = out.map(({ snapshot }) => snapshot.value as { a: unknown; b: unknown });
    expect(at200!.b).toBe(at100!.b); // structural sharing: "b" did not change at 200
    expect(out.at(-1)!.snapshot.value).toEqual(final());
    expect(out.at(-1)!.snapshot.value).toEqual({ a: [200, 400], b: { c: 600, d: 5 } });
  });

  it('shows a stream as the items or text that have arrived', () => {
    const text = () =>
      asStream(from(['Pa', 'ris\nRo', 'me']).pipe(concatMap((c) => timer(10).pipe(map(() => c)))), 'text');
    const items = () => asStream(timer(0, 30).pipe(take(3)));
    const { out } = snapshotsOf('(fn () [(@text) (%method (@text) "split" "\\n") (@items)])', () => ({ text, items }));
    const states = out.map(({ at, snapshot }) => [at, snapshot.value]);
    expect(states).toContainEqual([10, ['Pa', [], [0]]]);
    expect(states).toContainEqual([20, ['Paris\nRo', ['Paris'], [0]]]);
    expect(states.at(-1)).toEqual([60, ['Paris\nRome', ['Paris', 'Rome'], [0, 1, 2]]]);
  });

  it('coalesces a burst of 10,000 stream items into one snapshot', () => {
    const burst = () => asStream(timer(5).pipe(concatMap(() => from(Array.from({ length: 10_000 }, (_, i) => i)))));
    const { out } = snapshotsOf('(fn () (@burst))', () => ({ burst }));
    expect(out.map(({ at }) => at)).toEqual([0, 5]);
    expect((out[1]!.snapshot.value as unknown[]).length).toBe(10_000);
  });

  it('pending parts are Observables of their value and serialise as {"$pending":true}', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ flush }) => {
      const log = new CallLog();
      const prog = Program.fromTerm(parseTerm('(fn () [(@slow 10) (@slow 50)])') as Lam, slowHosts(log), { scheduler });
      const seen: Array<[number | string, unknown]> = [];
      let first: Snapshot | undefined;
      prog.snapshots().subscribe((s) => {
        first ??= s;
      });
      flush();
      expect(JSON.stringify(first!.value)).toBe('[{"$pending":true},{"$pending":true}]');
      const second = (first!.value as Observable<unknown>[])[1]!;
      expect(second).toBeInstanceOf(Pending);
      // a fresh run (from t = 50), watched through its pending part
      let watching = false;
      prog.snapshots().subscribe((s) => {
        if (!watching && isPending((s.value as unknown[])[1])) {
          watching = true;
          (s.value as Observable<unknown>[])[1]!.subscribe({
            next: (v) => seen.push([scheduler.now(), v]),
            complete: () => seen.push(['complete', scheduler.now()]),
          });
        }
      });
      flush();
      expect(seen).toEqual([
        [100, 100],
        ['complete', 100],
      ]);
      // a part whose run has ended errors instead of hanging
      const errors: unknown[] = [];
      prog
        .snapshots()
        .pipe(take(1))
        .subscribe((s) => (s.value as Observable<unknown>[])[0]!.subscribe({ error: (e) => errors.push(e) }));
      flush();
      expect(errors).toHaveLength(1);
      expect((errors[0] as Error).message).toMatch(/^The run ended before this part arrived/);
    });
  });

  it('watch(): the events and snapshots of one run; a resolved event says where its value lands', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const seen: unknown[] = [];
    scheduler.run(() => {
      const log = new CallLog();
      const prog = Program.fromTerm(
        parseTerm('(fn (xs) (%record "all" (%map xs (fn (x) (@slow x))) "sum" (%+ 1 (@slow 30))))') as Lam,
        slowHosts(log),
        { scheduler },
      );
      prog
        .watch([10, 20])
        .subscribe((e) =>
          seen.push(
            e.type === 'resolved'
              ? ['resolved', e.value, e.paths, e.time]
              : e.type === 'snapshot'
                ? ['snapshot', JSON.stringify(e.value), e.time]
                : [e.type, e.time],
          ),
        );
    });
    expect(seen).toEqual([
      ['dispatched', 0],
      ['dispatched', 0],
      ['dispatched', 0],
      ['snapshot', '{"all":[{"$pending":true},{"$pending":true}],"sum":{"$pending":true}}', 0],
      ['resolved', 20, [['all', 0]], 10],
      ['snapshot', '{"all":[20,{"$pending":true}],"sum":{"$pending":true}}', 10],
      ['resolved', 40, [['all', 1]], 20],
      ['snapshot', '{"all":[20,40],"sum":{"$pending":true}}', 20],
      ['resolved', 60, undefined, 30], // the result holds 1 + 60, not the call's value
      ['snapshot', '{"all":[20,40],"sum":61}', 30],
      ['result', 30],
    ]);
  });

  it('a sequential run fills in too, one call at a time', () => {
    const { out } = snapshotsOf('(fn (xs) (%map xs (fn (x) (@slow x))))', slowHosts, [[100, 200]], 'sequential');
    expect(out.map(({ at, snapshot }) => [at, JSON.stringify(snapshot.value), snapshot.complete])).toEqual([
      [0, '[{"$pending":true},{"$pending":true}]', false],
      [100, '[200,{"$pending":true}]', false],
      [300, '[200,400]', true],
    ]);
  });
});
