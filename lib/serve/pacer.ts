/**
 * Sending a run's frames (frames.ts) at the pace the client reads them, with heartbeats.
 *
 * Backpressure: when the sink says the client is behind (`res.write` returned false; a web
 * stream's queue is full), nothing more is written until it can take more (`resume`: the
 * response's 'drain', the stream's next pull). Meanwhile the result is not buffered patch by
 * patch: only its latest state is kept (an immutable snapshot, so one reference) and sent as one
 * `snapshot` frame, which replaces the client's result. Other event frames wait in a queue of at
 * most `QUEUE_LIMIT`; those past it are counted and reported in one `dropped` frame. So what
 * waits for a slow client is bounded by the result's size plus `QUEUE_LIMIT` frames, however
 * many patches the run makes. When the run ends, what waits (bounded) is written at once with
 * the last frame (`done` or `error`), so the final state always arrives.
 *
 * Heartbeat: a `: keep-alive` comment every `heartbeatMs` while the run is live and the client
 * keeps up, so proxies do not close a quiet connection; its timer stops with the run.
 */
import { Observable, Subscription } from 'rxjs';
import { EpicError } from '../errors.js';
import { errorFrame, Framer, sseFrame, type ResultState, type ServableEvent } from './frames.js';

/** Options of the event-stream writers. */
export interface EventStreamOptions {
  /**
   * Milliseconds between keep-alive comments while the run is live (so proxies and load
   * balancers keep an idle connection open); 0 or false sends none. Default 15000.
   */
  readonly heartbeatMs?: number | false;
}

/** The heartbeat frame: an SSE comment. */
export const HEARTBEAT = ': keep-alive\n\n';
/** How many event frames (not result frames) wait for a slow client before the rest are dropped. */
export const QUEUE_LIMIT = 256;
const DEFAULT_HEARTBEAT_MS = 15_000;
/** The longest delay `setInterval` takes (a longer one would fire at once). */
const MAX_DELAY = 2 ** 31 - 1;

/** The heartbeat interval the options ask for (0: none). Throws `EpicError` for a bad value. */
export function heartbeatOf(options: EventStreamOptions | undefined): number {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new EpicError(
      `Event stream options must be an object such as { heartbeatMs: 15000 }; got ${String(options)}`,
    );
  }
  const ms = options?.heartbeatMs === undefined ? DEFAULT_HEARTBEAT_MS : options.heartbeatMs;
  if (ms === false) return 0;
  if (typeof ms !== 'number' || !(ms >= 0 && ms <= MAX_DELAY)) {
    throw new EpicError(
      `Event stream option heartbeatMs must be a number of milliseconds from 0 to ${MAX_DELAY}, ` +
        `or false for no heartbeat; got ${typeof ms === 'string' ? JSON.stringify(ms) : String(ms)}`,
    );
  }
  return ms;
}

/** Where a pacer writes. */
export interface FrameSink {
  /** Sends one frame; false when the client is behind: nothing more is sent until `resume()`. */
  write(frame: string): boolean;
  /** Called once, after the last frame. */
  end(): void;
}

/** Sends one run's frames to a sink (see the module comment). */
export class FramePacer {
  private readonly framer = new Framer();
  private readonly queue: string[] = [];
  private blocked = false;
  private finished = false;
  private dropped = 0;
  /** The latest result while the client is behind: sent whole when it catches up. */
  private pending: ResultState | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private readonly subscription = new Subscription(() => {
    this.finished = true;
    clearInterval(this.heartbeat);
  });

  constructor(
    private readonly sink: FrameSink,
    private readonly heartbeatMs: number,
  ) {}

  /** Starts the run; unsubscribing the returned subscription stops it (and the heartbeat). */
  start(source: Observable<ServableEvent>): Subscription {
    if (this.heartbeatMs > 0) this.heartbeat = setInterval(() => this.beat(), this.heartbeatMs);
    this.subscription.add(
      source.subscribe({
        next: (e) => this.next(e),
        error: (error: unknown) => this.end(errorFrame(error)),
        complete: () => this.end(this.framer.done()),
      }),
    );
    return this.subscription;
  }

  /** The sink can take frames again: sends what waited, until it is full again. */
  resume(): void {
    if (!this.blocked || this.finished) return;
    this.blocked = false;
    while (this.queue.length > 0 && !this.blocked) this.send(this.queue.shift()!);
    if (this.dropped > 0 && !this.blocked) this.send(this.droppedFrame());
    if (this.pending && !this.blocked) this.send(this.pendingFrame());
  }

  private next(e: ServableEvent): void {
    if (this.finished) return;
    let framed: ReturnType<Framer['frameOf']>;
    try {
      framed = this.framer.frameOf(e);
    } catch (error) {
      this.end(errorFrame(error));
      return;
    }
    if (framed === undefined) return;
    if ('result' in framed) {
      if (this.blocked) this.pending = framed.result;
      else this.send(this.framer.result(framed.result));
    } else if (!this.blocked) this.send(framed.frame);
    else if (this.queue.length < QUEUE_LIMIT) this.queue.push(framed.frame);
    else this.dropped += 1;
  }

  private beat(): void {
    if (!this.blocked) this.send(HEARTBEAT);
  }

  private send(frame: string): void {
    if (!this.sink.write(frame)) this.blocked = true;
  }

  /** The run ended: what waits (bounded) goes out at once, then `last`; the sink ends. */
  private end(last: string): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.heartbeat);
    for (const frame of this.queue) this.sink.write(frame);
    this.queue.length = 0;
    if (this.dropped > 0) this.sink.write(this.droppedFrame());
    if (this.pending) this.sink.write(this.pendingFrame());
    this.sink.write(last);
    this.sink.end();
    this.subscription.unsubscribe(); // stops the source when a frame could not be made
  }

  private droppedFrame(): string {
    const events = this.dropped;
    this.dropped = 0;
    return sseFrame('dropped', { events });
  }

  private pendingFrame(): string {
    const state = this.pending!;
    this.pending = undefined;
    return this.framer.result(state, true);
  }
}

/**
 * The SSE frames of a run (frames.ts), heartbeats included, as an Observable of strings:
 * subscribing starts the run, unsubscribing stops it (its host calls' AbortSignals fire). Never
 * errors: a failed run ends with an `error` frame. No backpressure: the subscriber takes every
 * frame (`writeEventStream` and `toEventStream` pace theirs).
 *
 * @example
 * sseFrames(prog.watch(10)).subscribe((frame) => socket.send(frame));
 */
export function sseFrames(source: Observable<ServableEvent>, options?: EventStreamOptions): Observable<string> {
  const heartbeatMs = heartbeatOf(options);
  return new Observable<string>((subscriber) => {
    const sink: FrameSink = {
      write: (frame) => {
        subscriber.next(frame);
        return true;
      },
      end: () => subscriber.complete(),
    };
    return new FramePacer(sink, heartbeatMs).start(source);
  });
}
