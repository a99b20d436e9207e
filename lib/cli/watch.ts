/**
 * Watching one run for the CLI: collects its events and running counts, draws a live status line
 * on a terminal, and settles with the result, the counts and the wall time.
 */
import { interval, Subscription } from 'rxjs';
import { addRunEvent, NO_RUN_STATS, type RunStats } from '../runtime/run-stats.js';
import type { Program } from '../program.js';
import type { BatchedEvent, HostCallEvent } from '../runtime/events.js';
import type { Output } from './io.js';

/** What a finished run reports. */
export interface RunReport {
  readonly value: unknown;
  readonly stats: RunStats;
  readonly wallMs: number;
  /** The host-call and batch events, in order. */
  readonly events: ReadonlyArray<HostCallEvent | BatchedEvent>;
}

/** Options of `watchRun`. */
export interface WatchOptions {
  /** Where to draw a live status line (a TTY), or undefined for none. */
  readonly status?: Output | undefined;
  /** Aborting this unsubscribes the run (its host calls are aborted) and rejects. */
  readonly signal?: AbortSignal;
}

const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

/** Runs `prog` on `args`, watching it (see the module comment). */
export function watchRun(
  prog: Program<readonly unknown[], unknown>,
  args: readonly unknown[],
  options: WatchOptions = {},
): Promise<RunReport> {
  return new Promise<RunReport>((resolve, reject) => {
    const { signal, status } = options;
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const started = performance.now();
    const events: Array<HostCallEvent | BatchedEvent> = [];
    let stats = NO_RUN_STATS;
    const all = new Subscription(() => status?.write('\r\x1b[2K'));
    const settle = (finish: () => void): void => {
      all.unsubscribe();
      finish();
    };
    if (signal) {
      const onAbort = (): void => settle(() => reject(signal.reason ?? new Error('aborted')));
      signal.addEventListener('abort', onAbort, { once: true });
      all.add(() => signal.removeEventListener('abort', onAbort));
    }
    if (status) {
      all.add(
        interval(100).subscribe((tick) => {
          status.write(`\r\x1b[2K${SPINNER[tick % SPINNER.length]} ${statusLine(stats, performance.now() - started)}`);
        }),
      );
    }
    all.add(
      prog.events(...args).subscribe({
        next: (e) => {
          stats = addRunEvent(stats, e);
          if (e.type === 'result')
            settle(() => resolve({ value: e.value, stats, wallMs: performance.now() - started, events }));
          else if (e.type !== 'input') events.push(e);
        },
        error: (error: unknown) => settle(() => reject(error)),
      }),
    );
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
