import fc from 'fast-check';
import {
  asapScheduler,
  config,
  lastValueFrom,
  map,
  mergeMap,
  Observable,
  Subscription,
  throwError,
  timer,
  type SchedulerLike,
} from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicBatchError } from '../../lib/errors.js';
import { createBatcher } from '../../operators/createBatcher.js';

/**
 * Nobody hangs: whatever the scheduler (throwing from `schedule`, or from cancelling what it
 * scheduled), the key function (throwing) and `run` (throwing, failing, answering the wrong
 * shape, completing empty, throwing on teardown) do, every caller that stays subscribed settles
 * exactly once, a caller that leaves settles at most once, nobody gets another caller's result,
 * and once the faults stop every key batches normally again (no batch was left behind).
 */
const runBehaviour = fc.oneof(
  fc.record({ kind: fc.constant('answer' as const), latency: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('throw' as const) }),
  fc.record({ kind: fc.constant('error' as const), latency: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('wrongLength' as const), latency: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('nonArray' as const), value: fc.constantFrom(undefined, null, 42, {}) }),
  fc.record({ kind: fc.constant('empty' as const), latency: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('teardownThrows' as const), latency: fc.integer({ min: 0, max: 4 }) }),
);
type RunBehaviour = typeof runBehaviour extends fc.Arbitrary<infer B> ? B : never;

const scenario = fc.record({
  maxBatchSize: fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.integer({ min: 1, max: 3 })),
  windowMs: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  scheduleThrows: fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
  cancelThrows: fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
  runs: fc.array(runBehaviour, { minLength: 1, maxLength: 6 }),
  callers: fc.array(
    fc.record({
      at: fc.integer({ min: 0, max: 12 }),
      key: fc.constantFrom<'x' | 'y'>('x', 'y'),
      keyThrows: fc.boolean(),
      fails: fc.boolean(),
      leaveAfter: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    }),
    { maxLength: 16 },
  ),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

interface Input {
  readonly id: number;
  readonly key: string;
  readonly keyThrows: boolean;
  readonly fails: boolean;
}
type Note = { kind: 'N'; value: string } | { kind: 'C' } | { kind: 'E' };

const HEALED_AT = 100;
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const answerOf = (input: Input): string | Error =>
  input.fails ? new Error(`item ${input.id} failed`) : `result ${input.id}`;

/** A resolver behaving as `behaviour` says, in virtual time. */
function resolve(behaviour: RunBehaviour, inputs: readonly Input[]): unknown {
  switch (behaviour.kind) {
    case 'answer':
      return timer(behaviour.latency).pipe(map(() => inputs.map(answerOf)));
    case 'throw':
      throw new Error('run threw');
    case 'error':
      return timer(behaviour.latency).pipe(mergeMap(() => throwError(() => new Error('batch failed'))));
    case 'wrongLength':
      return timer(behaviour.latency).pipe(map(() => [...inputs.map(answerOf), 'extra']));
    case 'nonArray':
      return behaviour.value;
    case 'empty':
      return timer(behaviour.latency).pipe(mergeMap(() => []));
    case 'teardownThrows':
      return new Observable<Array<string | Error>>((subscriber) => {
        const answer = timer(behaviour.latency).subscribe(() => subscriber.next(inputs.map(answerOf)));
        return () => {
          answer.unsubscribe();
          throw new Error('run teardown threw');
        };
      });
  }
}

function simulate(s: Scenario) {
  const ts = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  let healed = false;
  let scheduled = 0;
  const flaky: SchedulerLike = {
    now: () => ts.now(),
    schedule(work, delay, state) {
      const n = scheduled++;
      if (!healed && pick(s.scheduleThrows, n)) throw new Error(`schedule #${n} threw`);
      const inner = ts.schedule(work as Parameters<typeof ts.schedule>[0], delay, state);
      if (healed || !pick(s.cancelThrows, n)) return inner;
      return new Subscription(() => {
        inner.unsubscribe();
        throw new Error(`cancel #${n} threw`);
      });
    },
  };
  let batches = 0;
  const call = createBatcher<Input, string>({
    maxBatchSize: s.maxBatchSize,
    windowMs: s.windowMs,
    scheduler: flaky,
    key: (input) => {
      if (input.keyThrows && !healed) throw new Error(`no key for ${input.id}`);
      return input.key;
    },
    run: (inputs) => {
      const behaviour = healed ? { kind: 'answer' as const, latency: 1 } : pick(s.runs, batches);
      batches += 1;
      return resolve(behaviour, inputs) as Observable<Array<string | Error>>;
    },
  });
  const probes = ['x', 'y'].map((key, i) => ({
    at: HEALED_AT,
    key,
    keyThrows: false,
    fails: false,
    leaveAfter: undefined,
    id: s.callers.length + i,
  }));
  const all = [...s.callers.map((c, id) => ({ ...c, id })), ...probes];
  const notes = all.map(() => [] as Note[]);
  const saved = config.onUnhandledError;
  config.onUnhandledError = () => undefined; // run teardown errors are reported here; not this property's concern
  try {
    ts.run(() => {
      ts.schedule(() => (healed = true), HEALED_AT);
      for (const c of all) {
        ts.schedule(() => {
          const input: Input = { id: c.id, key: c.key, keyThrows: c.keyThrows, fails: c.fails };
          const subscription = call(input).subscribe({
            next: (value) => notes[c.id]?.push({ kind: 'N', value }),
            error: () => notes[c.id]?.push({ kind: 'E' }),
            complete: () => notes[c.id]?.push({ kind: 'C' }),
          });
          if (c.leaveAfter === undefined) return;
          ts.schedule(() => {
            try {
              subscription.unsubscribe();
            } catch {
              // a throwing cancel reaches the caller that left; it has left all the same
            }
          }, c.leaveAfter);
        }, c.at);
      }
    });
  } finally {
    config.onUnhandledError = saved;
  }
  return { all, notes };
}

describe('createBatcher: every caller settles exactly once (property)', () => {
  it('whatever the scheduler, the key function and run throw or answer', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { all, notes } = simulate(s);
        all.forEach((c) => {
          const seen = notes[c.id] ?? [];
          const shapes = seen.map((n) => n.kind).join('');
          if (c.leaveAfter === undefined) expect(['E', 'NC']).toContain(shapes);
          else expect(['', 'E', 'NC']).toContain(shapes);
          const value = seen.find((n) => n.kind === 'N');
          if (value) expect(value).toEqual({ kind: 'N', value: `result ${c.id}` });
          if (c.at === HEALED_AT) expect(shapes).toBe('NC'); // later callers batch normally again
        });
      }),
      { numRuns: 400 },
    );
  });
});

