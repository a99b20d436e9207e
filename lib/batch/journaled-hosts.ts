/**
 * Wrapping a program's host functions so each call is looked up in, or recorded to, the call
 * journal (journal.ts) — at the host level, outside the runtime: a wrapped host is an ordinary
 * host function that forwards `this` (the `HostContext`, with its abort signal) and arguments.
 *
 * Which calls are journaled: a host whose arguments are JSON data and whose result is a plain
 * value, a Promise or an Observable (its last value). Not journaled — called again on resume —
 * are streaming hosts (declared `external(fn, { stream })` or `{ streamArgs }`, or returning a
 * stream such as `llm.chatStream`'s or an AsyncIterable), calls whose arguments or result are
 * not JSON, and calls that fail (a failure is never replayed).
 *
 * With a gate (rate-gate.ts), a call that is sent waits for a token first; the host is called
 * only then (so an async host starts late, not early).
 */
import { isObservable, Observable } from 'rxjs';
import type { HostContext } from '../runtime/host-calls.js';
import { asStream } from '../runtime/stream-source.js';
import { hostOptions } from '../runtime/external.js';
import { isStreamSource } from '../runtime/stream-source.js';
import { callKey } from './journal.js';
import type { CallGate } from './rate-gate.js';

/** Counts of host calls across a batch, for progress lines and result lines. */
export class CallTally {
  /** Calls sent and not yet settled. */
  inFlight = 0;
  /** Calls sent (not replayed). */
  made = 0;
  /** Calls answered from the journal. */
  replayed = 0;
}

/** What the wrapped hosts of one item's run need. */
export interface JournalScope {
  /** The item's recorded calls (call key → JSON text). */
  readonly recorded: ReadonlyMap<string, string>;
  /** Records a call's result; a failure to record is reported through `onError`. */
  readonly record: (call: string, json: string) => Promise<void>;
  readonly onError: (error: unknown) => void;
  /** The batch's tally and the item's own. */
  readonly tallies: readonly CallTally[];
  /** A rate limit every call sent (not replayed) passes first. */
  readonly gate?: CallGate | undefined;
}

/** The hosts of `hosts` wrapped for one item's run (non-function host values are kept as they are). */
export function journaledHosts(hosts: Readonly<Record<string, unknown>>, scope: JournalScope): Record<string, unknown> {
  const occurrences = new Map<string, number>();
  const wrapped: Record<string, unknown> = {};
  for (const [name, host] of Object.entries(hosts)) {
    wrapped[name] = typeof host === 'function' ? journaledHost(name, host, scope, occurrences) : host;
  }
  return wrapped;
}

function journaledHost(name: string, fn: Function, scope: JournalScope, occurrences: Map<string, number>): Function {
  const options = hostOptions(fn);
  const streaming = options?.stream !== undefined || options?.streamArgs !== undefined;
  const bump = (field: 'inFlight' | 'made' | 'replayed', by: number): void => {
    for (const t of scope.tallies) t[field] += by;
  };
  const { gate } = scope;
  const send = (ctx: HostContext, args: unknown[]): unknown =>
    gate ? gate.acquire(ctx?.signal).then(() => settle(fn.apply(ctx, args), ctx?.signal)) : fn.apply(ctx, args);
  const host = streaming
    ? fn
    : function (this: HostContext, ...args: unknown[]): unknown {
        const argsJson = toJson(args);
        if (argsJson === undefined) return counted(send(this, args), bump, undefined);
        const base = `${name}(${argsJson})`;
        const occurrence = occurrences.get(base) ?? 0;
        occurrences.set(base, occurrence + 1);
        const key = callKey(name, argsJson, occurrence);
        const json = scope.recorded.get(key);
        if (json !== undefined) {
          bump('replayed', 1);
          return json === 'undefined' ? undefined : JSON.parse(json);
        }
        return counted(send(this, args), bump, (value) => {
          const text = value === undefined ? 'undefined' : toJson(value);
          if (text !== undefined) scope.record(key, text).catch(scope.onError);
        });
      };
  Object.defineProperty(host, 'name', { value: fn.name });
  return host;
}

/** The result as it was, counted while in flight; `done` hears its value once it is whole. */
function counted(
  result: unknown,
  bump: (field: 'inFlight' | 'made' | 'replayed', by: number) => void,
  done: ((value: unknown) => void) | undefined,
): unknown {
  bump('made', 1);
  if (isStreamSource(result) || isAsyncIterable(result)) return result; // a stream: not journaled
  if (isObservable(result)) {
    return new Observable((subscriber) => {
      bump('inFlight', 1);
      let last: { value: unknown } | undefined;
      const subscription = result.subscribe({
        next: (value) => {
          last = { value };
          subscriber.next(value);
        },
        error: (error) => subscriber.error(error),
        complete: () => {
          if (last) done?.(last.value);
          subscriber.complete();
        },
      });
      return () => {
        bump('inFlight', -1);
        subscription.unsubscribe();
      };
    });
  }
  if (isPromiseLike(result)) {
    bump('inFlight', 1);
    return Promise.resolve(result).then(
      (value) => (bump('inFlight', -1), isStreamSource(value) || done?.(value), value),
      (error: unknown) => {
        bump('inFlight', -1);
        throw error;
      },
    );
  }
  done?.(result);
  return result;
}

/**
 * A result sent after the gate, as a Promise can carry it: a stream stays a stream (a Promise of
 * one streams), an Observable becomes the Promise of its last value (unsubscribed when the
 * call's signal aborts).
 */
function settle(result: unknown, signal: AbortSignal | undefined): unknown {
  if (isStreamSource(result)) return result;
  if (isAsyncIterable(result)) return asStream(result as AsyncIterable<unknown>);
  if (!isObservable(result)) return result;
  return new Promise((resolve, reject) => {
    let last: unknown;
    const subscription = result.subscribe({ next: (v) => (last = v), error: reject, complete: () => resolve(last) });
    signal?.addEventListener('abort', () => subscription.unsubscribe(), { once: true });
  });
}

function toJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // a BigInt or a cycle: not journaled
  }
}

function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as PromiseLike<unknown>).then === 'function';
}

function isAsyncIterable(x: unknown): boolean {
  return (
    typeof x === 'object' && x !== null && typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
  );
}
