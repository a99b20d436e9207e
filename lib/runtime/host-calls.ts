/**
 * Dispatching host (external) calls for a run.
 *
 * A host function is called with exactly the program's arguments, and with `this` bound to a
 * `HostContext` whose `signal` (an AbortSignal) aborts when the run no longer needs the call
 * (unsubscribed, or failed by another call). Declare it as
 * `function (this: HostContext, prompt: string) { … fetch(url, { signal: this.signal }) … }`;
 * an arrow function cannot see it, but one that returns an Observable is unsubscribed instead.
 * Reading `signal` creates it, so calls that never look at it cost no AbortController.
 * (Why not an extra last argument: it would collide with optional, default and rest parameters,
 * and with library functions passed directly as hosts, e.g. `Math.max`.)
 *
 * Its result may be a plain value (used at once), a Promise (its value), an Observable (the last
 * value it emits before completing; completing empty is an error), or a stream: an AsyncIterable
 * (an item stream), or a source marked with `asStream` (stream-source.ts), also inside a Promise.
 * A stream's items (or text chunks) go to the sink the evaluator opens for it (`CallOwner.open`): the
 * opportunistic run lets the program consume them as they arrive; without a sink they are
 * collected and the call settles with the whole value. Gotcha: a plain array is a value, not a
 * stream.
 */
import { isObservable, type Observable, type Subscription } from 'rxjs';
import { EpicRuntimeError } from '../errors.js';
import type { Loc } from '../locations.js';
import { batchedEvent, type JoinedRequest } from './batched.js';
import { Cell } from './cell.js';
import { callSite, summarize, type RunEvent } from './events.js';
import type { StreamSink } from './stream-sink.js';
import { isStreamSource, streamOf, type StreamKind, type StreamSource } from './stream-source.js';
import { assertData } from './values.js';

/** What `this` is inside a host function call. */
export interface HostContext {
  /** Aborts when the run no longer needs this call. */
  readonly signal: AbortSignal;
  /** The call's id in the run's events. */
  readonly callId: number;
  /** Reports that the call joined an external request: the run emits a `batched` event (batched.ts). */
  readonly joined?: (request: JoinedRequest) => void;
}

/**
 * Runs a host call: `invoke` calls the host and returns its result, which `aroundHost` returns
 * (or a result standing for it, e.g. an Observable subscribed in some context). It must call
 * `invoke` once, before it returns. For tracing (lib/tracing): the host runs inside its call's span.
 */
export type AroundHost = (call: HostContext, invoke: () => unknown) => unknown;

/** How an Observable argument (of a host taking streams) shows in events. */
const STREAM_ARG = '<stream>';

/**
 * The evaluator that dispatches calls: hears how each asynchronous call ends, and opens the sink
 * of a call whose result turns out to stream. One object serves every call (no per-call
 * callbacks); the opportunistic run keeps its per-call state in the `HostCall` as a `Cell`.
 */
export interface CallOwner {
  /** An asynchronous call settled (error first; never both). */
  settled(call: HostCall, error: EpicRuntimeError | undefined, value: unknown): void;
  /** The call's result is a stream of this kind: where its items go. */
  open(call: HostCall, kind: StreamKind): StreamSink;
  /**
   * The containers this evaluator built, if it keeps them (network.ts): then only those are
   * checked for program functions in a call's arguments (see `assertData`).
   */
  readonly built?: WeakSet<object> | undefined;
}

/**
 * One host call: its context (`this` of the host) and, while it is in flight, its state.
 * `dispatch` returns it when the result will come later (a host cannot return one: the class is
 * not exported from the package). It is also a `Cell`, so the opportunistic run uses the call
 * itself as the Cell of its pending result (one object per call, not two).
 *
 * Cost: it is what a pending call keeps, so it has as few fields as it can. What only some calls
 * need (an AbortController once the host reads `signal`, the follower of an Observable it
 * returned) sits in one `extra` object, made on demand; `extra` is `DONE` once the call settled.
 */
export class HostCall extends Cell implements HostContext {
  /** Undefined, the call's `CallExtra`, or `DONE` once it settled (see the class comment). */
  extra: CallExtra | typeof DONE | undefined = undefined;
  /** The call's id in the run's events, given when it is dispatched (0 before). */
  callId = 0;

  constructor(
    readonly name: string,
    readonly site: Loc | undefined,
    readonly owner: HostCalls,
  ) {
    super();
  }

  get signal(): AbortSignal {
    const extra = this.owner.extraOf(this);
    extra.controller ??= new AbortController();
    return extra.controller.signal;
  }

  /** See `HostContext.joined`. */
  joined(request: JoinedRequest): void {
    this.owner.joined(this, request);
  }