describe('createBatcher: nobody hangs', () => {
  it('fails only the opening caller when the scheduler throws; the next caller opens a fresh batch', async () => {
    let fail = true;
    const scheduler: SchedulerLike = {
      now: () => asapScheduler.now(),
      schedule: (work, delay, state) => {
        if (fail) {
          fail = false;
          throw new Error('hiccup');
        }
        return asapScheduler.schedule(work as Parameters<typeof asapScheduler.schedule>[0], delay, state);
      },
    };
    const load = createBatcher<number, number>({ run: async (xs) => xs, scheduler });
    const first = lastValueFrom(load(1)).catch((error: Error) => error.message);
    await expect(Promise.all([first, lastValueFrom(load(2)), lastValueFrom(load(3))])).resolves.toEqual([
      'hiccup',
      2,
      3,
    ]);
  }, 5000); // the bug this guards against hangs the later callers

  it('fails only its own caller when the key function throws', async () => {
    const sent: string[][] = [];
    const broken = new Error('no key for "bad"');
    const call = createBatcher<string, string>({
      run: (xs) => (sent.push([...xs]), xs),
      key: (x) => {
        if (x === 'bad') throw broken;
        return '';
      },
    });
    const outcomes = await Promise.all(
      ['a', 'bad', 'b'].map((x) => lastValueFrom(call(x)).catch((error: unknown) => error)),
    );
    expect(outcomes).toEqual(['a', broken, 'b']);
    expect(sent).toEqual([['a', 'b']]);
  });

  it.each([undefined, null, 42, {}])(
    'fails a run returning %s synchronously like one resolving to it',
    async (value) => {
      const errorOf = async (run: () => unknown) => {
        const call = createBatcher<number, number>({ run: run as () => number[] });
        return Promise.all([1, 2].map((x) => lastValueFrom(call(x)).catch((error: unknown) => error)));
      };
      const [sync, async] = [await errorOf(() => value), await errorOf(async () => value)];
      for (const error of [...sync, ...async]) expect(error).toBeInstanceOf(EpicBatchError);
      expect((sync[0] as Error).message).toBe((async[0] as Error).message);
      expect((sync[0] as Error).message).toMatch(
        /^Batch resolver returned a non-array \((undefined|null|number|object)\) for 2 inputs$/,
      );
    },
  );

  it('settles every caller even when the run subscription throws on teardown, and reports that error', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const reported: unknown[] = [];
    const broken = new Error('teardown bug');
    const saved = config.onUnhandledError;
    config.onUnhandledError = (error) => reported.push(error);
    try {
      const call = createBatcher<string, string>({
        scheduler,
        run: (xs) =>
          new Observable<string[]>((subscriber) => {
            const answer = scheduler.schedule(() => subscriber.next(xs.map((x) => x.toUpperCase())), 1);
            return () => {
              answer.unsubscribe();
              throw broken;
            };
          }),
      });
      scheduler.run(({ expectObservable }) => {
        expectObservable(call('a')).toBe('-(A|)', { A: 'A' });
        expectObservable(call('b')).toBe('-(B|)', { B: 'B' });
      });
    } finally {
      config.onUnhandledError = saved;
    }
    expect(reported).toHaveLength(1);
    expect(String(reported[0])).toMatch(/teardown bug/);
  });
});
