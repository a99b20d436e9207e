/**
 * Making a host call's span the active OpenTelemetry context while its host function runs, so
 * spans the host starts (its own, or an HTTP instrumentation's) are children of the call span.
 *
 * A traced run runs each host call through an `AroundHost` (lib/runtime/host-calls.ts): the
 * runtime emits the call's `dispatched` event, on which `RunSpans` starts the call span, and then
 * calls `aroundHost(call, invoke)`, which invokes the host inside `context.with(callContext, …)`.
 * An Observable result is subscribed, and a stream's source read, in that context too (the
 * runtime subscribes only after the host returned).
 *
 * Gotcha: `context.with` makes a context active only where a context manager is registered
 * (`NodeSDK` registers one; else `@opentelemetry/context-async-hooks`'
 * `AsyncLocalStorageContextManager`); with the API's default no-op manager spans still parent
 * nowhere. Under AsyncLocalStorage the context also follows the host's `await`s and callbacks.
 */
import { context, type Context } from '@opentelemetry/api';
import { isObservable, Observable } from 'rxjs';
import type { AroundHost } from '../runtime/host-calls.js';
import { asStream, isStreamSource } from '../runtime/stream-source.js';

/** Runs each host call in the context `contextOf` gives for its call id (as it is, without one). */
export function inCallContext(contextOf: (callId: number) => Context | undefined): AroundHost {
  return (call, invoke) => {
    const callContext = contextOf(call.callId);
    if (callContext === undefined) return invoke();
    return entered(context.with(callContext, invoke), callContext);
  };
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
