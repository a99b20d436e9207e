import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Program } from '../../lib/index.js';
import { tracedRun } from '../../lib/tracing/index.js';
import { withoutLlmEnvironment } from '../cli/cli-harness.js';
import { recorder } from './recorder.js';

withoutLlmEnvironment(); // the demo's Llm must start the embedded simulator

let demo: { default: Program<[string[], string], unknown>; input: [string[], string]; dispose: () => Promise<void> };
beforeAll(async () => {
  demo = (await import('../../demos/map-reduce.js')) as unknown as typeof demo;
});
afterAll(() => demo.dispose());

describe('tracedRun: a batched LLM program (demos/map-reduce.ts on the embedded simulator)', () => {
  it('has one span per call and one per request, each request linked to the calls it carried', async () => {
    const { exporter, tracer } = recorder();
    await lastValueFrom(tracedRun(demo.default, demo.input, { tracer }));
    const spans = exporter.getFinishedSpans();
    const run = spans.find((s) => s.name === 'run map-reduce')!;
    const children = spans.filter((s) => s.parentSpanContext?.spanId === run.spanContext().spanId);
    expect(children).toHaveLength(spans.length - 1); // everything hangs under the run
    const calls = children.filter((s) => s.kind === SpanKind.INTERNAL);
    const requests = children.filter((s) => s.kind === SpanKind.CLIENT);
    const documents = demo.input[0].length;
    expect(calls.map((s) => s.name).sort()).toEqual([...Array(documents).fill('complete'), 'chat'].sort());
    expect(requests.map((s) => s.name).sort()).toEqual(['chat request', 'complete request']);

    const idOf = (span: ReadableSpan) => span.spanContext().spanId;
    for (const request of requests) {
      const carried = calls.filter((c) => c.attributes['epic.request.id'] === request.attributes['epic.request.id']);
      expect(request.links.map((l) => l.context.spanId).sort()).toEqual(carried.map(idOf).sort());
      expect(request.attributes['epic.request.calls']).toBe(carried.length);
    }
    const batch = requests.find((s) => s.name === 'complete request')!;
    expect(batch.links).toHaveLength(documents);
    expect(batch.attributes).toMatchObject({ 'epic.request.size': documents, 'epic.host': 'complete' });
    expect(batch.attributes['epic.request.id']).toMatch(/^complete-\d+$/);
    for (const call of calls) expect(String(call.attributes['epic.call.args']).length).toBeLessThanOrEqual(60);
  });
});
