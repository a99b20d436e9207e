/**
 * The admission of a serial run (run.ts `serial`, the sequential strategy): host calls whose
 * arguments are ready are dispatched one at a time, in the order they became ready. A call that
 * finds another in flight (or waiting) waits its turn; when the call in flight settles, the next
 * waiting dispatch runs from the run's queue.
 */
export class SerialGate {
  private readonly waiting: Array<() => void> = [];
  private queued = false;

  /** `inFlight`: the run's asynchronous calls not settled yet; `later`: runs a task from the run's queue. */
  constructor(
    private readonly inFlight: () => number,
    private readonly later: (task: () => void) => void,
  ) {}

  /** Whether a call may be dispatched now: none in flight, none waiting. */
  get open(): boolean {
    return this.inFlight() === 0 && this.waiting.length === 0;
  }

  /** Queues `dispatch` for its turn. */
  wait(dispatch: () => void): void {
    this.waiting.push(dispatch);
  }

  /** A call settled: once none is in flight, the next waiting dispatch runs (and then the next, while none is in flight). */
  next(): void {
    if (this.queued || this.waiting.length === 0 || this.inFlight() > 0) return;
    this.queued = true;
    this.later(() => {
      this.queued = false;
      this.waiting.shift()!();
      this.next();
    });
  }
}
