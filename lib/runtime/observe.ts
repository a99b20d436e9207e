/**
 * Run nodes as real RxJS Observables: where a pending value reaches user code — a stream handed
 * to a host that takes streams (`external(fn, { streamArgs })`), a pending part of a snapshot
 * (snapshot.ts) — it is an Observable over the run's `Cell`. Subscribing adds a waiter to the
 * cell (or a growth callback to a stream); unsubscribing removes it. Values are delivered from the
 * run's queue, deeply resolved (no Cell ever reaches user code).
 */
import { Observable, type Subscriber } from 'rxjs';
import { EpicRuntimeError } from '../errors.js';
import { removeWaiter, type Cell, type Waiter } from './cell.js';
import type { RunCalls } from './run-calls.js';
import { followText, inItemOrder, StreamCell } from './streams.js';
import { assertData } from './values.js';

/** What a `Pending` marker becomes in JSON (e.g. in a snapshot sent to a page). */
export const PENDING_JSON: Readonly<{ $pending: true }> = Object.freeze({ $pending: true as const });

/**
 * A part of a result still pending (in a snapshot): an Observable of that part's value — one
 * emission once it is whole, then complete — which serialises to `{"$pending":true}`.
 */
export class Pending<T = unknown> extends Observable<T> {
  /** The marker for `cell` of `run`. */
  static of(run: RunCalls, cell: Cell): Pending {
    const value = observeValue(run, cell);
    return new Pending((subscriber) => value.subscribe(subscriber));
  }

  /** `{ $pending: true }`. */
  toJSON(): typeof PENDING_JSON {
    return PENDING_JSON;
  }
}

/** Whether `x` is a pending part of a snapshot (a `Pending`, or its JSON form after a round trip). */
export function isPending(x: unknown): boolean {
  return (
    x instanceof Pending || (typeof x === 'object' && x !== null && (x as { $pending?: unknown }).$pending === true)
  );
}

/** An Observable of `v`'s deeply resolved value: one emission, then complete. */
export function observeValue(run: RunCalls, v: unknown): Observable<unknown> {
  return new Observable((subscriber) => {
    let closed = false;
    const waiter: Waiter = (x) =>
      run.whenDeep(x, (value) => {
        if (closed) return;
        subscriber.next(value);
        subscriber.complete();
      });
    const ended = (): void =>
      subscriber.error(new EpicRuntimeError('The run ended before this part arrived (it was unsubscribed or failed)'));
    if (!run.watchEnd(ended)) return undefined;
    run.listen(v, waiter);
    return () => {
      closed = true;
      run.unwatchEnd(ended);
      removeWaiter(v, waiter);
    };
  });
}

/**
 * What a host that takes streams receives for an argument: a stream's items (each once deeply
 * resolved, in order) or its text chunks as they arrive; for a value that is not a stream, an
 * array's items one by one, a string as one chunk, anything else as itself.
 */
export function observeArg(run: RunCalls, v: unknown): Observable<unknown> {
  return new Observable((subscriber) => {
    const state = { closed: false };
    const shape: Waiter = (x) => {
      if (state.closed) return;
      if (x instanceof StreamCell) follow(run, x, subscriber, state);
      else
        run.whenDeep(x, (value) => {
          if (state.closed) return;
          assertData(value, 'a host taking streams', 'host functions', undefined, false, undefined, run.built);
          if (Array.isArray(value)) for (const item of value) subscriber.next(item);
          else if (value !== '') subscriber.next(value);
          subscriber.complete();
        });
    };
    run.listenShape(v, shape);
    return () => {
      state.closed = true;
      removeWaiter(v, shape);
    };
  });
}

function follow(run: RunCalls, stream: StreamCell, subscriber: Subscriber<unknown>, state: { closed: boolean }): void {
  if (stream.kind === 'text') {
    followText(
      run,
      stream,
      (chunk) => state.closed || subscriber.next(chunk),
      () => state.closed || subscriber.complete(),
    );
    return;
  }
  inItemOrder(
    run,
    stream,
    (item, _i, done) => run.whenDeep(item, done),
    (value) => {
      if (state.closed) return;
      assertData(value, 'a host taking streams', 'host functions', undefined, false, undefined, run.built);
      subscriber.next(value);
    },
    () => state.closed || subscriber.complete(),
  );
}
