import { config } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { statusLine, summaryLine, watchRun, type RunReport, type WatchOptions } from '../../lib/cli/watch.js';
import { EpicRuntimeError } from '../../lib/errors.js';
import { Program } from '../../lib/program.js';
import { parseTerm } from '../../lib/terms/parse.js';
import type { Lam } from '../../lib/terms/term.js';
import { settlePromises } from '../runtime/run-harness.js';
import { CallLog } from '../support/virtual.js';

const stats = { calls: 5, done: 3, failed: 1, inFlight: 1, maxInFlight: 3, time: 0 };
type Settled = { report?: RunReport; error?: unknown };

/** Watches one run of `src` in virtual time; `during` may act on the scheduler before it flushes. */
async function watchVirtual(
  src: string,
  hosts: Record<string, unknown>,
  args: unknown[],
  options: WatchOptions = {},
  during?: (scheduler: TestScheduler) => void,
): Promise<Settled> {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  let settled!: Promise<Settled>;
  scheduler.run(() => {
    const prog = Program.fromTerm(parseTerm(src, 'prog') as Lam, hosts, { scheduler });
    settled = watchRun(prog, args, options).then(
      (report) => ({ report }),
      (error: unknown) => ({ error }),
    );
    during?.(scheduler);
  });
  return settled;
}

/**
 * Runs `f` with RxJS's unhandled-error hook recording instead of throwing (RxJS reports an error
 * that reaches a subscriber without an error callback there, from a timer).
 */
async function withUnhandledErrors<T>(f: () => T): Promise<{ settled: T; unhandled: unknown[] }> {
  const unhandled: unknown[] = [];
  const previous = config.onUnhandledError;
  config.onUnhandledError = (e) => unhandled.push(e);
  try {
    const settled = f();
    await settlePromises();
    return { settled, unhandled };
  } finally {
    config.onUnhandledError = previous;
  }
}

/** A stand-in for a TTY that records what is written. */
function fakeTty(): { writes: string[]; stream: NodeJS.WriteStream } {
  const writes: string[] = [];
  return { writes, stream: { write: (s: string) => (writes.push(s), true) } as unknown as NodeJS.WriteStream };
}

describe('statusLine and summaryLine', () => {
  it('formats the live counts with one decimal of seconds', () => {
    expect(statusLine(stats, 1234)).toBe('1 in flight · 3 done · 1 failed · 1.2 s');
    expect(statusLine({ ...stats, inFlight: 0 }, 0)).toBe('0 in flight · 3 done · 1 failed · 0.0 s');
  });

  it('summarizes calls, wall time in seconds and peak concurrency, singular for one call', () => {
    const report: RunReport = { value: 1, stats: { ...stats, calls: 4 }, wallMs: 200, events: [] };
    expect(summaryLine(report)).toBe('4 host calls · 0.20 s wall · at most 3 in flight at once');
    expect(summaryLine({ ...report, stats: { ...stats, calls: 1, maxInFlight: 1 }, wallMs: 1234.5 })).toBe(
      '1 host call · 1.23 s wall · at most 1 in flight at once',
    );
  });
});

describe('watchRun', () => {
  it('resolves with the value, the final counts and the host-call events', async () => {
    const log = new CallLog();
    const { report } = await watchVirtual(
      '(fn (n) [(@slow n) (@slow 2) (@fast 3)])',
      {
        slow: log.host('slow', 100, (x: number) => x * 10),
        fast: log.host('fast', 30, (x: number) => x),
      },
      [1],
    );
    expect(report?.value).toEqual([10, 20, 3]);
    expect(report?.stats).toEqual({ calls: 3, done: 3, failed: 0, inFlight: 0, maxInFlight: 3, time: 100 });
    expect(report?.events.map((e) => `${e.type}:${e.host}@${e.time}`)).toEqual([
      'dispatched:slow@0',
      'dispatched:slow@0',
      'dispatched:fast@0',
      'resolved:fast@30',
      'resolved:slow@100',
      'resolved:slow@100',
    ]);
    expect(report?.wallMs).toBeGreaterThanOrEqual(0);
  });

  it('resolves a run without host calls', async () => {
    const { report } = await watchVirtual('(fn (a b) (%+ a b))', {}, [2, 3]);
    expect(report?.value).toBe(5);
    expect(report?.stats.calls).toBe(0);
    expect(report?.events).toEqual([]);
  });

  it('draws a status line on a TTY every 100 ms and clears it at the end', async () => {
    const log = new CallLog();
    const tty = fakeTty();
    const { report } = await watchVirtual('(fn () [(@slow) (@slow)])', { slow: log.host('slow', 250, () => 1) }, [], {
      status: tty.stream,
    });
    expect(report?.value).toEqual([1, 1]);
    expect(tty.writes).toHaveLength(3);
    expect(tty.writes[0]).toMatch(/^\r\x1b\[2K⠋ 2 in flight · 0 done · 0 failed · \d+\.\d s$/);
    expect(tty.writes[1]).toMatch(/^\r\x1b\[2K⠙ 2 in flight · /);
    expect(tty.writes[2]).toBe('\r\x1b[2K');
  });

  it("rejects with the run's error and clears the status line", async () => {
    const log = new CallLog();
    const tty = fakeTty();
    const { settled } = await withUnhandledErrors(() =>
      watchVirtual(
        '(fn () (@bad))',
        {
          bad: log.host('bad', 10, () => {
            throw new Error('nope');
          }),
        },
        [],
        { status: tty.stream },
      ),
    );
    const { error } = await settled;
    expect(error).toBeInstanceOf(EpicRuntimeError);
    expect((error as Error).message).toMatch(/^Host function "bad" failed: nope/);
    expect(tty.writes).toEqual(['\r\x1b[2K']);
  });

  it('reports a failed run only through the rejection', async () => {
    const log = new CallLog();
    const { settled, unhandled } = await withUnhandledErrors(() =>
      watchVirtual(
        '(fn () (@bad))',
        {
          bad: log.host('bad', 10, () => {
            throw new Error('nope');
          }),
        },
        [],
      ),
    );
    expect((await settled).error).toBeInstanceOf(EpicRuntimeError);
    expect(unhandled).toEqual([]);
  });

  it("aborting the signal rejects with its reason and aborts the run's host calls", async () => {
    const log = new CallLog();
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const { error } = await watchVirtual(
      '(fn () [(@slow) (@slow)])',
      { slow: log.host('slow', 100, () => 1) },
      [],
      { signal: controller.signal },
      (scheduler) => scheduler.schedule(() => controller.abort(reason), 40),
    );
    expect(error).toBe(reason);
    expect(log.aborted).toBe(2);
  });

  it('rejects at once, starting nothing, when the signal is already aborted', async () => {
    const log = new CallLog();
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    const tty = fakeTty();
    const { error } = await watchVirtual('(fn () (@slow))', { slow: log.host('slow', 100, () => 1) }, [], {
      signal: controller.signal,
      status: tty.stream,
    });
    expect((error as Error | undefined)?.message).toBe('too late');
    expect(log.calls).toEqual([]);
    expect(tty.writes).toEqual([]); // no status line was started, so nothing keeps running
  });
});