  /**
   * Watches the Promise the host returned. Its handlers are methods bound to the call: a bound
   * method is smaller than a closure and its scope, and, unlike a module-level function, a
   * method keeps V8's fast `bind` under tsx (whose `keepNames` redefines a function's `name`,
   * which sends `bind` down a path that costs about 250 bytes per bound function).
   */
  watch(result: PromiseLike<unknown>): void {
    result.then(this.fulfilled.bind(this), this.rejected.bind(this));
  }

  private fulfilled(value: unknown): void {
    this.owner.fulfilled(this, value);
  }

  private rejected(error: unknown): void {
    this.owner.finish(this, error, undefined, true);
  }
}

/** Settled: the value of `HostCall.extra` once the call has settled. */
const DONE = 0;

/** What only some calls need (see `HostCall`). */
class CallExtra {
  controller: AbortController | undefined = undefined;
  /** Set while the call follows an Observable or a stream its host returned. */
  follower: Follower | undefined = undefined;

  /** Aborts the call: unsubscribes what it follows, and aborts its signal. */
  abort(reason: unknown): void {
    this.follower?.subscription?.unsubscribe();
    this.controller ??= new AbortController();
    this.controller.abort(reason);
  }
}

/** Observer of the Observable (or stream) a host returned: its last value, or its items to a sink. */
class Follower {
  subscription: Subscription | undefined = undefined;
  private last: unknown = undefined;
  private has = false;

  /** With a sink (and its kind) when the result streams. */
  constructor(
    private readonly call: HostCall,
    private readonly sink: StreamSink | undefined,
    private readonly kind: StreamKind | undefined,
  ) {}

  next(value: unknown): void {
    if (this.sink) {
      if (this.kind === 'text' && typeof value !== 'string') {
        this.subscription?.unsubscribe();
        const error = new Error(`its text stream emitted ${typeof value}, not a string`);
        this.call.owner.finish(this.call, error, undefined, true);
      } else if (value !== '') this.sink.part(value);
      return;
    }
    this.last = value;
    this.has = true;
  }
  error(error: unknown): void {
    this.call.owner.finish(this.call, error, undefined, true);
  }
  complete(): void {
    const { call } = this;
    if (this.sink) call.owner.finish(call, undefined, this.sink.value(), false);
    else if (this.has) call.owner.finish(call, undefined, this.last, false);
    else call.owner.finish(call, new Error('its Observable completed without a value'), undefined, true);
  }
}

/**
 * The host calls of one run: ids, in-flight bookkeeping, events and teardown. `O` is what the
 * evaluator is, for calls that need more of it than `CallOwner` (waits.ts reaches its run here).
 */
export class HostCalls<O extends CallOwner = CallOwner> {
  private nextId = 1;
  /** How many calls are in flight. */
  private liveCount = 0;
  /** The `CallExtra`s of calls in flight (what `abortAll` must abort), oldest first. */
  private readonly extras = new Set<CallExtra>();
  /** Set by `abortAll`: every call not settled by then is aborted, and later results are ignored. */
  private aborted: { readonly reason: unknown } | undefined = undefined;
  /** Argument containers already known to be data (see `assertData`). */
  private readonly checked = new WeakSet<object>();
  private readonly start: number;

  constructor(
    private readonly now: () => number,
    private readonly emit: ((event: RunEvent) => void) | undefined,
    readonly evaluator: O,
    private readonly around?: AroundHost,
  ) {
    this.start = now();
  }

  /** Reports an event that is not about a host call (e.g. an input's progress), timed now. */
  note(event: {
    readonly type: 'input';
    readonly index: number | string;
    readonly state: 'emitted' | 'completed';
  }): void {
    this.emit?.({ ...event, time: this.elapsed() });
  }

  /** Reports that `call` joined an external request (a `batched` event). */
  joined(call: HostCall, request: JoinedRequest): void {
    const event = batchedEvent(call.callId, call.name, request, this.elapsed());
    this.emit?.(event);
  }

  /** Milliseconds since the run started. */
  elapsed(): number {
    return this.now() - this.start;
  }

  /** The id of the call dispatched last (0 before any). */
  get lastId(): number {
    return this.nextId - 1;
  }

  /** How many asynchronous host calls have not settled yet. */
  get inFlight(): number {
    return this.liveCount;
  }

