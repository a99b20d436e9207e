/**
 * A run's host calls (run.ts builds the run on this): when a call is made — at once, once its
 * arguments have arrived (waits.ts), or in a serial run (the sequential strategy) once no other
 * call is in flight (serial-gate.ts) — and what its result becomes when it settles, or when it
 * opens a stream. The call is the Cell of its own result (host-calls.ts `HostCall`).
 */
import type { EpicRuntimeError } from '../errors.js';
import type { Loc } from '../locations.js';
import { Cell, FORWARDED, PENDING, peek, root } from './cell.js';
import { hostOptions } from './external.js';
import { HostCall, HostCalls, type CallOwner } from './host-calls.js';
import { Network } from './network.js';
import { observeArg } from './observe.js';
import type { RunOptions } from './run.js';
import { SerialGate } from './serial-gate.js';
import type { StreamSink } from './stream-sink.js';
import type { StreamKind } from './stream-source.js';
import { StreamCell } from './streams.js';
import { waitForArgument, waitForArguments } from './waits.js';

/** The host-call side of a run (see the module comment); `Run` is the rest. */
export abstract class RunCalls extends Network implements CallOwner {
  readonly calls: HostCalls<RunCalls>;
  /** Serial runs (the sequential strategy): one host call at a time. */
  private readonly gate: SerialGate | undefined;
  /** The arguments array of `callHost1`. */
  private readonly oneArg: unknown[] = [undefined];
  /** The host call each pending call result stands for, kept when the result is watched (`onValue`). */
  private readonly callCells: WeakMap<Cell, number> | undefined;

  constructor(protected readonly options: RunOptions) {
    super();
    this.calls = new HostCalls<RunCalls>(options.now, options.onEvent, this, options.aroundHost);
    if (options.serial)
      this.gate = new SerialGate(
        () => this.calls.inFlight,
        (task) => this.enqueue(task, undefined),
      );
    if (options.onValue) this.callCells = new WeakMap();
  }

  /** Fails the run with `error` (once), aborting everything else. */
  abstract fail(error: unknown): void;
  /** Finishes a pending tail call (closure.ts `TAIL`). */
  abstract settle(r: unknown): unknown;
  /** See run.ts `watchEnd` (for the Observables handed to hosts that take streams). */
  abstract watchEnd(ended: () => void): boolean;
  /** See run.ts `unwatchEnd`. */
  abstract unwatchEnd(ended: () => void): void;

  /** The id of the host call whose pending result `cell` is, if the run keeps track (see `onValue`). */
  callOf(cell: Cell): number | undefined {
    return this.callCells?.get(cell);
  }

  /**
   * Calls host function `fn` as soon as all `args` are deeply resolved. Arguments the host takes
   * as streams (`streamArgs`) are handed over as Observables at once — in a serial run only once
   * whole, as a sequential run has them (a call holding the one slot while it waits for a stream
   * from a call behind it would wait forever).
   */
  callHost(fn: Function, args: unknown[], site: Loc | undefined, name: string): unknown {
    const streamArgs = hostOptions(fn)?.streamArgs;
    if (streamArgs && !this.options.serial) this.observeArgs(args, streamArgs);
    let waiting = 0;
    for (let i = 0; i < args.length; i++) {
      const a = peek(args[i]);
      args[i] = a;
      if (!this.isDeep(a)) waiting++;
    }
    if (waiting === 0) return this.dispatch(fn, args, site, name);
    return waitForArguments(this.calls, fn, args, site, name);
  }

  /**
   * `callHost` with one argument, without an arguments array when the call can be made at once
   * (generated code calls this): the argument goes in the run's one-slot array, which the host
   * call has copied by the time `dispatch` returns. Anything else takes `callHost`.
   */
  callHost1(fn: Function, a: unknown, site: Loc | undefined, name: string): unknown {
    const x = a instanceof Cell ? peek(a) : a;
    if (hostOptions(fn)?.streamArgs) return this.callHost(fn, [x], site, name);
    if (x instanceof Cell) return waitForArgument(this.calls, fn, x, site, name);
    if (this.gate || !this.isDeep(x)) return this.callHost(fn, [x], site, name);
    const args = this.oneArg;
    args[0] = x;
    try {
      return this.dispatchNow(fn, args, site, name);
    } finally {
      args[0] = undefined;
    }
  }

  /** Hands the arguments at `positions` over as Observables (`streamArgs`). */
  private observeArgs(args: unknown[], positions: readonly number[]): void {
    for (const i of positions) if (i < args.length) args[i] = observeArg(this, args[i]);
  }

  /**
   * Dispatches a host call whose arguments are all deeply resolved — in a serial run only when no
   * other call is in flight or waiting, else it waits its turn (its result is then a Cell).
   */
  dispatch(fn: Function, args: unknown[], site: Loc | undefined, name: string, call?: HostCall): unknown {
    if (!this.gate) return this.dispatchNow(fn, args, site, name, call);
    const streamArgs = hostOptions(fn)?.streamArgs;
    if (streamArgs) this.observeArgs(args, streamArgs); // whole by now
    if (this.gate.open) return this.dispatchNow(fn, args, site, name, call);
    const out = call ?? new Cell();
    this.gate.wait(() => {
      const r = this.dispatchNow(fn, args, site, name, call);
      if (r !== out && out.state === PENDING) this.resolve(out, r);
    });
    return out;
  }

  private dispatchNow(fn: Function, args: unknown[], site: Loc | undefined, name: string, call?: HostCall): unknown {
    const r = this.calls.dispatch(fn, args, site, name, call);
    if (!(r instanceof HostCall)) return r;
    // The call is the Cell of its result: resolved if it settled during dispatch, forwarded to a
    // stream if one opened, else pending.
    const now = peek(r);
    return now instanceof Cell ? this.watched(now, r.callId) : now;
  }

  /** `cell`, noted as call `id`'s result when the result is watched. */
  private watched(cell: Cell, id: number): Cell {
    this.callCells?.set(cell, id);
    return cell;
  }

  /**
   * A host call settled (CallOwner): the call, as the Cell of its result, resolves; or, if it
   * was forwarded to the stream of its result, the stream ends.
   */
  settled(call: HostCall, error: EpicRuntimeError | undefined, value: unknown): void {
    if (error) {
      this.fail(error);
      return;
    }
    const stream = call.state === FORWARDED ? root(call) : undefined;
    if (stream instanceof StreamCell) this.end(stream);
    else this.resolve(call, value);
    this.gate?.next();
    this.drain();
  }

  /** A host call's result is a stream (CallOwner): the call forwards to a StreamCell that takes its items. */
  open(call: HostCall, kind: StreamKind): StreamSink {
    const stream = new StreamCell(kind);
    this.resolve(call, stream);
    return this.sink(stream);
  }
}
