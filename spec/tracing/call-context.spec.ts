import { context, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { lastValueFrom, Observable, of } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { external, type HostContext, program } from '../../lib/index.js';
import { tracedRun } from '../../lib/tracing/index.js';
import { AlsContextManager } from './als-context.js';
import { recorder } from './recorder.js';

const { exporter, tracer } = recorder();
const idOf = (span: ReadableSpan): string => span.spanContext().spanId;
const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

/** Starts and ends a span named `name`, tagged with the call it was started in (parent: the active context). */
function mark(name: string, call: HostContext): void {
  tracer.startSpan(name, { attributes: { call: call.callId } }).end();
}

/** A host that starts a span before and after an await, as an instrumented HTTP client would. */
async function fetchLike(this: HostContext, x: number): Promise<number> {
  mark('before await', this);
  await new Promise((resolve) => setTimeout(resolve, 1));
  mark('after await', this);
  return x * 2;
}
const fetchy = fetchLike as unknown as (x: number) => number;
/** A host whose work starts when its Observable is subscribed (as the LLM hosts' does). */
function lazyHost(this: HostContext, x: number): Observable<number> {
  return new Observable((subscriber) => {
    mark('on subscribe', this);
    subscriber.next(x + 1);
    subscriber.complete();
  });
}
const lazy = lazyHost as unknown as (x: number) => number;
/** A streaming host, declared with `external` options the traced run must keep. */
const items = external(
  function (this: HostContext, n: number) {
    return new Observable<number>((subscriber) => {
      mark('stream subscribed', this);
      for (let i = 0; i < n; i++) subscriber.next(i);
      subscriber.complete();
    });
  },
  { stream: 'items' },
);
const plain = (x: number): number => x + 100;

const prog = program(
  { fetchy, lazy, items, plain },
  (xs: number[]) => {
    const doubled = xs.map((x) => fetchy(x));
    const counted = items(xs.length);
    return [doubled, doubled.map((d) => lazy(d)), counted, plain(1)];
  },
  { name: 'hosts' },
);

/** The finished spans of one traced run of `p`: the call spans by call id, and the spans the hosts started. */
async function traced(p: typeof prog, xs: number[]) {
  exporter.reset();
  const value = await lastValueFrom(tracedRun(p, [xs], { tracer }));
  const spans = exporter.getFinishedSpans();
  const calls = new Map(
    spans.filter((s) => 'epic.call.id' in s.attributes).map((s) => [s.attributes['epic.call.id'], s]),
  );
  const inner = spans.filter((s) => 'call' in s.attributes);
  return { value, spans, calls, inner };
}

describe('tracedRun: spans a host starts are children of its call span (AsyncLocalStorage context manager)', () => {
  const manager = new AlsContextManager();
  beforeAll(() => void context.setGlobalContextManager(manager));
  afterAll(() => context.disable());

  for (const strategy of ['opportunistic', 'sequential'] as const) {
    it(`${strategy}: synchronously, after an await, on subscribe, in a stream; each under its own call`, async () => {
      const xs = [1, 2, 3];
      const { value, calls, inner } = await traced(prog.with({ strategy }), xs);
      expect(value).toEqual(await prog.evaluate(xs));
      expect(value).toEqual([[2, 4, 6], [3, 5, 7], [0, 1, 2], 101]);
      expect(inner.map((s) => s.name).sort()).toEqual(
        [...Array(3).fill('before await'), ...Array(3).fill('after await'), ...Array(3).fill('on subscribe')]
          .concat('stream subscribed')
          .sort(),
      );
      for (const span of inner) {
        const call = calls.get(span.attributes['call'])!;
        expect(parentOf(span)).toBe(idOf(call));
        expect(span.spanContext().traceId).toBe(call.spanContext().traceId);
      }
      expect(calls.size).toBe(3 + 3 + 1 + 1);
    });
  }

  it('leaves the active context as it was outside the hosts', async () => {
    const outer = tracer.startSpan('outer');
    const active = trace.setSpan(context.active(), outer);
    await context.with(active, async () => {
      await lastValueFrom(tracedRun(prog, [[1]], { tracer }));
      expect(trace.getActiveSpan()).toBe(outer);
    });
    outer.end();
  });
});

describe('tracedRun without a context manager', () => {
  it('runs the same, call spans under the run span; spans hosts start have no parent', async () => {
    const { value, spans, calls, inner } = await traced(prog, [4]);
    expect(value).toEqual([[8], [9], [0], 101]);
    const run = spans.find((s) => s.name === 'run hosts')!;
    for (const call of calls.values()) expect(parentOf(call)).toBe(idOf(run));
    expect(inner.length).toBeGreaterThan(0);
    for (const span of inner) expect(parentOf(span)).toBeUndefined();
  });

  it('keeps a plain Observable program (not a Program) working', async () => {
    const notAProgram = {
      name: 'x',
      strategy: 'opportunistic',
      run: () => of(1),
      events: () => of({ type: 'result' as const, value: 1, time: 0 }),
    };
    expect(await lastValueFrom(tracedRun(notAProgram, [], { tracer }))).toBe(1);
  });
});
