/**
 * One run of the opportunistic evaluator: the owner of everything a subscription starts.
 *
 * Evaluation never blocks. Compiled code returns a value at once when it can (the fast path) or a
 * `Cell` standing for the part still pending; whatever waits on a Cell registers a callback.
 * The cells, streams and the queue that delivers their callbacks are the run's network
 * (network.ts); any work deferred to keep the JS stack shallow goes through the same queue.
 * Host calls are dispatched as soon as their function and arguments are deeply resolved: the
 * run's host-call side is run-calls.ts, which this class extends.
 *
 * The run ends when it is quiet — nothing queued, no host call in flight, no input pending —
 * and then emits the deeply resolved result. This waits for calls whose values nobody uses (a
 * sequential run makes them too). The first failure fails the run: every call still in flight is
 * aborted and the error is reported (so with several failing calls, the one that fails first in
 * time is reported, which need not be the one a sequential run would meet first).
 * `dispose()` (unsubscribing) aborts every call in flight and drops all pending work.
 *
 * The sequential strategy is this same evaluator with `serial` set: a host call whose arguments
 * are ready waits in a FIFO queue while another call is in flight, so calls run one at a time,
 * in the order they became ready (serial-gate.ts).
 */
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import { EpicInternalError, EpicRuntimeError } from '../errors.js';
import type { Loc } from '../locations.js';
import { addWaiter, Cell, peek } from './cell.js';
import { Closure, newFrame, TAIL, type Frame } from './closure.js';
import type { RunEvent } from './events.js';
import type { AroundHost } from './host-calls.js';
import { Pauses } from './pauses.js';
import { isStackOverflow, tooDeep } from './stack.js';
import { readInput } from './run-inputs.js';
import type { StreamSource } from './stream-source.js';
import { RunCalls } from './run-calls.js';
import { arityError, notCallable } from './values.js';
import { Then } from './waits.js';

/** Program calls nested deeper than this are continued from the queue instead of the stack. */
export const MAX_DEPTH = 200;
/** Reduction steps between two looks at the clock. */
const CHECK_EVERY = 4096;
/** Host calls in flight from which a long map or fold lets answered ones settle first (`crowded`). */
const CROWDED = 4096;

/** How a run reports. */
export interface RunOptions {
  /** The clock for events (ms). */
  readonly now: () => number;
  readonly onEvent?: ((event: RunEvent) => void) | undefined;
  /** Hears the result value as soon as it is computed, with its pending parts (for snapshots). */
  readonly onValue?: ((value: unknown, run: Run) => void) | undefined;
  readonly onResult: (value: unknown) => void;
  readonly onError: (error: unknown) => void;
  /**
   * Where reduction yields between time slices (default: Node's `setImmediate`, so timers, I/O
   * and unsubscription get in); a `TestScheduler` keeps it in virtual time.
   */
  readonly scheduler?: SchedulerLike | undefined;
  /** Fail the run once it has taken this many reduction steps (function entries). */
  readonly maxSteps?: number | undefined;
  /** One host call at a time, in the order they became ready (the sequential strategy). */
  readonly serial?: boolean | undefined;
  /** Runs each host call (host-calls.ts `AroundHost`); tracing sets it. */
  readonly aroundHost?: AroundHost | undefined;
}

/** See the module comment. */
export class Run extends RunCalls {
  /** Registers of a pending tail call (see closure.ts `TAIL`). */
  tailFn!: Closure;
  tailFrame: Frame = [];
  /** Nesting of program calls on the JS stack right now. */
  depth = 0;

  private draining = false;
  private finished = false;
  private pendingInputs = 0;
  private readonly inputs: Subscription[] = [];
  private hasResult = false;
  private result: unknown = undefined;
  /**
   * Reduction steps taken, and when to look at the clock next (see `enter`). Generated code
   * (compile/jit.ts) counts a self tail call here itself while no check is due.
   */
  steps = 0;
  nextCheck = CHECK_EVERY;
  /** When the drain stops and how it resumes (pauses.ts). */
  private readonly pauses: Pauses;
  /** Tasks waiting for the answered calls to settle (`afterSettling`). */
  private readonly settling: Array<() => void> = [];
  /** Torn down before completing; and who wants to hear of it (see `watchEnd`). */
  private disposed = false;
  private enders: Set<() => void> | undefined;

