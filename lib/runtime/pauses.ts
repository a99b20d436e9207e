/**
 * When a run's reduction stops and how it resumes (run.ts drains its queue through these).
 *
 * - A time slice: after `SLICE_MS` of reduction the drain stops and resumes from the scheduler
 *   (Node's `setImmediate` by default), so timers, I/O and unsubscription get in meanwhile.
 * - Settling: a long map or fold that finds calls crowding (run.ts `crowded`) asks the drain to
 *   stop and resume from a microtask, queued after the reactions of host Promises already
 *   answered, so those calls settle (and are freed) first; the run holds the map's or fold's
 *   next step until its queue is empty (run.ts `afterSettling`).
 */
import type { SchedulerLike } from 'rxjs';

/** How long reduction runs before it yields to the event loop (ms). */
const SLICE_MS = 8;

/** The pauses of one run (see the module comment). */
export class Pauses {
  /** When the current slice's clock started (0: not yet read in this drain). */
  private sliceStart = 0;
  /** Set when the drain should stop; `settleStop` says it resumes from a microtask. */
  private stopping = false;
  private settleStop = false;
  /** Set while the drain waits to resume. */
  private resume: { unsubscribe(): void } | undefined = undefined;

  constructor(private readonly scheduler: SchedulerLike | undefined) {}

  /** Whether the drain must stop now (a slice is over, or calls should settle). */
  get due(): boolean {
    return this.stopping;
  }

  /** Whether the drain stops (or stopped) to let answered calls settle, not for a time slice. */
  get settling(): boolean {
    return this.settleStop;
  }

  /** Whether the drain is stopped, waiting to resume. */
  get waiting(): boolean {
    return this.resume !== undefined;
  }

  /** A drain starts: its slice's clock starts at its first look (`sliceOver`), not now. */
  startDrain(): void {
    this.sliceStart = 0;
  }

  /** Looks at the clock (every few thousand steps): whether the slice is over. */
  sliceOver(): boolean {
    const now = performance.now();
    if (this.sliceStart === 0) this.sliceStart = now;
    else if (!this.stopping && now - this.sliceStart > SLICE_MS) this.stopping = true;
    return this.stopping;
  }

  /** Asks the drain to stop and resume from a microtask, after the answered calls settle. */
  settleFirst(): void {
    this.stopping = this.settleStop = true;
  }

  /** The drain has stopped (`due`): calls `drain` again later, as asked. */
  resumeLater(drain: () => void): void {
    const go = (): void => {
      this.resume = undefined;
      this.stopping = false;
      drain();
    };
    if (this.settleStop) {
      this.settleStop = false;
      const resume = { cancelled: false, unsubscribe: () => void (resume.cancelled = true) };
      this.resume = resume;
      queueMicrotask(() => {
        if (!resume.cancelled) go();
      });
      return;
    }
    const resume = later(this.scheduler, go);
    if (resume) this.resume = resume;
  }

  /** The run is torn down: it does not resume. */
  cancel(): void {
    this.resume?.unsubscribe();
  }
}

/**
 * Runs `go` later: from `scheduler`, or from Node's `setImmediate` (after pending I/O and timers).
 * Returns the handle to cancel it, or undefined if the scheduler already ran it synchronously
 * (RxJS `queueScheduler` outside an action does).
 */
function later(scheduler: SchedulerLike | undefined, go: () => void): { unsubscribe(): void } | undefined {
  let ran = false;
  const run = (): void => {
    ran = true;
    go();
  };
  if (scheduler) {
    const subscription = scheduler.schedule(run);
    return ran ? undefined : subscription;
  }
  const id = setImmediate(run);
  return { unsubscribe: () => clearImmediate(id) };
}
