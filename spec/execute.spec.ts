import { NEVER, Observable, of, Subject, timer, map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Executable, type Strategy } from '../lib/execute.js';
import { EpicRuntimeError } from '../lib/errors.js';
import type { HostContext } from '../lib/runtime/host-calls.js';
import type { RunEvent } from '../lib/runtime/events.js';
import { parseTerm } from '../lib/terms/parse.js';
import type { Lam } from '../lib/terms/term.js';
import { CallLog, runVirtual } from './support/virtual.js';

const strategies: Strategy[] = ['opportunistic', 'sequential'];

function start(src: string, hosts: Record<string, unknown>, args: unknown[], strategy: Strategy) {
  const exe = new Executable(parseTerm(src, 'prog') as Lam, new Map(Object.entries(hosts)));
  const events: RunEvent[] = [];
  let result: unknown;
  let error: unknown;
  let settle = (): void => undefined;
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const stop = exe.start(args, strategy, {
    now: () => 0,
    onEvent: (e) => events.push(e),
    onResult: (v) => {
      result = v;
      settle();
    },
    onError: (e) => {
      error = e;
      settle();
    },
  });
  /** `settled` resolves when the run reports its result or its error. */
  return {
    stop,
    events,
    settled,
    get result() {
      return result;
    },
    get error() {
      return error;
    },
  };
}

describe.each(strategies)('%s runs: errors', (strategy) => {
  it('a host that throws fails the run with the host name, the call site and the cause', () => {
    const cause = new Error('quota exceeded');
    const run = start(
      '(fn (x)\n  (@ok\n    (@boom x)))',
      {
        ok: (x: unknown) => x,
        boom: () => {
          throw cause;
        },
      },
      [1],
      strategy,
    );
    expect(run.error).toBeInstanceOf(EpicRuntimeError);
    const error = run.error as EpicRuntimeError;
    expect(error.message).toBe(
      'Host function "boom" failed: quota exceeded\n  at prog:3:5\n3 |     (@boom x)))\n  |     ^',
    );
    expect(error.cause).toBe(cause);
    expect(error.host).toBe('boom');
  });

  it('a rejected Promise and an erroring Observable fail the run the same way', async () => {
    const failed = /^Host function "boom" failed: nope\n {2}at prog:1:8/;
    const rejected = start(
      '(fn () (@boom))',
      {
        boom: async () => {
          throw new Error('nope');
        },
      },
      [],
      strategy,
    );
    await rejected.settled;
    expect((rejected.error as Error).message).toMatch(failed);
    const boom = () =>
      timer(1).pipe(
        map(() => {
          throw new Error('nope');
        }),
      );
    const errored = runVirtual(parseTerm('(fn () (@boom))', 'prog') as Lam, { boom }, [], strategy);
    expect((errored.error as Error).message).toMatch(failed);
    expect(errored.time).toBe(1);
  });

  it('applying a non-function, a wrong number of arguments and a missing property are located errors', () => {
    const cases: [string, RegExp][] = [
      ['(fn () (let x 5\n (x 1)))', /^Cannot call the number 5: it is not a function\n {2}at prog:2:2/],
      ['(fn () ((fn f (a b) a) 1))', /^Function f expects 2 arguments but was called with 1 argument\n {2}at prog:1:8/],
      ['(fn () (%get (%record "a" 1) "b"))', /^Property "b" does not exist on an object with keys a\n {2}at prog:1:8/],
      ['(fn () (%map 3 (fn (x) x)))', /^Cannot map over the number 3: not an array\n {2}at prog:1:8/],
    ];
    for (const [src, message] of cases) {
      const run = start(src, {}, [], strategy);
      expect(run.error).toBeInstanceOf(EpicRuntimeError);
      expect((run.error as Error).message).toMatch(message);
    }
  });

  it('a failure aborts every other call in flight', () => {
    const log = new CallLog();
    const hosts = {
      slow: log.host('slow', 100, () => 1),
      fail: log.host('fail', 10, () => {
        throw new Error('bad');
      }),
    };
    const out = runVirtual('(fn () [(@slow) (@slow) (@fail)])', hosts, [], strategy);
    expect((out.error as Error).message).toMatch(/^Host function "fail" failed: bad/);
    if (strategy === 'opportunistic') {
      expect(out.time).toBe(10);
      expect(log.aborted).toBe(2);
    } else {
      expect(out.time).toBe(210);
    }
  });
});

describe.each(strategies)('%s runs: cancellation and host context', (strategy) => {
  it('unsubscribing aborts the signal of every call in flight and reports nothing more', () => {
    const signals: AbortSignal[] = [];
    const hang = function (this: HostContext) {
      signals.push(this.signal);
      return NEVER;
    };
    const run = start('(fn () [(@hang 1) (@hang 2)])', { hang }, [], strategy);
    expect(signals.length).toBe(strategy === 'opportunistic' ? 2 : 1);
    expect(signals.every((s) => !s.aborted)).toBe(true);
    const before = run.events.length;
    run.stop();
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(run.events.length).toBe(before);
    expect(run.result).toBeUndefined();
    expect(run.error).toBeUndefined();
  });

  it('unsubscribing tears down a host Observable', () => {
    let unsubscribed = 0;
    const host = () =>
      new Observable(() => () => {
        unsubscribed++;
      });
    const run = start('(fn () (@host))', { host }, [], strategy);
    run.stop();
    expect(unsubscribed).toBe(1);
  });

  it('gives each host exactly its arguments, with `this` a context carrying the call id', () => {
    const seen: unknown[][] = [];
    const ids: number[] = [];
    const echo = function (this: HostContext, ...args: unknown[]) {
      seen.push(args);
      ids.push(this.callId);
      return args.length;
    };
    const run = start('(fn () [(@echo 1 "two") (@echo) (@max 3 4)])', { echo, max: Math.max }, [], strategy);
    expect(run.result).toEqual([2, 0, 4]);
    expect(seen).toEqual([[1, 'two'], []]);
    expect(ids).toEqual([1, 2]);
  });

  it('reports dispatched and resolved events with sites and summaries', () => {
    const run = start('(fn (x)\n (@double x))', { double: (x: number) => x * 2 }, [21], strategy);
    expect(run.result).toBe(42);
    expect(run.events).toEqual([
      {
        type: 'dispatched',
        id: 1,
        host: 'double',
        site: { program: 'prog', line: 2, column: 2 },
        args: '[21]',
        time: 0,
      },
      { type: 'resolved', id: 1, host: 'double', value: 42, summary: '42', time: 0 },
    ]);
  });

  it('takes Observable arguments (their last value)', () => {
    const input = new Subject<number>();
    const run = start('(fn (a b) (%+ a b))', {}, [input, of(2)], strategy);
    expect(run.result).toBeUndefined();
    input.next(1);
    input.next(40);
    input.complete();
    expect(run.result).toBe(42);
  });

  it('fails on an Observable argument that completes without a value', () => {
    const run = start('(fn (a) a)', {}, [of()], strategy);
    expect((run.error as Error).message).toMatch(/^Program input 1 \(an Observable\) completed without a value/);
  });

  it('refuses to pass a program function to a host', () => {
    const run = start('(fn () (@h (fn (x) x)))', { h: () => 1 }, [], strategy);
    expect((run.error as Error).message).toMatch(
      /^Cannot pass the function anonymous to host function "h": host functions take data/,
    );
  });
});