  constructor(options: RunOptions) {
    super(options);
    this.pauses = new Pauses(options.scheduler);
  }

  /** Evaluates `entry` in this run; the run reports its deeply resolved value when quiet. */
  start(entry: () => unknown): void {
    this.enqueue(() => {
      const v = entry();
      this.options.onValue?.(v, this);
      this.whenDeep(v, (value) => {
        this.result = value;
        this.hasResult = true;
      });
    }, undefined);
    this.drain();
  }

  /**
   * Calls `ended` if the run is torn down before it completes (for Observables of its parts,
   * observe.ts). Answers false, calling it at once, if the run has already been torn down.
   */
  watchEnd(ended: () => void): boolean {
    if (this.disposed) {
      ended();
      return false;
    }
    (this.enders ??= new Set()).add(ended);
    return true;
  }

  /** Stops watching (see `watchEnd`). */
  unwatchEnd(ended: () => void): void {
    this.enders?.delete(ended);
  }

  /** Tears the run down: aborts every call in flight and drops all pending work. */
  dispose(): void {
    if (this.finished) return;
    this.finished = true;
    this.disposed = true;
    this.pauses.cancel();
    const enders = this.enders;
    this.enders = undefined;
    if (enders) for (const ended of enders) ended();
    this.calls.abortAll(new Error('run unsubscribed'));
    for (const s of this.inputs) s.unsubscribe();
    this.settling.length = 0;
    this.emptyQueue(true);
  }

  /** Fails the run with `error` (once), aborting everything else. */
  fail(error: unknown): void {
    if (this.finished) return;
    this.dispose();
    this.options.onError(error);
  }

  // ---- cells (see network.ts for the rest) -------------------------------------------------

  /**
   * A Cell for `f(value of cell)`; `f` may return a Cell or `TAIL`. `cell` must be a pending
   * root (what `peek` returns when the value is not known yet).
   */
  whenResolved(cell: Cell, f: (value: unknown) => unknown): Cell {
    const out = new Cell();
    addWaiter(cell, new Then(this, out, f));
    return out;
  }

  /** Runs `thunk` later from the queue (with a shallow stack); its result resolves the Cell. */
  defer(thunk: () => unknown): Cell {
    const out = new Cell();
    this.enqueue(() => this.resolve(out, this.settle(thunk())), undefined);
    return out;
  }

  /** Finishes a pending tail call (see closure.ts `TAIL`). */
  settle(r: unknown): unknown {
    return r === TAIL ? this.enter(this.tailFn, this.tailFrame) : r;
  }

  /** A Cell for a program input given as an Observable or a stream (run-inputs.ts). */
  input(source: Observable<unknown> | StreamSource, index: number | string = 0): Cell {
    this.pendingInputs++;
    const { value, subscription } = readInput(this, source, index);
    this.inputs.push(subscription);
    return value;
  }

  /** An input completed or failed (run-inputs.ts). */
  inputSettled(error: unknown): void {
    this.pendingInputs--;
    if (error !== undefined) this.fail(error);
    else this.drain();
  }

  // ---- application -------------------------------------------------------------------------

  /**
   * Applies `fn` to `args` (values or Cells). A closure runs at once, non-strictly: its
   * parameters are bound to the argument computations as they are. A host function is called
   * when everything is resolved.
   */
  apply(fn: unknown, args: unknown[], site: Loc | undefined): unknown {
    const now = peek(fn);
    if (now instanceof Closure) {
      const code = now.code;
      if (args.length !== code.arity) throw arityError(code.name, code.arity, args.length, site);
      const frame = newFrame(now);
      for (let i = 0; i < args.length; i++) frame[i + 1] = args[i];
      return this.enter(now, frame);
    }
    if (now instanceof Cell) return this.whenResolved(now, (f) => this.apply(f, args, site));
    if (typeof now === 'function') return this.callHost(now, args, site, now.name || 'anonymous');
    throw notCallable(now, site);
  }

