/**
 * Declaring host functions. Inside a program, `propose(puzzle)` *is* the list of ideas: the
 * runtime waits for the Promise or Observable a host returns. `external` types a host function
 * as program code sees it and, with options, says how its results and arguments stream:
 *
 * - `stream: 'items' | 'text'`: an Observable (or AsyncIterable) result is a stream value whose
 *   items (or text chunks) the program consumes as they arrive (stream-source.ts). Without it an
 *   Observable result is one value (its last emission), since most Observables emit once; an
 *   AsyncIterable result is an item stream either way.
 * - `streamArgs: [i, …]`: the arguments at these positions are handed over as RxJS Observables
 *   at once, instead of waiting until they are complete: an array emits its items one by one
 *   (each once complete), a string its text chunks as they arrive, any other value itself.
 *
 * - `timeoutMs`, `retry`, `concurrency`: flow control, as the LLM layer has (host-flow.ts).
 *
 * Without options `external` is the identity at run time.
 */
import type { Observable } from 'rxjs';
import { EpicError } from '../errors.js';
import { checkFlow, hasFlow, withFlow, type FlowOptions } from './host-flow.js';
import { asStream, isObservableInput, isStreamSource, type StreamKind, type StreamSource } from './stream-source.js';

/** What a host result becomes inside a program. */
export type Resolved<R> =
  R extends StreamSource<infer T, infer K>
    ? K extends 'text'
      ? string
      : T[]
    : R extends PromiseLike<infer T>
      ? T
      : R extends Observable<infer T>
        ? T
        : R extends AsyncIterable<infer T>
          ? T[]
          : R;

/** The synchronous view of a host function. */
export type Sync<F> = F extends (this: any, ...args: infer A) => infer R ? (...args: A) => Resolved<R> : never;

/** How a host function's result and arguments stream, and its flow control (see the module comment). */
export interface HostOptions extends FlowOptions {
  /** Its Observable result is a stream of items, or of text chunks. */
  readonly stream?: StreamKind;
  /** Argument positions handed over as Observables as soon as the call can start. */
  readonly streamArgs?: readonly number[];
}

const HOST_OPTIONS: unique symbol = Symbol.for('epic-rx.host-options') as never;

/** The options `external` attached to a host function, if any. */
export function hostOptions(fn: Function): HostOptions | undefined {
  return (fn as unknown as Record<PropertyKey, HostOptions | undefined>)[HOST_OPTIONS];
}

/**
 * Declares `fn` a host function and types it as program code sees it; with `options`, says how
 * its result and arguments stream (see the module comment).
 *
 * Gotcha: only program code sees the synchronous type. Called from ordinary code, the function
 * still returns its Promise/Observable, though its type says otherwise; keep host functions for
 * programs. With options, the result is a new function (same name, same `this`).
 *
 * @example
 * const propose = external(async (puzzle: string): Promise<string[]> => llmIdeas(puzzle));
 * const tokens = external((q: string) => llm.chatStream(q), { stream: 'text' });   // tokens(q): string, streamed
 * const speak = external((text: Observable<string>) => tts(text), { streamArgs: [0] });
 * const search = external(webSearch, { timeoutMs: 10_000, retry: 2, concurrency: 4 });
 */
export function external<F extends (...args: any[]) => any>(fn: F): Sync<F>;
export function external<F extends (...args: any[]) => any>(
  fn: F,
  options: HostOptions & { readonly stream: 'text' },
): (...args: Parameters<F>) => string;
export function external<F extends (...args: any[]) => any>(
  fn: F,
  options: HostOptions & { readonly stream: 'items' },
): (...args: Parameters<F>) => StreamItem<ReturnType<F>>[];
export function external<F extends (...args: any[]) => any>(fn: F, options: HostOptions): Sync<F>;
export function external<F extends (...args: any[]) => any>(fn: F, options?: HostOptions): unknown {
  if (typeof fn !== 'function')
    throw new EpicError(`external() expects a function, got ${fn === null ? 'null' : typeof fn}`);
  if (options === undefined) return fn;
  const checked = checkHostOptions(options);
  const { stream } = checked;
  const inner: Function = hasFlow(checked) ? withFlow(fn, checked, stream !== undefined) : fn;
  const host =
    stream === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return inner.apply(this, args);
        }
      : function (this: unknown, ...args: unknown[]) {
          return markStream(inner.apply(this, args), stream);
        };
  Object.defineProperty(host, 'name', { value: fn.name });
  Object.defineProperty(host, HOST_OPTIONS, { value: checked });
  return host;
}

/** The item type of an Observable/AsyncIterable/array result. */
export type StreamItem<R> =
  R extends Observable<infer T> ? T : R extends AsyncIterable<infer T> ? T : R extends Iterable<infer T> ? T : unknown;

function markStream(result: unknown, kind: StreamKind): unknown {
  if (isStreamSource(result) || typeof result === 'string' || Array.isArray(result) || !isObservableInput(result))
    return result;
  if (typeof (result as PromiseLike<unknown>).then === 'function') return result; // a Promise is one value
  return kind === 'text' ? asStream(result as Observable<string>, 'text') : asStream(result as Observable<unknown>);
}

function checkHostOptions(options: HostOptions): HostOptions {
  if (typeof options !== 'object' || options === null) throw new EpicError('external(): options must be an object');
  for (const key of Object.keys(options)) {
    if (!HOST_OPTION_KEYS.includes(key))
      throw new EpicError(`external(): unknown option "${key}" (known: ${HOST_OPTION_KEYS.join(', ')})`);
  }
  checkFlow(options);
  const { stream, streamArgs } = options;
  if (stream !== undefined && stream !== 'items' && stream !== 'text') {
    throw new EpicError(`external(): stream must be 'items' or 'text', got ${JSON.stringify(stream)}`);
  }
  if (
    streamArgs !== undefined &&
    (!Array.isArray(streamArgs) || !streamArgs.every((i) => Number.isInteger(i) && i >= 0))
  ) {
    throw new EpicError('external(): streamArgs must be an array of argument positions (integers ≥ 0)');
  }
  return Object.freeze({
    ...options,
    ...(streamArgs !== undefined ? { streamArgs: Object.freeze([...streamArgs]) } : {}),
  });
}

const HOST_OPTION_KEYS: readonly string[] = ['stream', 'streamArgs', 'timeoutMs', 'retry', 'concurrency', 'scheduler'];
