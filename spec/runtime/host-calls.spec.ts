import { EMPTY, finalize, map, observable, Subject, throwError, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EpicRuntimeError } from '../../lib/errors.js';
import type { RunEvent } from '../../lib/runtime/events.js';
import { HostCall, HostCalls, type CallOwner, type HostContext } from '../../lib/runtime/host-calls.js';
import { collectStream } from '../../lib/runtime/stream-sink.js';
import { settlePromises } from './run-harness.js';

const site = { line: 1, column: 4, source: { name: 'prog', body: '(f (@h x))' } };

/** A CallOwner that reports settlements to `settle` and reads streams whole. */
function owner(settle: (error: EpicRuntimeError | undefined, value?: unknown) => void): CallOwner {
  return { settled: (_call, error, value) => settle(error, value), open: (_call, kind) => collectStream(kind) };
}

/** HostCalls on a clock the test moves, recording events and settlements. */
function calls(start = 1000) {
  const clock = { t: start };
  const events: RunEvent[] = [];
  const settled: Array<{ error?: EpicRuntimeError; value?: unknown }> = [];
  const settle = (error: EpicRuntimeError | undefined, value?: unknown) => {
    settled.push(error ? { error } : { value });
  };
  const hc = new HostCalls(
    () => clock.t,
    (e) => events.push(e),
    owner(settle),
  );
  const call = (fn: Function, args: unknown[] = [], name = 'h') => hc.dispatch(fn, args, site, name);
  return { hc, clock, events, settled, call };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('HostCalls.dispatch: results', () => {
  it('returns a plain value at once, with dispatched and resolved events timed since the start', () => {
    const t = calls();
    t.clock.t = 1250;
    expect(t.call((a: number, b: number) => a + b, [1, 2], 'add')).toBe(3);
    expect(t.hc.inFlight).toBe(0);
    expect(t.events).toEqual([
      {
        type: 'dispatched',
        id: 1,
        host: 'add',
        site: { program: 'prog', line: 1, column: 4 },
        args: '[1,2]',
        time: 250,
      },
      { type: 'resolved', id: 1, host: 'add', value: 3, summary: '3', time: 250 },
    ]);
    expect(t.hc.elapsed()).toBe(250);
  });

  it('treats null, undefined, arrays, plain objects and functions as plain values (a plain array is not a stream)', () => {
    const t = calls();
    const fn = () => 1;
    for (const v of [null, undefined, [1, 2], { a: 1 }, fn]) expect(t.call(() => v)).toBe(v);
    expect(t.hc.inFlight).toBe(0);
  });

  it('settles a Promise later with its value; it is in flight meanwhile', async () => {
    const t = calls();
    let answer!: (v: string) => void;
    expect(
      t.call(
        () =>
          new Promise<string>((r) => {
            answer = r;
          }),
      ),
    ).toBeInstanceOf(HostCall);
    expect(t.hc.inFlight).toBe(1);
    t.clock.t = 1400;
    answer('ok');
    await settlePromises();
    expect(t.settled).toEqual([{ value: 'ok' }]);
    expect(t.hc.inFlight).toBe(0);
    expect(t.events.at(-1)).toEqual({ type: 'resolved', id: 1, host: 'h', value: 'ok', summary: '"ok"', time: 400 });
  });

  it('takes the last value of an Observable, in virtual time', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, flush }) => {
      const got: unknown[] = [];
      const hc = new HostCalls(
        () => scheduler.now(),
        undefined,
        owner((e, v) => got.push([e, v, scheduler.now()])),
      );
      expect(hc.dispatch(() => cold('-a-b-c|', { a: 1, b: 2, c: 3 }), [], undefined, 'h')).toBeInstanceOf(HostCall);
      flush();
      expect(got).toEqual([[undefined, 3, 6]]);
    });
  });

  it('fails when an Observable completes without a value', () => {
    const t = calls();
    t.call(() => EMPTY, [], 'none');
    expect(t.settled).toHaveLength(1);
    expect(t.settled[0]!.error).toBeInstanceOf(EpicRuntimeError);
    expect(t.settled[0]!.error!.message).toMatch(
      /^Host function "none" failed: its Observable completed without a value/,
    );
    expect(t.events.map((e) => e.type)).toEqual(['dispatched', 'failed']);
  });

  it('collects an AsyncIterable into an array (an empty one into [])', async () => {
    const t = calls();
    async function* gen(n: number) {
      for (let i = 0; i < n; i++) yield i;
    }
    t.call(() => gen(3));
    t.call(() => gen(0));
    await settlePromises();
    expect(t.settled).toHaveLength(2);
    expect(t.settled).toEqual(expect.arrayContaining([{ value: [0, 1, 2] }, { value: [] }]));
  });

  it('accepts an interop observable (Symbol.observable) from another library', () => {
    const t = calls();
    const foreign = {
      [observable]() {
        return {
          subscribe: (o: { next: (v: unknown) => void; complete: () => void }) => {
            o.next('x');
            o.next('y');
            o.complete();
            return { unsubscribe() {} };
          },
        };
      },
    };
    expect(t.call(() => foreign)).toBeInstanceOf(HostCall);
    expect(t.settled).toEqual([{ value: 'y' }]);
  });
});

