/**
 * Dispatching host (external) calls, shared by both evaluators.
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
import { from, isObservable, observable, type Observable, type Subscription } from 'rxjs';
import { EpicRuntimeError } from '../errors.js';
import type { Loc } from '../locations.js';
import { batchedEvent, type JoinedRequest } from './batched.js';
import { Cell } from './cell.js';
import { callSite, summarize, type RunEvent } from './events.js';
import { asStream, isStreamSource, type StreamKind, type StreamSource } from './stream-source.js';
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

/** Where the items (or text chunks) of a streaming host result go. */
export interface StreamSink {
  /** One item, or one chunk of text. */
  part(x: unknown): void;
  /** The whole value once the stream has completed. */
  value(): unknown;
}

/** Collects a stream whole: the sink used when the evaluator does not consume streams. */
export function collectStream(kind: StreamKind): StreamSink {
  const items: unknown[] = [];
  let text = '';
  return kind === 'text'
    ? {
        part: (x) => {
          text += x as string;
        },
        value: () => text,
      }
    : {
        part: (x) => {
          items.push(x);
        },
        value: () => items,
      };
}

/**
 * One host call: its context (`this` of the host) and, while it is in flight, its state.
 * `dispatch` returns it when the result will come later (a host cannot return one: the class is
 * not exported from the package). It is also a `Cell`, so the opportunistic run uses the call
 * itself as the Cell of its pending result (one object per call, not two); the sequential
 * machine ignores that part.
 */
export class HostCall extends Cell implements HostContext {
  /** Its neighbours in the list of calls in flight (`HostCalls`). */
  prevLive: HostCall | null = null;
  nextLive: HostCall | null = null;
  private controller: AbortController | undefined = undefined;
  /** Set while the call follows an Observable or a stream its host returned. */
  follower: Follower | undefined = undefined;

  constructor(
    readonly callId: number,
    readonly name: string,
    readonly site: Loc | undefined,
    readonly owner: HostCalls,
    readonly evaluator: CallOwner,
  ) {
    super();
  }

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  /** See `HostContext.joined`. */
  joined(request: JoinedRequest): void {
    this.owner.joined(this, request);
  }

  /** Aborts the call; a signal first read afterwards is already aborted. */
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

/** The host calls of one run: ids, in-flight bookkeeping, events and teardown. */
export class HostCalls {
  private nextId = 1;
  /** The calls in flight, as a list linked through the calls (no per-call allocation), and their number. */
  private live: HostCall | null = null;
  private liveCount = 0;
  /** Argument containers already known to be data (see `assertData`). */
  private readonly checked = new WeakSet<object>();
  private readonly start: number;

  constructor(
    private readonly now: () => number,
    private readonly emit: ((event: RunEvent) => void) | undefined,
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
   * synchronously, or the `HostCall` when `owner.settled` will be called later (from inside
   * `dispatch` only if the host's Observable completes synchronously). A streaming result calls
   * `owner.open` (at once, or when a Promise resolves to a stream) and settles with the whole
   * value when it completes. Throws `EpicRuntimeError` if an argument holds a program function,
   * or if the host throws synchronously.
   */
  dispatch(fn: Function, args: readonly unknown[], site: Loc | undefined, name: string, owner: CallOwner): unknown {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (typeof a !== 'object' || a === null || isObservable(a)) continue;
      assertData(a, `host function "${name}"`, 'host functions', site, false, this.checked, owner.built);
    }
    const call = new HostCall(this.nextId++, name, site, this, owner);
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
      result = fn.apply(call, args);
    } catch (error) {
      throw this.failed(call, error);
    }
    if (result === null || (typeof result !== 'object' && typeof result !== 'function'))
      return this.resolved(call, result);
    if (isPromiseLike(result)) {
      this.link(call);
      result.then(
        (value) => call.owner.fulfilled(call, value),
        (error: unknown) => call.owner.finish(call, error, undefined, true),
      );
      return call;
    }
    const stream = streamOf(result);
    if (!stream) return this.resolved(call, result);
    this.link(call);
    this.follow(call, stream);
    return call;
  }

  /** Subscribes to the Observable or stream a call returned. */
  private follow(call: HostCall, stream: StreamSource | Observable<unknown>): void {
    const streams = isStreamSource(stream);
    const follower = streams
      ? new Follower(call, call.evaluator.open(call, stream.kind), stream.kind)
      : new Follower(call, undefined, undefined);
    call.follower = follower;
    const subscription = (streams ? stream.source : stream).subscribe(follower);
    if (this.isLive(call)) follower.subscription = subscription;
  }

  /** A call's Promise fulfilled: with a stream to follow, or with its value. */
  fulfilled(call: HostCall, value: unknown): void {
    if (isStreamSource(value) && this.isLive(call)) this.follow(call, value);
    else this.finish(call, undefined, value, false);
  }

  /** Whether `call` is in flight. */
  private isLive(call: HostCall): boolean {
    return call.prevLive !== null || this.live === call;
  }

  private link(call: HostCall): void {
    call.nextLive = this.live;
    if (this.live) this.live.prevLive = call;
    this.live = call;
    this.liveCount++;
  }

  /** Takes the call off the list of calls in flight; whether it was there. */
  private unlink(call: HostCall): boolean {
    if (!this.isLive(call)) return false;
    const { prevLive, nextLive } = call;
    if (prevLive) prevLive.nextLive = nextLive;
    else this.live = nextLive;
    if (nextLive) nextLive.prevLive = prevLive;
    call.prevLive = call.nextLive = null;
    this.liveCount--;
    return true;
  }

  /** Settles an asynchronous call (ignored once the call was aborted or settled). */
  finish(call: HostCall, error: unknown, value: unknown, failed: boolean): void {
    if (!this.unlink(call)) return;
    if (failed) call.evaluator.settled(call, this.failed(call, error), undefined);
    else {
      this.emit?.({
        type: 'resolved',
        id: call.callId,
        host: call.name,
        value,
        summary: summarize(value),
        time: this.elapsed(),
      });
      call.evaluator.settled(call, undefined, value);
    }
  }

  private resolved(call: HostCall, value: unknown): unknown {
    this.emit?.({
      type: 'resolved',
      id: call.callId,
      host: call.name,
      value,
      summary: summarize(value),
      time: this.elapsed(),
    });
    return value;
  }

  /** Aborts every call still in flight (their results are ignored from now on). */
  abortAll(reason: unknown): void {
    const live: HostCall[] = [];
    while (this.live) {
      live.push(this.live);
      this.unlink(this.live);
    }
    for (let i = live.length - 1; i >= 0; i--) live[i]!.abort(reason); // oldest first
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

/**
 * What a non-Promise host result stands for: a stream (a marked source, or an AsyncIterable),
 * an Observable read at its last value, or undefined for a plain value.
 */
function streamOf(result: unknown): StreamSource | Observable<unknown> | undefined {
  if (result === null || (typeof result !== 'object' && typeof result !== 'function')) return undefined;
  if (isStreamSource(result)) return result;
  if (isObservable(result) || typeof (result as Record<PropertyKey, unknown>)[observable] === 'function') {
    return from(result as Observable<unknown>);
  }
  if (typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    return asStream(result as AsyncIterable<unknown>);
  }
  return undefined;
}
