import { defer, map, NEVER, type Observable, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicError, EpicRuntimeError, EpicTimeoutError } from '../../lib/errors.js';
import { Program } from '../../lib/program.js';
import { external, type HostOptions } from '../../lib/runtime/external.js';
import type { HostContext } from '../../lib/runtime/host-calls.js';
import { parseTerm } from '../../lib/terms/parse.js';
import type { Lam } from '../../lib/terms/term.js';

/** Runs `src` in virtual time with the host `h` made by `make(scheduler)`; the result or error and when. */
function run(src: string, make: (s: TestScheduler) => Function, args: unknown[] = []) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  let outcome: { value?: unknown; error?: unknown; at: number } | undefined;
  scheduler.run(({ flush }) => {
    Program.fromTerm(parseTerm(src) as Lam, { h: make(scheduler) }, { scheduler })
      .run(...args)
      .subscribe({
        next: (value) => {
          outcome = { value, at: scheduler.now() };
        },
        error: (error) => {
          outcome = { error, at: scheduler.now() };
        },
      });
    flush();
  });
  return outcome!;
}

/** A host whose attempt k (from 0) answers as `plan[k]` says: a latency and a value, an error, or never. */
function planned(
  plan: ReadonlyArray<{ after: number; value?: unknown; error?: unknown } | 'never'>,
  log: { starts: number[]; aborts: number },
  options: HostOptions,
  s: TestScheduler,
) {
  let k = 0;
  return external(
    function (this: HostContext) {
      const step = plan[k++]!;
      log.starts.push(s.now());
      this.signal.addEventListener('abort', () => log.aborts++);
      if (step === 'never') return NEVER;
      return timer(step.after).pipe(
        map(() => {
          if (step.error !== undefined) throw step.error;
          return step.value;
        }),
      );
    },
    { ...options, scheduler: s },
  );
}

describe('external(fn, { timeoutMs, retry, concurrency })', () => {
  it('fails a call that does not answer in time with a located error whose cause is an EpicTimeoutError, aborting its signal', () => {
    const log = { starts: [] as number[], aborts: 0 };
    const out = run('(fn () (@h))', (s) => planned(['never'], log, { timeoutMs: 50 }, s));
    expect(out.at).toBe(50);
    expect(out.error).toBeInstanceOf(EpicRuntimeError);
    expect((out.error as Error).cause).toBeInstanceOf(EpicTimeoutError);
    expect((out.error as Error).message).toMatch(/^Host function "h" failed: no answer within timeoutMs \(50 ms\)/);
    expect(log.aborts).toBe(1);
  });

  it('retries a stalled attempt after its timeout, and transient errors with backoff', () => {
    const log = { starts: [] as number[], aborts: 0 };
    const out = run('(fn () (@h))', (s) =>
      planned(
        ['never', { after: 5, error: Object.assign(new Error('busy'), { status: 503 }) }, { after: 5, value: 'ok' }],
        log,
        { timeoutMs: 50, retry: { maxRetries: 3, initialDelayMs: 10 } },
        s,
      ),
    );
    expect(out).toEqual({ value: 'ok', at: 50 + 10 + 5 + 20 + 5 });
    expect(log.starts).toEqual([0, 60, 85]);
    expect(log.aborts).toBe(1); // the stalled attempt
  });

  it('does not retry an error that is not transient', () => {
    const log = { starts: [] as number[], aborts: 0 };
    const out = run('(fn () (@h))', (s) =>
      planned(
        [
          { after: 5, error: Object.assign(new Error('bad request'), { status: 400 }) },
          { after: 5, value: 'x' },
        ],
        log,
        { retry: 3 },
        s,
      ),
    );
    expect((out.error as Error).message).toMatch(/bad request/);
    expect(log.starts).toEqual([0]);
  });

  it('bounds the calls of a host in flight at once', () => {
    let inFlight = 0;
    let most = 0;
    const out = run(
      '(fn (xs) (%map xs (fn (x) (@h x))))',
      (s) =>
        external(
          (x: number) =>
            defer(() => {
              most = Math.max(most, ++inFlight);
              return timer(10).pipe(
                map(() => {
                  inFlight--;
                  return x * 2;
                }),
              );
            }),
          { concurrency: 2, scheduler: s },
        ),
      [[1, 2, 3, 4, 5]],
    );
    expect(out).toEqual({ value: [2, 4, 6, 8, 10], at: 30 });
    expect(most).toBe(2);
  });

  it('gives a Promise-returning host its own signal per attempt', async () => {
    const signals: AbortSignal[] = [];
    const h = external(
      async function (this: HostContext, x: number) {
        signals.push(this.signal);
        if (signals.length === 1) throw Object.assign(new Error('flaky'), { status: 500 });
        return x + 1;
      },
      { retry: { maxRetries: 1, initialDelayMs: 1 } },
    );
    expect(await Program.fromTerm(parseTerm('(fn (x) (@h x))') as Lam, { h }).evaluate(1)).toBe(2);
    expect(signals).toHaveLength(2);
    expect(signals[0]).not.toBe(signals[1]);
  });

  it('rejects bad flow options, and retry on a streaming host, at declaration', () => {
    const f = (): Observable<number> => NEVER;
    expect(() => external(f, { timeoutMs: 0 })).toThrow(/timeoutMs must be a positive number/);
    expect(() => external(f, { retry: -1 })).toThrow(/retry must be a number of retries/);
    expect(() => external(f, { concurrency: 1.5 })).toThrow(/concurrency must be a positive integer/);
    expect(() => external(f, { stream: 'items', retry: 2 })).toThrow(EpicError);
    expect(() => external(f, { stream: 'items', retry: 2 })).toThrow(/retry cannot be combined with stream/);
  });
});
