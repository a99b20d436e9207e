/**
 * A fixed number of service slots with a FIFO queue of waiting requests.
 *
 * Gotcha: a waiter whose signal aborts leaves the queue at once (its promise rejects with the
 * signal's reason) and never takes a slot; a released slot goes straight to the oldest waiter, so
 * no request can overtake the queue between a release and the next acquire.
 */

/** Gives a slot back; calling it again does nothing. */
export type ReleaseSlot = () => void;

interface Waiter {
  readonly grant: () => void;
}

/**
 * A pool of `size` slots. `onChange(inService, queued)` is called after every change, so a
 * metrics recorder can track the highest values.
 *
 * @example
 * const pool = new SlotPool(2, () => {});
 * const release = await pool.acquire(signal); try { work() } finally { release(); }
 */
export class SlotPool {
  private inService = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly size: number,
    private readonly onChange: (inService: number, queued: number) => void,
  ) {}

  /** Resolves with a release function once a slot is free; rejects if `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<ReleaseSlot> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.inService < this.size) {
      this.inService++;
      this.changed();
      return Promise.resolve(this.releaser());
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const onAbort = (): void => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        this.changed();
        reject(signal.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.changed();
    });
  }

  /** Requests holding a slot now. */
  get busy(): number {
    return this.inService;
  }

  /** Requests waiting now. */
  get waiting(): number {
    return this.queue.length;
  }

  private releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next.grant();
      else this.inService--;
      this.changed();
    };
  }

  private changed(): void {
    this.onChange(this.inService, this.queue.length);
  }
}
