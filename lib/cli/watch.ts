/**
 * Watching one run for the CLI: collects its events and running counts, draws a live status line
 * on a terminal, and settles with the result, the counts and the wall time.
 */
import { connectable, filter, interval, Subject, Subscription } from 'rxjs';
import { runStats, type RunStats } from '../../operators/runStats.js';
import type { Program } from '../frontend/program.js';
import type { HostCallEvent, RunEvent } from '../runtime/events.js';

/** What a finished run reports. */
export interface RunReport {
  readonly value: unknown;
  readonly stats: RunStats;
  readonly wallMs: number;
  readonly events: readonly HostCallEvent[];
}

/** Options of `watchRun`. */
export interface WatchOptions {
  /** Where to draw a live status line (a TTY), or undefined for none. */
  readonly status?: NodeJS.WriteStream | undefined;
  /** Aborting this unsubscribes the run (its host calls are aborted) and rejects. */
  readonly signal?: AbortSignal;
}

const NO_STATS: RunStats = { calls: 0, done: 0, failed: 0, inFlight: 0, maxInFlight: 0, time: 0 };
const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

/** Runs `prog` on `args`, watching it (see the module comment). */
export function watchRun(prog: Program<readonly unknown[], unknown>, args: readonly unknown[], options: WatchOptions = {}): Promise<RunReport> {
  return new Promise<RunReport>((resolve, reject) => {
    const started = performance.now();
    const events: HostCallEvent[] = [];
    let stats = NO_STATS;
    const subs: Subscription[] = [];
    const stop = (): void => {
      for (const s of subs) s.unsubscribe();
      if (options.status) options.status.write('\r\x1b[2K');
    };
    const run$ = connectable(prog.events(...args), { connector: () => new Subject<RunEvent>(), resetOnDisconnect: false });
    subs.push(run$.pipe(filter((e): e is HostCallEvent => e.type !== 'result'), runStats()).subscribe({
      next: (s) => { stats = s; },
      error: () => {}, // the run's own subscriber below reports the error
    }));
    if (options.status) {
      const out = options.status;
      subs.push(interval(100).subscribe((tick) => {
        out.write(`\r\x1b[2K${SPINNER[tick % SPINNER.length]} ${statusLine(stats, performance.now() - started)}`);
      }));
    }
    const signal = options.signal;
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      stop();
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    subs.push(new Subscription(() => signal?.removeEventListener('abort', onAbort)));
    subs.push(run$.subscribe({
      next: (e: RunEvent) => {
        if (e.type !== 'result') events.push(e);
        else {
          stop();
          resolve({ value: e.value, stats, wallMs: performance.now() - started, events });
        }
      },
      error: (error: unknown) => {
        stop();
        reject(error);
      },
    }));
    subs.push(run$.connect());
  });
}

/** "3 in flight · 12 done · 0 failed · 1.2 s" */
export function statusLine(s: RunStats, elapsedMs: number): string {
  return `${s.inFlight} in flight · ${s.done} done · ${s.failed} failed · ${(elapsedMs / 1000).toFixed(1)} s`;
}

/** "4 host calls · 0.20 s wall · at most 3 in flight at once" */
export function summaryLine(r: RunReport): string {
  const calls = `${r.stats.calls} host call${r.stats.calls === 1 ? '' : 's'}`;
  return `${calls} · ${(r.wallMs / 1000).toFixed(2)} s wall · at most ${r.stats.maxInFlight} in flight at once`;
}
