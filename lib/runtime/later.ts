/**
 * Yielding to the event loop between time slices of reduction: the rest of the
 * work runs later, so timers, I/O and unsubscription get in meanwhile.
 */
import type { SchedulerLike } from 'rxjs';

/**
 * Runs `go` later: from `scheduler`, or from Node's `setImmediate` (after pending I/O and timers).
 * Returns the handle to cancel it, or undefined if the scheduler already ran it synchronously
 * (RxJS `queueScheduler` outside an action does).
 */
export function later(scheduler: SchedulerLike | undefined, go: () => void): { unsubscribe(): void } | undefined {
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
