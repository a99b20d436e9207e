/**
 * The waits of a run (run.ts), as objects a Cell keeps among its waiters (cell.ts `Wakeable`):
 * one allocation per wait, where a closure takes two, and nothing kept once it has fired.
 */
import type { Loc } from '../locations.js';
import { addWaiter, Cell, PENDING, type Wakeable } from './cell.js';
import { HostCall, type HostCalls } from './host-calls.js';

/** What the waits need of their run. */
export interface WaitHost {
  resolve(cell: Cell, value: unknown): void;
  /** Finishes a pending tail call (`TAIL`). */
  settle(r: unknown): unknown;
  isDeep(v: unknown): boolean;
  whenDeep(v: unknown, done: (value: unknown) => void): void;
  /** Dispatches a host call whose arguments are all deeply resolved (as `call`, if given). */
  dispatch(fn: Function, args: unknown[], site: Loc | undefined, name: string, call?: HostCall): unknown;
}

/** A Cell's waiter for `Run.whenResolved`: resolves `out` with `f(value)`. */
export class Then implements Wakeable {
  constructor(
    private readonly run: WaitHost,
    private readonly out: Cell,
    private readonly f: (value: unknown) => unknown,
  ) {}
  wake(x: unknown): void {
    this.run.resolve(this.out, this.run.settle(this.f(x)));
  }
}

/**
 * A host call waiting for its arguments: the call itself (dispatched as this object once they
 * have arrived, so one object serves the wait, the call and the Cell of its result). It waits
 * on the first pending argument Cell itself (usually the only one), on others through `ArgWait`s.
 */
export class HostWait extends HostCall implements Wakeable {
  /** The index of the argument it waits on itself (-1 before there is one). */
  only = -1;
  /** Waits not ended yet, plus one for the guard the caller releases once every wait is made. */
  private waiting = 1;
  constructor(
    private readonly run: WaitHost,
    private readonly fn: Function,
    private args: unknown[],
    site: Loc | undefined,
    name: string,
    calls: HostCalls,
  ) {
    super(name, site, calls);
  }

  /** Counts a wait about to be made (it may end within the call that makes it). */
  expect(): void {
    this.waiting++;
  }

  /** The argument it waits on itself arrived (Wakeable). */
  wake(x: unknown): void {
    this.arrive(this.only, x);
  }

  /** Argument `i` is `x`: dispatches once every argument is deeply resolved. */
  arrive(i: number, x: unknown): void {
    this.args[i] = x;
    if (!this.run.isDeep(x)) {
      this.run.whenDeep(x, (y) => this.arrive(i, y));
      return;
    }
    this.release();
  }

  /**
   * One wait (or the guard) is over: once none is left, dispatches this call; its result is
   * this Cell's, unless it came at once (or the call waits for its turn in a serial run).
   */
  release(): void {
    if (--this.waiting > 0) return;
    const { args } = this;
    this.args = NO_ARGS;
    const r = this.run.dispatch(this.fn, args, this.site, this.name, this);
    if (r !== this && this.state === PENDING) this.run.resolve(this, r);
  }
}

const NO_ARGS: unknown[] = [];

/**
 * The call of `fn` on `args`, some not deeply resolved yet: a `HostWait` that dispatches once
 * they are. Waits are counted as they are made (the wait's guard): a deep wait may end at once
 * and settle a container another argument shares, so that argument may need no wait any more.
 */
export function waitForArguments(
  run: WaitHost,
  fn: Function,
  args: unknown[],
  site: Loc | undefined,
  name: string,
  calls: HostCalls,
): HostWait {
  const wait = new HostWait(run, fn, args, site, name, calls);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (run.isDeep(a)) continue;
    wait.expect();
    if (!(a instanceof Cell)) run.whenDeep(a, (x) => wait.arrive(i, x));
    else if (wait.only < 0) {
      wait.only = i;
      addWaiter(a, wait);
    } else addWaiter(a, new ArgWait(wait, i));
  }
  wait.release();
  return wait;
}

/** The wait for one pending argument of a `HostWait`. */
class ArgWait implements Wakeable {
  constructor(
    private readonly wait: HostWait,
    private readonly i: number,
  ) {}
  wake(x: unknown): void {
    this.wait.arrive(this.i, x);
  }
}