describe('HostCalls.dispatch: this, errors', () => {
  it('binds this to a HostContext with increasing call ids', () => {
    const t = calls();
    const ids: number[] = [];
    function host(this: HostContext) {
      ids.push(this.callId);
      return 0;
    }
    t.call(host);
    t.call(host);
    expect(ids).toEqual([1, 2]);
  });

  it('creates the AbortSignal only when the host reads it, and the same one each time', () => {
    let made = 0;
    vi.stubGlobal(
      'AbortController',
      class extends AbortController {
        constructor() {
          super();
          made++;
        }
      },
    );
    const t = calls();
    t.call(function (this: HostContext) {
      return 1;
    });
    expect(made).toBe(0);
    let pair: AbortSignal[] = [];
    t.call(function (this: HostContext) {
      pair = [this.signal, this.signal];
      return 1;
    });
    expect(made).toBe(1);
    expect(pair[0]).toBe(pair[1]);
  });

  it('turns a synchronous throw into an EpicRuntimeError with the host name, site and cause', () => {
    const t = calls();
    const cause = new TypeError('bad input');
    let thrown: unknown;
    try {
      t.call(
        () => {
          throw cause;
        },
        [1],
        'boom',
      );
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(EpicRuntimeError);
    const error = thrown as EpicRuntimeError;
    expect(error.message).toBe('Host function "boom" failed: bad input\n  at prog:1:4\n1 | (f (@h x))\n  |    ^');
    expect(error.host).toBe('boom');
    expect(error.cause).toBe(cause);
    expect(t.events.at(-1)).toEqual({ type: 'failed', id: 1, host: 'boom', error: 'bad input', time: 0 });
    expect(t.hc.inFlight).toBe(0);
  });

  it('describes a thrown non-Error by its string', () => {
    const t = calls();
    expect(() =>
      t.call(
        () => {
          throw 'plain string';
        },
        [],
        'boom',
      ),
    ).toThrow(/^Host function "boom" failed: plain string/);
  });

  it('reports a rejection and an Observable error through settle, keeping the cause', async () => {
    const t = calls();
    const cause = new Error('remote 500');
    t.call(() => Promise.reject(cause), [], 'p');
    t.call(() => throwError(() => cause), [], 'o');
    await settlePromises();
    expect(t.settled.map((s) => [s.error?.host, s.error?.cause, s.error?.message.split('\n')[0]])).toEqual([
      ['o', cause, 'Host function "o" failed: remote 500'],
      ['p', cause, 'Host function "p" failed: remote 500'],
    ]);
    expect(t.events.filter((e) => e.type === 'failed')).toHaveLength(2);
  });

  it('summarizes long arguments and values in events', () => {
    const t = calls();
    t.call((s: string) => s, ['x'.repeat(500)]);
    const [dispatched, resolved] = t.events as Array<{ args?: string; value?: string; summary?: string }>;
    expect(dispatched!.args).toHaveLength(120);
    expect(dispatched!.args!.endsWith('…')).toBe(true);
    expect(resolved!.summary).toHaveLength(120);
    expect(resolved!.value).toBe('x'.repeat(500));
  });
});

describe('HostCalls: aroundHost', () => {
  it('runs each call through aroundHost, which sees the call and may stand in for its result', () => {
    const seen: number[] = [];
    const hc = new HostCalls(
      () => 0,
      undefined,
      owner(() => {}),
      (call, invoke) => {
        seen.push(call.callId);
        const r = invoke() as number;
        return r * 10;
      },
    );
    expect(hc.dispatch((x: number) => x + 1, [1], site, 'h')).toBe(20);
    expect(hc.dispatch((x: number) => x + 2, [1], site, 'h')).toBe(30);
    expect(seen).toEqual([1, 2]);
  });
});

describe('HostCalls.abortAll', () => {
  it('aborts the signals it handed out with the reason and unsubscribes Observables', () => {
    const t = calls();
    let signal!: AbortSignal;
    let unsubscribed = 0;
    t.call(function (this: HostContext) {
      signal = this.signal;
      return new Promise(() => {});
    });
    t.call(() => new Subject().pipe(finalize(() => unsubscribed++)));
    expect(t.hc.inFlight).toBe(2);
    const reason = new Error('run unsubscribed');
    t.hc.abortAll(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    expect(unsubscribed).toBe(1);
    expect(t.hc.inFlight).toBe(0);
  });

  it('ignores results and failures that arrive after the abort', async () => {
    const t = calls();
    let answer!: (v: number) => void;
    let reject!: (e: Error) => void;
    t.call(
      () =>
        new Promise<number>((r) => {
          answer = r;
        }),
    );
    t.call(
      () =>
        new Promise<number>((_, r) => {
          reject = r;
        }),
    );
    t.hc.abortAll(new Error('stop'));
    answer(1);
    reject(new Error('late failure'));
    await settlePromises();
    expect(t.settled).toEqual([]);
    expect(t.events.map((e) => e.type)).toEqual(['dispatched', 'dispatched']);
  });

  it('leaves calls that already settled alone', () => {
    const t = calls();
    const s = new Subject<number>();
    let unsubscribed = 0;
    t.call(() => s.pipe(finalize(() => unsubscribed++)));
    s.next(1);
    s.complete();
    t.hc.abortAll(new Error('stop'));
    expect(t.settled).toEqual([{ value: 1 }]);
    expect(unsubscribed).toBe(1); // by completion, not again
  });

  it('aborts a signal the host reads only after the abort', async () => {
    const t = calls();
    let ctx!: HostContext;
    t.call(function (this: HostContext) {
      ctx = this;
      return new Promise(() => {});
    });
    t.hc.abortAll(new Error('stop'));
    await settlePromises();
    const late = ctx.signal; // e.g. read after an await inside an async host
    expect(late.aborted).toBe(true);
  });

  it('aborts the calls in flight oldest first', () => {
    const t = calls();
    const order: number[] = [];
    for (let i = 1; i <= 3; i++)
      t.call(function (this: HostContext) {
        this.signal.addEventListener('abort', () => order.push(i));
        return new Promise(() => {});
      });
    t.hc.abortAll(new Error('stop'));
    expect(order).toEqual([1, 2, 3]);
  });

  it("leaves a settled call's signal unaborted, even when first read after the abort", async () => {
    const t = calls();
    let ctx!: HostContext;
    t.call(function (this: HostContext) {
      ctx = this;
      return Promise.resolve(1);
    });
    await settlePromises();
    t.hc.abortAll(new Error('stop'));
    expect(t.settled).toEqual([{ value: 1 }]);
    expect(ctx.signal.aborted).toBe(false);
  });

  it('starts a call dispatched after the abort aborted, and ignores its result', async () => {
    const t = calls();
    t.hc.abortAll(new Error('stop'));
    let signal!: AbortSignal;
    t.call(function (this: HostContext) {
      signal = this.signal;
      return Promise.resolve(1);
    });
    expect(signal.aborted).toBe(true);
    await settlePromises();
    expect(t.settled).toEqual([]);
    expect(t.hc.inFlight).toBe(0);
  });

  it('an in-flight Observable host sees its subscription torn down in virtual time', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ flush }) => {
      const log: string[] = [];
      const hc = new HostCalls(
        () => scheduler.now(),
        undefined,
        owner(() => log.push('settled')),
      );
      hc.dispatch(
        () =>
          timer(100).pipe(
            map(() => 'x'),
            finalize(() => log.push(`torn down at ${scheduler.now()}`)),
          ),
        [],
        undefined,
        'h',
      );
      scheduler.schedule(() => hc.abortAll(new Error('stop')), 40);
      flush();
      expect(log).toEqual(['torn down at 40']);
    });
  });
});
