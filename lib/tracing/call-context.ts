/**
 * Making a host call's span the active OpenTelemetry context while its host function runs, so
 * spans the host starts (its own, or an HTTP instrumentation's) are children of the call span.
 *
 * From outside the runtime: a traced run runs a twin of the program (`withCallContexts`) whose
 * host functions are wrapped. The runtime emits a call's `dispatched` event synchronously just
 * before it calls the host (host-calls.ts `dispatch`), so `RunSpans` starts the call span and
 * announces it (`enterCall`) in that same synchronous step; the wrapper takes the announcement,
 * checks it is for its own call (`this.callId`) and calls the host inside
 * `context.with(callContext, …)`. An Observable result is subscribed, and a stream's source
 * read, in that context too (the runtime subscribes only after the host returned).
 *
 * Gotcha: `context.with` makes a context active only where a context manager is registered
 * (`NodeSDK` registers one; else `@opentelemetry/context-async-hooks`'
 * `AsyncLocalStorageContextManager`); with the API's default no-op manager spans still parent
 * nowhere. Under AsyncLocalStorage the context also follows the host's `await`s and callbacks.
 */
import { context, type Context } from '@opentelemetry/api';
import { isObservable, Observable } from 'rxjs';
import { Program } from '../program.js';
import type { HostContext } from '../runtime/host-calls.js';
import { asStream, isStreamSource } from '../runtime/stream-source.js';

/** The call span context announced for the host call about to be made, by its call id. */
let announced: { readonly id: number; readonly context: Context } | undefined;

/** Announces the context of call `id`, whose host the runtime calls next (see the module comment). */
export function enterCall(id: number, callContext: Context): void {
  announced = { id, context: callContext };
}

const twins = new WeakMap<object, Program<readonly unknown[], unknown>>();

/**
 * The program to run for a traced run: for a `Program`, a twin (made once per program) whose
 * host functions run in their call's context; anything else as it is. A program whose term the
 * twin cannot be made from (`Program.fromTerm` checks it again and may find it too deep) runs
 * as it is.
 */
export function withCallContexts<P extends object>(prog: P): P {
  if (!(prog instanceof Program)) return prog;
  let twin = twins.get(prog);
  if (!twin) {
    const hosts: Record<string, unknown> = {};
    for (const [name, host] of Object.entries(prog.hosts)) {
      hosts[name] = typeof host === 'function' ? inCallContext(host) : host;
    }
    try {
      twin = Program.fromTerm(prog.term, hosts, prog.options);
    } catch {
      twin = prog;
    }
    twins.set(prog, twin);
  }
  return twin as unknown as P;
}

/** `fn`, called in its call's announced context; keeps `fn`'s name and symbol-keyed marks (`external` options). */
function inCallContext(fn: Function): Function {
  const host = function (this: HostContext, ...args: unknown[]): unknown {
    const call = announced;
    announced = undefined;
    if (call === undefined || call.id !== this?.callId) return fn.apply(this, args);
    const result = context.with(call.context, () => fn.apply(this, args));
    return entered(result, call.context);
  };
  for (const key of Object.getOwnPropertySymbols(fn)) {
    Object.defineProperty(host, key, Object.getOwnPropertyDescriptor(fn, key)!);
  }
  Object.defineProperty(host, 'name', { value: fn.name });
  return host;
}

/** A host's result with its Observable (or its stream's source) subscribed in `ctx`. */
function entered(result: unknown, ctx: Context): unknown {
  if (isStreamSource(result)) {
    const source = subscribedIn(result.source, ctx);
    return result.kind === 'text' ? asStream(source as Observable<string>, 'text') : asStream(source);
  }
  if (isObservable(result)) return subscribedIn(result, ctx);
  return result;
}

function subscribedIn<T>(source: Observable<T>, ctx: Context): Observable<T> {
  return new Observable<T>((subscriber) => context.with(ctx, () => source.subscribe(subscriber)));
}