  /**
   * Calls `fn(...args)` with `this` a `HostContext`. Returns the value when the host answered
   * synchronously, or the `HostCall` when `evaluator.settled` will be called later (from inside
   * `dispatch` only if the host's Observable completes synchronously). A streaming result calls
   * `evaluator.open` (at once, or when a Promise resolves to a stream) and settles with the whole
   * value when it completes. Throws `EpicRuntimeError` if an argument holds a program function,
   * or if the host throws synchronously. `made` is the call's object when the evaluator made it
   * beforehand (a call that waited for its arguments, waits.ts `HostWait`).
   */
  dispatch(fn: Function, args: readonly unknown[], site: Loc | undefined, name: string, made?: HostCall): unknown {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (typeof a !== 'object' || a === null || isObservable(a)) continue;
      assertData(a, `host function "${name}"`, 'host functions', site, false, this.checked, this.evaluator.built);
    }
    const call = made ?? new HostCall(name, site, this);
    call.callId = this.nextId++;
    this.emit?.({
      type: 'dispatched',
      id: call.callId,
      host: name,
      site: callSite(site),
      args: summarize(args.map((a) => (isObservable(a) ? STREAM_ARG : a))),
      time: this.elapsed(),
    });
    let result: unknown;
    try {
      result = this.around ? this.around(call, () => fn.apply(call, args)) : fn.apply(call, args);
    } catch (error) {
      this.settle(call);
      throw this.failed(call, error);
    }
    if (result === null || (typeof result !== 'object' && typeof result !== 'function'))
      return this.resolved(call, result);
    if (isPromiseLike(result)) {
      this.launched();
      call.watch(result);
      return call;
    }
    const stream = streamOf(result);
    if (!stream) return this.resolved(call, result);
    this.launched();
    this.follow(call, stream);
    return call;
  }

  /**
   * The `CallExtra` of `call`, made now if it has none. A call that has settled gets a detached
   * one whose signal never aborts; one in flight when the run aborted, one already aborted.
   */
  extraOf(call: HostCall): CallExtra {
    const { extra } = call;
    if (extra instanceof CallExtra) return extra;
    const made = new CallExtra();
    if (extra === DONE) return made;
    if (this.aborted) made.abort(this.aborted.reason);
    else this.extras.add(made);
    call.extra = made;
    return made;
  }

  /** Subscribes to the Observable or stream a call returned. */
  private follow(call: HostCall, stream: StreamSource | Observable<unknown>): void {
    const streams = isStreamSource(stream);
    const follower = streams
      ? new Follower(call, this.evaluator.open(call, stream.kind), stream.kind)
      : new Follower(call, undefined, undefined);
    const extra = this.extraOf(call);
    extra.follower = follower;
    const subscription = (streams ? stream.source : stream).subscribe(follower);
    if (this.isLive(call)) follower.subscription = subscription;
  }

  /** A call's Promise fulfilled: with a stream to follow, or with its value. */
  fulfilled(call: HostCall, value: unknown): void {
    if (isStreamSource(value) && this.isLive(call)) this.follow(call, value);
    else this.finish(call, undefined, value, false);
  }

  /** Counts a call whose result comes later as in flight (unless the run has aborted: it never settles then). */
  private launched(): void {
    if (this.aborted === undefined) this.liveCount++;
  }

  /** Whether `call` is in flight: dispatched asynchronously, not settled, and the run not aborted. */
  private isLive(call: HostCall): boolean {
    return call.extra !== DONE && this.aborted === undefined;
  }

  /** Marks `call` settled: it no longer needs aborting. */
  private settle(call: HostCall): void {
    const { extra } = call;
    if (extra instanceof CallExtra) this.extras.delete(extra);
    call.extra = DONE;
  }

  /** Settles an asynchronous call (ignored once the call was aborted or settled). */
  finish(call: HostCall, error: unknown, value: unknown, failed: boolean): void {
    if (!this.isLive(call)) return;
    this.settle(call);
    this.liveCount--;
    if (failed) this.evaluator.settled(call, this.failed(call, error), undefined);
    else {
      this.reportResolved(call, value);
      this.evaluator.settled(call, undefined, value);
    }
  }

  /** A call answered synchronously: settled, reported, and its value returned. */
  private resolved(call: HostCall, value: unknown): unknown {
    this.settle(call);
    this.reportResolved(call, value);
    return value;
  }

  /** The `resolved` event of `call`. */
  private reportResolved(call: HostCall, value: unknown): void {
    this.emit?.({
      type: 'resolved',
      id: call.callId,
      host: call.name,
      value,
      summary: summarize(value),
      time: this.elapsed(),
    });
  }

  /** Aborts every call still in flight, oldest first (their results are ignored from now on). */
  abortAll(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = { reason };
    this.liveCount = 0;
    const extras = [...this.extras];
    this.extras.clear();
    for (const extra of extras) extra.abort(reason);
  }

  private failed(call: HostCall, error: unknown): EpicRuntimeError {
    const message = error instanceof Error ? error.message : String(error);
    this.emit?.({ type: 'failed', id: call.callId, host: call.name, error: message, time: this.elapsed() });
    return new EpicRuntimeError(`Host function "${call.name}" failed: ${message}`, {
      loc: call.site,
      cause: error,
      host: call.name,
    });
  }
}

function isPromiseLike(x: object): x is PromiseLike<unknown> {
  return typeof (x as PromiseLike<unknown>).then === 'function';
}
