/**
 * `tracedRun`: a run of a program as OpenTelemetry spans — the run, each host call under it, and
 * each external request (an LLM request carrying several calls' prompts) linked to the calls it
 * carried (run-spans.ts has the tree and the attributes).
 *
 * Only `@opentelemetry/api` is used: spans go to whatever SDK the application registered
 * (`trace.setGlobalTracerProvider`, or `NodeSDK.start()`), or to the `tracer` passed. With none,
 * the API's tracer is a no-op whose spans do not record, and then the run is the plain
 * `prog.run(...)`: one non-recording span per run is the whole cost. A provider that samples the
 * run out costs the same.
 */
import { context, trace, type Attributes, type Context, type Tracer } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import type { RunEvent } from '../runtime/events.js';
import { EVENTS_AROUND, Program } from '../program.js';
import { inCallContext } from './call-context.js';
import { RunSpans } from './run-spans.js';

/** The name of the tracer `tracedRun` takes from the global provider. */
export const TRACER_NAME = 'epic-rx';

/** What tracing needs of a program; a `Program` has it. */
export interface TraceableProgram<A extends readonly unknown[], R> {
  readonly name: string;
  readonly strategy: string;
  run(...args: A): Observable<R>;
  events(...args: A): Observable<RunEvent<R>>;
}

/** Options of `tracedRun`. */
export interface TraceOptions {
  /** Where spans go. Default: `trace.getTracer('epic-rx')` of the global provider (a no-op without one). */
  readonly tracer?: Tracer;
  /** The parent of the run span. Default: the context active at subscribe time. */
  readonly context?: Context;
  /** More attributes for the run span. */
  readonly attributes?: Attributes;
}

/**
 * `prog.run(...args)` traced: the same Observable of the result (one subscription is one run;
 * unsubscribing aborts its host calls), and meanwhile a span for the run ("run <name>"), a child
 * span per host call (named after the host) and a span per external request with links to its
 * calls' spans. Each host function of a `Program` runs with its call span as the active context
 * (call-context.ts), so spans the host starts (its own, HTTP instrumentation's) are children of
 * its call span.
 *
 * Gotcha: a context is active only under a registered context manager (`NodeSDK` registers one;
 * else `AsyncLocalStorageContextManager` of `@opentelemetry/context-async-hooks`), which also
 * carries it across the host's `await`s. Without one, spans a host starts have no parent.
 *
 * @example
 * const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
 * trace.setGlobalTracerProvider(provider);
 * const plan = await lastValueFrom(tracedRun(trip, ['Lisbon']));
 */
export function tracedRun<A extends readonly unknown[], R>(
  prog: TraceableProgram<A, R>,
  args: A,
  options: TraceOptions = {},
): Observable<R> {
  return new Observable<R>((subscriber) => {
    const tracer = options.tracer ?? trace.getTracer(TRACER_NAME);
    const parent = options.context ?? context.active();
    const origin = Date.now();
    const attributes: Attributes = { 'epic.program': prog.name, 'epic.strategy': prog.strategy, ...options.attributes };
    const span = tracer.startSpan(`run ${prog.name}`, { startTime: origin, attributes }, parent);
    if (!span.isRecording()) {
      span.end();
      return prog.run(...args).subscribe(subscriber);
    }
    const spans = new RunSpans(tracer, span, parent, origin);
    const events =
      prog instanceof Program
        ? (prog as Program<A, R>)[EVENTS_AROUND](
            args as never,
            inCallContext((id) => spans.contextOf(id)),
          )
        : prog.events(...args);
    let settled = false;
    const subscription = context.with(trace.setSpan(parent, span), () =>
      events.subscribe({
        next: (event) => {
          spans.event(event);
          if (event.type !== 'result') return;
          settled = true;
          subscriber.next(event.value);
          subscriber.complete();
        },
        error: (error: unknown) => {
          settled = true;
          spans.finish('failed', undefined, error);
          subscriber.error(error);
        },
      }),
    );
    return () => {
      subscription.unsubscribe();
      if (!settled) spans.finish('unsubscribed');
    };
  });
}