  /**
   * Runs `fn`'s body in `frame` (made for it, arguments in place). Tail calls loop here instead
   * of growing the stack; calls nested deeper than MAX_DEPTH continue from the queue.
   */
  enter(fn: Closure, frame: Frame): unknown {
    for (;;) {
      if (this.depth >= MAX_DEPTH || (++this.steps >= this.nextCheck && this.sliceOver(fn))) {
        const f = fn;
        const fr = frame;
        return this.defer(() => this.enter(f, fr));
      }
      this.depth++;
      const r = fn.code.body(frame, this);
      this.depth--;
      if (r !== TAIL) return r;
      fn = this.tailFn;
      frame = this.tailFrame;
    }
  }

  /**
   * Called every CHECK_EVERY steps: fails the run past `maxSteps`; when the time slice is over,
   * asks the drain to yield (the caller defers its work to the queue).
   */
  private sliceOver(fn: Closure): boolean {
    this.nextCheck = this.steps + CHECK_EVERY;
    const max = this.options.maxSteps;
    if (max !== undefined && this.steps > max) {
      throw new EpicRuntimeError(
        `The run took more than maxSteps (${max}) reduction steps, in function ${fn.code.name}`,
        { loc: fn.code.loc },
      );
    }
    return this.pauses.sliceOver();
  }

  /**
   * Whether so many host calls are in flight that a long map or fold should let the answered
   * ones settle before it makes more (`afterSettling`). With hosts that answer at once, this keeps
   * the calls alive at one time, and so the garbage collector's work per call, bounded: 100,000
   * calls made in one go would all be alive together. Never under a scheduler (virtual time),
   * where the run does not yield to microtasks.
   */
  crowded(): boolean {
    return this.calls.inFlight >= CROWDED && this.options.scheduler === undefined;
  }

  /**
   * Runs `task` once the answered calls have settled: the drain stops and resumes from a
   * microtask, after the reactions of host Promises already answered, and `task` waits until
   * the queue is empty — so what those answers set off (a chain of sums `s = s + h(x)` resolving
   * link by link, each link a pass through the queue) is done before `task` makes more calls.
   * Queued at the back instead, a fold's next chunk went before all but the first link of that
   * chain: 70,000 of 100,000 calls and their sums were alive at once. When a time slice ends
   * first, `task` joins the queue's back then (`promoteSettling`), so a long computation elsewhere
   * delays it by one slice at most.
   */
  afterSettling(task: () => void): void {
    this.settling.push(task);
    this.pauses.settleFirst();
  }

  /** Moves the tasks waiting for the answered calls to settle to the back of the queue. */
  private promoteSettling(): void {
    for (const task of this.settling) this.enqueue(task, undefined);
    this.settling.length = 0;
  }

  // ---- the queue ---------------------------------------------------------------------------

  /** Runs queued work until none is left, then reports the result if the run is quiet. */
  drain(): void {
    if (this.draining || this.finished || this.pauses.waiting) return;
    this.draining = true;
    this.pauses.startDrain(); // no clock read per drain, i.e. per host result
    try {
      for (;;) {
        if (this.pauses.due) break;
        if (this.head === this.tail) {
          if (this.settling.length === 0) break;
          this.promoteSettling();
        }
        const fn = this.queueFns[this.head]!;
        const arg = this.queueArgs[this.head];
        this.queueFns[this.head] = undefined;
        this.queueArgs[this.head] = undefined;
        this.head++;
        this.depth = 0;
        if (typeof fn === 'function') fn(arg);
        else fn.wake(arg);
        if (this.finished) return;
        this.compactQueue();
      }
      if (this.pauses.due) {
        if (!this.pauses.settling) this.promoteSettling();
        this.draining = false;
        this.pauses.resumeLater(() => this.drain());
        return;
      }
      this.emptyQueue(false);
    } catch (error) {
      this.fail(isStackOverflow(error) ? tooDeep(error, 'evaluate') : error);
      return;
    } finally {
      this.draining = false;
    }
    this.finishIfQuiet();
  }

  private finishIfQuiet(): void {
    if (this.finished || this.calls.inFlight > 0 || this.pendingInputs > 0) return;
    if (!this.hasResult) {
      this.fail(new EpicInternalError('the run stalled with nothing in flight and its result still pending'));
      return;
    }
    this.finished = true;
    this.options.onResult(this.result);
  }
}
