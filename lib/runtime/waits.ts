/**
 * The waits of a run (run.ts), as objects a Cell keeps among its waiters (cell.ts `Wakeable`):
 * one allocation per wait, where a closure takes two, and nothing kept once it has fired.
 */
import type { Loc } from '../locations.js';
import { addWaiter, Cell, PENDING, type Wakeable } from './cell.js';
import { HostCall, type CallOwner, type HostCalls } from './host-calls.js';

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

/** The host calls of a run whose evaluator the waits can use. */
type WaitCalls = HostCalls<CallOwner & WaitHost>;

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
 * have arrived, so one object serves the wait, the call and the Cell of its result). Its
 * subclasses keep the arguments: `HostWait` an array, `HostWait1` the one argument of a
 * one-argument call (no array and no count while it waits: that is what each link of a chain
 * of dependent calls keeps).
 */
abstract class Waiting extends HostCall implements Wakeable {
  declare readonly owner: WaitCalls;
  constructor(
    calls: WaitCalls,
    private readonly fn: Function,
    site: Loc | undefined,
    name: string,
  ) {
    super(name, site, calls);
  }

  /** The run (reached through the calls, so a waiting call keeps no field for it). */
  protected get run(): WaitHost {
    return this.owner.evaluator;
  }

  /** The argument it waits on itself arrived (Wakeable). */
  abstract wake(x: unknown): void;

  /**
   * Dispatches this call on `args`, all deeply resolved; its result is this Cell's, unless it
   * came at once (or the call waits for its turn in a serial run).
   */
  protected dispatchWith(args: unknown[]): void {
    const r = this.run.dispatch(this.fn, args, this.site, this.name, this);
    if (r !== this && this.state === PENDING) this.run.resolve(this, r);
  }
}

/**
 * A `Waiting` call with an arguments array: it waits on its first pending argument Cell itself
 * (usually the only one), on others through `ArgWait`s, and counts the waits not ended yet.
 */
export class HostWait extends Waiting {
  /** The index of the argument it waits on itself (-1 before there is one). */
  only = -1;
  /** Waits not ended yet, plus one for the guard the caller releases once every wait is made. */
  private waiting = 1;
  constructor(
    calls: WaitCalls,
    fn: Function,
    private args: unknown[],
    site: Loc | undefined,
    name: string,
  ) {
    super(calls, fn, site, name);
  }

  wake(x: unknown): void {
    this.arrive(this.only, x);
  }

  /** Counts a wait about to be made (it may end within the call that makes it). */
  expect(): void {
    this.waiting++;
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

  /** One wait (or the guard) is over: once none is left, dispatches this call. */
  release(): void {
    if (--this.waiting > 0) return;
    const { args } = this;
    this.args = NO_ARGS;
    this.dispatchWith(args);
  }
}

const NO_ARGS: unknown[] = [];

/**
 * A one-argument `Waiting` call whose argument is a pending Cell. It keeps nothing of the
 * argument (the Cell keeps it as a waiter) and makes the arguments array only to dispatch.
 */
export class HostWait1 extends Waiting {
  /** Its argument is `x`: dispatches once that is deeply resolved. */
  wake(x: unknown): void {
    if (this.run.isDeep(x)) this.dispatchWith([x]);
    else this.run.whenDeep(x, (y) => this.wake(y));
  }
}

/**
 * The call of `fn` on `args`, some not deeply resolved yet: a `HostWait` that dispatches once
 * they are. Waits are counted as they are made (the wait's guard): a deep wait may end at once
 * and settle a container another argument shares, so that argument may need no wait any more.
 */
export function waitForArguments(
  calls: WaitCalls,
  fn: Function,
  args: unknown[],
  site: Loc | undefined,
  name: string,
): HostWait {
  const run = calls.evaluator;
  const wait = new HostWait(calls, fn, args, site, name);
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

/** The call of one-argument `fn` on `arg`, a pending Cell: a `HostWait1` waiting on it. */
export function waitForArgument(
  calls: WaitCalls,
  fn: Function,
  arg: Cell,
  site: Loc | undefined,
  name: string,
): HostWait1 {
  const wait = new HostWait1(calls, fn, site, name);
  addWaiter(arg, wait);
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
