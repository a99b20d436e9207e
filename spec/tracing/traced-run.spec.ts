import { readFileSync } from 'node:fs';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { lastValueFrom, NEVER, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import trip from '../../demos/trip-planner.js';
import { external, program, type RunEvent } from '../../lib/index.js';
import { tracedRun, type TraceableProgram } from '../../lib/tracing/index.js';
import { recorder } from './recorder.js';

const ms = ([s, ns]: readonly [number, number]): number => s * 1000 + ns / 1e6;
const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;
const named = (spans: readonly ReadableSpan[], name: string): ReadableSpan => spans.find((s) => s.name === name)!;

/** `prog` with a count of the runs that went through `events()`. */
function counting<A extends readonly unknown[], R>(prog: TraceableProgram<A, R>) {
  const counts = { events: 0 };
  const wrapped: TraceableProgram<A, R> = {
    name: prog.name,
    strategy: prog.strategy,
    run: (...args) => prog.run(...args),
    events: (...args): Observable<RunEvent<R>> => {
      counts.events += 1;
      return prog.events(...args);
    },
  };
  return { wrapped, counts };
}

describe('tracedRun: the trip demo', () => {
  it('is a run span with a child span per host call, carrying host, call site and status', async () => {
    const { exporter, tracer } = recorder();
    const value = await lastValueFrom(tracedRun(trip, ['Porto'], { tracer }));
    expect(value).toBe(await trip.evaluate('Porto'));
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(['flights', 'hotels', 'plan', 'run trip', 'weather']);
    const run = named(spans, 'run trip');
    expect(parentOf(run)).toBeUndefined();
    expect(run.attributes).toMatchObject({
      'epic.program': 'trip',
      'epic.strategy': 'opportunistic',
      'epic.run.status': 'succeeded',
      'epic.calls': 4,
    });
    expect(run.status.code).toBe(SpanStatusCode.OK);
    // where each call is written in the demo (read from the file, so reformatting it moves nothing here)
    const source = readFileSync('demos/trip-planner.ts', 'utf8').split('\n');
    const lineOf = (call: string): number => source.findIndex((l) => l.includes(call)) + 1;
    const lines = {
      weather: lineOf('weather(city)'),
      flights: lineOf('flights(city)'),
      hotels: lineOf('hotels(city)'),
      plan: lineOf('plan(w, f, h)'),
    };
    for (const [host, line] of Object.entries(lines)) {
      const span = named(spans, host);
      expect(parentOf(span)).toBe(run.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(run.spanContext().traceId);
      expect(span.attributes).toMatchObject({
        'epic.host': host,
        'epic.call.status': 'resolved',
        'code.file.path': 'demos/trip-planner.ts',
        'code.line.number': line,
      });
      expect(span.attributes['epic.call.site']).toMatch(new RegExp(`^demos/trip-planner\\.ts:${line}:\\d+$`));
      expect(String(span.attributes['epic.call.args']).length).toBeLessThanOrEqual(60); // a summary, never whole values
      expect(span.status.code).toBe(SpanStatusCode.OK);
    }
    expect(named(spans, 'weather').attributes['epic.call.args']).toBe('["Porto"]');
    expect(named(spans, 'plan').attributes['epic.call.args']).toMatch(/…$/);
    const plan = named(spans, 'plan');
    for (const host of ['weather', 'flights', 'hotels'])
      expect(ms(plan.startTime)).toBeGreaterThanOrEqual(ms(named(spans, host).endTime));
    expect(ms(run.endTime)).toBeGreaterThanOrEqual(ms(plan.endTime));
  });

  it('uses the global tracer provider when no tracer is given, under the given parent context', async () => {
    const { exporter, provider, tracer } = recorder();
    const handler = tracer.startSpan('handler');
    trace.setGlobalTracerProvider(provider);
    try {
      await lastValueFrom(
        tracedRun(trip.with({ strategy: 'sequential' }), ['Porto'], {
          context: trace.setSpan(context.active(), handler),
        }),
      );
    } finally {
      trace.disable();
    }
    const run = named(exporter.getFinishedSpans(), 'run trip');
    expect(parentOf(run)).toBe(handler.spanContext().spanId);
    expect(run.attributes['epic.strategy']).toBe('sequential');
    expect(exporter.getFinishedSpans().filter((s) => parentOf(s) === run.spanContext().spanId)).toHaveLength(4);
  });
});

describe('tracedRun without a recording tracer', () => {
  it('with no provider registered, runs the plain program: no events are produced', async () => {
    const { wrapped, counts } = counting(trip);
    expect(await lastValueFrom(tracedRun(wrapped, ['Porto']))).toBe(await trip.evaluate('Porto'));
    expect(counts.events).toBe(0);
  });

  it('with the run sampled out, records nothing and produces no events', async () => {
    const { exporter, tracer } = recorder({ sampled: false });
    const { wrapped, counts } = counting(trip);
    await lastValueFrom(tracedRun(wrapped, ['Porto'], { tracer }));
    expect(counts.events).toBe(0);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

describe('tracedRun: failures and unsubscribing', () => {
  it('marks the failed call and the run as errors', async () => {
    const { exporter, tracer } = recorder();
    const boom = external(async (x: number): Promise<number> => {
      throw new Error(`no ${x}`);
    });
    const prog = program({ boom }, (x: number) => boom(x) + 1, { name: 'failing' });
    await expect(lastValueFrom(tracedRun(prog, [7], { tracer }))).rejects.toThrow(/no 7/);
    const spans = exporter.getFinishedSpans();
    expect(named(spans, 'boom').status).toEqual({ code: SpanStatusCode.ERROR, message: 'no 7' });
    expect(named(spans, 'boom').attributes['epic.call.status']).toBe('failed');
    expect(named(spans, 'run failing').status.code).toBe(SpanStatusCode.ERROR);
    expect(named(spans, 'run failing').attributes['epic.run.status']).toBe('failed');
  });

  it('ends the calls in flight as aborted when the run is unsubscribed', () => {
    const { exporter, tracer } = recorder();
    const wait = external((_x: number) => NEVER as Observable<number>);
    const prog = program({ wait }, (x: number) => wait(x), { name: 'waiting' });
    const subscription = tracedRun(prog, [1], { tracer }).subscribe();
    expect(exporter.getFinishedSpans()).toEqual([]);
    subscription.unsubscribe();
    const spans = exporter.getFinishedSpans();
    expect(named(spans, 'wait').attributes['epic.call.status']).toBe('aborted');
    expect(named(spans, 'run waiting').attributes['epic.run.status']).toBe('unsubscribed');
  });
});
