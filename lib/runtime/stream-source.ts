/**
 * Marking a source as a *stream value*: a list whose items arrive over time (`'items'`), or a
 * text whose characters arrive in chunks (`'text'`). Program code sees the whole value (an array,
 * a string) but consumes it as it arrives: `for…of` and `.map` start each iteration as soon as
 * its item is there, `.split('\n')`, `+`, `.join`, `.slice`, indexing work on what has arrived
 * (lib/runtime/streams.ts). Anything that needs the whole value waits for the stream to complete.
 *
 * Where a marked source may appear:
 * - as a program input: `prog.run(asStream(clicks$))`, where a plain Observable input would be
 *   read at its last value;
 * - as a host result: `return asStream(tokens$, 'text')`; an AsyncIterable host result is an
 *   item stream without marking, an Observable one only when marked (most Observables, such as
 *   HTTP clients or `of(x)`, emit once), see `external(fn, { stream })`.
 *
 * A sequential run consumes a stream as it arrives too, but starts no host call before the call
 * producing the stream has finished (one call at a time); the final results are the same.
 */
import { from, isObservable, observable, type Observable, type ObservableInput } from 'rxjs';
import { EpicError } from '../errors.js';

/** The two kinds of stream value. */
export type StreamKind = 'items' | 'text';

const STREAM_SOURCE: unique symbol = Symbol.for('epic-rx.stream-source') as never;

/** A source marked as a stream value (see the module comment). */
export interface StreamSource<T = unknown, K extends StreamKind = StreamKind> {
  readonly [STREAM_SOURCE]: true;
  /** Items, or text chunks. */
  readonly kind: K;
  /** What emits the items (or the text chunks), then completes. */
  readonly source: Observable<T>;
}

/** An item stream of `T`s: program code sees a `T[]`. */
export type ItemStream<T> = StreamSource<T, 'items'>;
/** A text stream: program code sees a `string`. */
export type TextStream = StreamSource<string, 'text'>;

/**
 * Marks `source` (an Observable, AsyncIterable, array or Promise — anything RxJS `from` takes)
 * as a stream value. `'items'` (default): each emission is one item; `'text'`: each emission is
 * a chunk of text (a string), and the value is their concatenation.
 *
 * Gotcha: the source is subscribed once per run that uses it; a cold source restarts per run.
 *
 * @example
 * prog.run(asStream(interval(100).pipe(take(5))));        // the program sees [0, 1, 2, 3, 4], arriving
 * const speak = external(() => asStream(tokens$, 'text')); // a host whose reply is streamed text
 */
export function asStream<T>(source: ObservableInput<T>, kind?: 'items'): ItemStream<T>;
export function asStream(source: ObservableInput<string>, kind: 'text'): TextStream;
export function asStream<T>(source: ObservableInput<T>, kind: StreamKind = 'items'): StreamSource<T> {
  if (kind !== 'items' && kind !== 'text')
    throw new EpicError(`asStream(): the kind must be 'items' or 'text', got ${JSON.stringify(kind)}`);
  if (!isObservableInput(source))
    throw new EpicError('asStream(): expected an Observable, AsyncIterable, array or Promise');
  return Object.freeze({ [STREAM_SOURCE]: true as const, kind, source: from(source) });
}

/** Whether `x` was made by `asStream`. */
export function isStreamSource(x: unknown): x is StreamSource {
  return typeof x === 'object' && x !== null && (x as Record<PropertyKey, unknown>)[STREAM_SOURCE] === true;
}

/** Whether RxJS `from` can take `x`. */
export function isObservableInput(x: unknown): x is ObservableInput<unknown> {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return false;
  const o = x as Record<PropertyKey, unknown>;
  return (
    isObservable(x) ||
    typeof o[Symbol.asyncIterator] === 'function' ||
    typeof o[Symbol.iterator] === 'function' ||
    typeof o.then === 'function' ||
    typeof o[observable] === 'function'
  );
}

/**
 * What a non-Promise host result stands for: a stream (a marked source, or an AsyncIterable),
 * an Observable read at its last value, or undefined for a plain value.
 */
export function streamOf(result: unknown): StreamSource | Observable<unknown> | undefined {
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
