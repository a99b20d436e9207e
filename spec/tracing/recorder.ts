/** A tracer for the tracing specs whose finished spans land in an in-memory exporter. */
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A provider, its tracer and the exporter that holds every finished span; `sampled: false` drops every span. */
export function recorder(options: { sampled?: boolean } = {}) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    ...(options.sampled === false ? { sampler: new AlwaysOffSampler() } : {}),
  });
  return { exporter, provider, tracer: provider.getTracer('spec') };
}
