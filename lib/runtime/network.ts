/**
 * The dataflow network of a run: `Cell`s (pending values, cell.ts) and `StreamCell`s (streams
 * still arriving, streams.ts), the callbacks waiting on them, and the one run-local FIFO queue
 * that delivers every resolution and stream arrival — never recursively, so neither a
 * million-step dependency chain nor deep recursion grows the JS stack. `RunCalls`
 * (run-calls.ts) adds host calls on top, and `Run` (run.ts) evaluation: application, inputs,
 * time slices and the result.
 */
import {
  addWaiter,
  Cell,
  FORWARDED,
  PENDING,
  RESOLVED,
  peek,
  root,
  ShapeWaiter,
  takesStream,
  wake,
  type AnyWaiter,
  type Waiter,
  type Wakeable,
} from './cell.js';
import { DeepWaiter, track } from './deep.js';
import type { StreamSink } from './stream-sink.js';
import { StreamCell, type StreamHost } from './streams.js';
import { EpicInternalError } from '../errors.js';

/** The queue drops its processed front once it is this long and half done (and its slots after a longer burst). */
const COMPACT_AT = 4096;

/** See the module comment. */
export abstract class Network implements StreamHost {
  /** Containers built by this run that may still hold pending parts (deep.ts). */
  readonly containers = new WeakSet<object>();
  /**
   * Every container this run built that holds objects (tuples, records, spreads, map and filter
   * results, method results, streams' items): the only places a program function can be, so the
   * only ones a host call's arguments are checked in (values.ts `assertData`).
   */
  readonly built = new WeakSet<object>();
  protected readonly queueFns: Array<AnyWaiter | undefined> = [];
  protected readonly queueArgs: unknown[] = [];
  /** The queue runs from `head` to `tail`; slots are reused, not truncated, between drains. */
  protected head = 0;
  protected tail = 0;

  /** Runs queued work until none is left (and whatever the run does when it is quiet). */
  abstract drain(): void;

  /** Resolves `cell` with `value`; a pending `value` Cell is forwarded to instead. */
  resolve(cell: Cell, value: unknown): void {
    if (value instanceof Cell) {
      const target = root(value);
      if (target.state === PENDING) {
        if (target === cell) throw new EpicInternalError('a cell cannot wait for itself');
        cell.state = FORWARDED;
        cell.value = target;
        const moved = cell.waiters;
        cell.waiters = null;
        if (moved === null) return;
        if (target instanceof StreamCell) {
          if (Array.isArray(moved)) for (const w of moved) this.moveToStream(w, target);
          else this.moveToStream(moved, target);
        } else if (target.waiters === null) target.waiters = moved;
        else if (Array.isArray(moved)) for (const w of moved) addWaiter(target, w);
        else addWaiter(target, moved);
        return;
      }
      value = target.value;
    }
    cell.state = RESOLVED;
    cell.value = value;
    const waiters = cell.waiters;
    if (waiters === null) return;
    cell.waiters = null;
    if (!Array.isArray(waiters)) this.enqueue(waiters, value);
    else for (let i = 0; i < waiters.length; i++) this.enqueue(waiters[i]!, value);
  }

  /** A waiter that takes a pending stream learns of it now; any other waits for the stream's end. */
  private moveToStream(w: AnyWaiter, stream: StreamCell): void {
    if (takesStream(w)) this.enqueue(w, stream);
    else addWaiter(stream, w);
  }

  /**
   * Calls `waiter` with `v`'s value, or — as soon as `v` is known to be a stream still arriving —
   * with that pending `StreamCell`: now if either is known, else from the queue. An object
   * waiter must say it `takesStream`.
   */
  listenShape(v: unknown, waiter: Waiter | Wakeable): void {
    const now = peek(v);
    if (!(now instanceof Cell) || now instanceof StreamCell) wake(waiter, now);
    else addWaiter(now, typeof waiter === 'function' ? new ShapeWaiter(waiter) : waiter);
  }

  /** Adds an item to an item stream. */
  push(stream: StreamCell, item: unknown): void {
    stream.items.push(item);
    this.notify(stream);
  }

  /** Adds a chunk to a text stream. */
  append(stream: StreamCell, chunk: string): void {
    stream.text += chunk;
    this.notify(stream);
  }

  /** Completes a stream: it resolves to all its items (or its whole text). */
  end(stream: StreamCell): void {
    stream.growth = null;
    this.resolve(stream, stream.kind === 'items' ? track(this, stream.items) : stream.text);
  }

  /** Queues one growth notification for the arrivals of this burst. */
  private notify(stream: StreamCell): void {
    if (stream.notified || !stream.growth) return;
    stream.notified = true;
    this.enqueue(() => {
      stream.notified = false;
      const growth = stream.growth;
      if (growth) for (let i = 0; i < growth.length; i++) growth[i]!(stream);
    }, undefined);
  }

  /** A sink feeding a stream cell from outside the queue (a streaming host result or input). */
  sink(stream: StreamCell): StreamSink {
    return {
      part: (x) => {
        if (stream.kind === 'text') this.append(stream, x as string);
        else this.push(stream, x);
        this.drain();
      },
      value: () => (stream.kind === 'text' ? stream.text : stream.items),
    };
  }

  /** Calls `waiter` with `v`'s value: now if resolved, else (from the queue) when it resolves. */
  listen(v: unknown, waiter: Waiter): void {
    const now = peek(v);
    if (!(now instanceof Cell)) {
      waiter(now);
      return;
    }
    addWaiter(now, waiter);
  }

  /** `listen` for an object waiter: `w.wake(value)`, now if resolved, else from the queue. */
  await(v: unknown, w: Wakeable): void {
    const now = peek(v);
    if (now instanceof Cell) addWaiter(now, w);
    else w.wake(now);
  }

  /** Whether `v` has no pending part anywhere (it is not a Cell). */
  isDeep(v: unknown): boolean {
    return !(v instanceof Cell) && (typeof v !== 'object' || v === null || !this.containers.has(v));
  }

  /** Calls `done` with `v` once nothing inside it is pending (now, if nothing is). */
  whenDeep(v: unknown, done: AnyWaiter): void {
    const now = peek(v);
    if (this.isDeep(now)) wake(done, now);
    else new DeepWaiter(this, done).start(now);
  }

  protected enqueue(fn: AnyWaiter, arg: unknown): void {
    this.queueFns[this.tail] = fn;
    this.queueArgs[this.tail] = arg;
    this.tail++;
  }

  /** Drops the processed front of the queue once it is long and half done, so a long drain does not keep it alive. */
  protected compactQueue(): void {
    if (this.head < COMPACT_AT || this.head * 2 < this.tail) return;
    this.queueFns.copyWithin(0, this.head, this.tail);
    this.queueArgs.copyWithin(0, this.head, this.tail);
    this.tail -= this.head;
    this.head = 0;
    this.queueFns.length = this.tail;
    this.queueArgs.length = this.tail;
  }

  /**
   * Empties the queue: keeps its slots for the next drain, unless `release` or a burst has
   * left it long (its slots are then released).
   */
  protected emptyQueue(release: boolean): void {
    this.head = this.tail = 0;
    if (!release && this.queueFns.length <= COMPACT_AT) return;
    this.queueFns.length = 0;
    this.queueArgs.length = 0;
  }
}
