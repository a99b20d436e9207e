/**
 * The spans of one run, built from its events as they arrive:
 *
 *   run span ("run <program>")                          from subscribe to the result (or error)
 *   ├─ call span ("<host>") per host call               from `dispatched` to `resolved`/`failed`
 *   └─ request span ("<host> request") per request      from the first `batched` report to the
 *        its calls reported joining (LLM requests)      settling of its last call, LINKED to the
 *                                                       spans of the calls it carried
 *
 * Times come from the events (ms since the run started, on the run's clock) added to the wall
 * time at which the run span started, so span durations are the run's own figures. Request spans
 * are emitted when the run ends (only then are all the calls a request carried known); a request
 * shared by two runs (one batch of an Llm used by both) gets a span in each, with the same id.
 *
 * Attributes carry no values and no whole prompts: a call's arguments appear only as a summary
 * cut at 60 characters (`epic.call.args`), and LLM errors are already scrubbed of keys.
 */
import {
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { CallSite, RunEvent } from '../runtime/events.js';

const OK = { code: SpanStatusCode.OK } as const;

/** How many characters of a call's argument summary a span keeps. */
const ARGS_LIMIT = 60;

interface Carried {
  readonly host: string;
  readonly start: number;
  readonly size: number;
  readonly calls: Set<number>;
}

/** Records the spans of one run (see the module comment); `finish` ends what is still open. */
export class RunSpans {
  private readonly calls = new Map<number, { readonly span: Span; settled: number | undefined }>();
  private readonly requests = new Map<string | number, Carried>();
  private readonly context: Context;
  private count = 0;

  constructor(
    private readonly tracer: Tracer,
    readonly run: Span,
    parent: Context,
    /** Wall time (epoch ms) of the run's time 0. */
    private readonly origin: number,
  ) {
    this.context = trace.setSpan(parent, run);
  }

  /** The context of call `id`'s span (its host runs in it, call-context.ts), once it is dispatched. */
  contextOf(id: number): Context | undefined {
    const call = this.calls.get(id);
    return call && trace.setSpan(this.context, call.span);
  }

  /** Records one event of the run. */
  event(e: RunEvent): void {
    switch (e.type) {
      case 'dispatched': {
        this.count += 1;
        const attributes: Attributes = {
          'epic.call.id': e.id,
          'epic.host': e.host,
          'epic.call.args': clip(e.args),
          ...siteAttributes(e.site),
        };
        const options = { kind: SpanKind.INTERNAL, startTime: this.at(e.time), attributes };
        const span = this.tracer.startSpan(e.host, options, this.context);
        this.calls.set(e.id, { span, settled: undefined });
        break;
      }
      case 'batched': {
        const call = this.calls.get(e.id);
        call?.span.setAttributes({ 'epic.request.id': String(e.request), 'epic.request.size': e.size });
        const carried = this.requests.get(e.request) ?? { host: e.host, start: e.time, size: e.size, calls: new Set() };
        carried.calls.add(e.id);
        this.requests.set(e.request, carried);
        break;
      }
      case 'resolved':
      case 'failed': {
        const call = this.calls.get(e.id);
        if (!call || call.settled !== undefined) break;
        call.settled = e.time;
        call.span.setAttribute('epic.call.status', e.type);
        call.span.setStatus(e.type === 'failed' ? { code: SpanStatusCode.ERROR, message: e.error } : OK);
        call.span.end(this.at(e.time));
        break;
      }
      case 'input':
        this.run.addEvent(`input ${e.state}`, { 'epic.input.index': String(e.index) }, this.at(e.time));
        break;
      case 'result':
        this.finish('succeeded', e.time);
        break;
      default:
        break;
    }
  }

  /**
   * Ends the run: calls still open end as `aborted`, request spans are emitted, the run span ends
   * with `status` (an error also sets it to ERROR). `time` is in the run's ms; default now.
   */
  finish(status: 'succeeded' | 'failed' | 'unsubscribed', time?: number, error?: unknown): void {
    const end = time === undefined ? Date.now() : this.at(time);
    for (const call of this.calls.values()) {
      if (call.settled !== undefined) continue;
      call.settled = time ?? end - this.origin;
      call.span.setAttribute('epic.call.status', 'aborted');
      call.span.end(end);
    }
    for (const [id, carried] of this.requests) this.requestSpan(id, carried);
    this.requests.clear();
    this.run.setAttributes({ 'epic.run.status': status, 'epic.calls': this.count });
    if (status === 'succeeded') this.run.setStatus(OK);
    const message = error instanceof Error ? error.message : String(error);
    if (status === 'failed') this.run.setStatus({ code: SpanStatusCode.ERROR, message });
    this.run.end(end);
  }

  private requestSpan(id: string | number, carried: Carried): void {
    const links: Link[] = [];
    let settled = carried.start;
    for (const callId of carried.calls) {
      const call = this.calls.get(callId);
      if (!call) continue;
      links.push({ context: call.span.spanContext(), attributes: { 'epic.call.id': callId } });
      settled = Math.max(settled, call.settled ?? settled);
    }
    const attributes: Attributes = {
      'epic.request.id': String(id),
      'epic.request.size': carried.size,
      'epic.request.calls': carried.calls.size,
      'epic.host': carried.host,
    };
    const options = { kind: SpanKind.CLIENT, startTime: this.at(carried.start), links, attributes };
    const span = this.tracer.startSpan(`${carried.host} request`, options, this.context);
    span.end(this.at(settled));
  }

  private at(time: number): number {
    return this.origin + time;
  }
}

/** The call site as attributes: `epic.call.site` ("file:line:column") and the semantic `code.*` ones. */
function siteAttributes(site: CallSite | undefined): Attributes {
  if (!site) return {};
  const file = site.file ?? site.program;
  return {
    'epic.call.site': `${file}:${site.line}:${site.column}`,
    'code.file.path': file,
    'code.line.number': site.line,
    'code.column.number': site.column,
  };
}

function clip(text: string): string {
  return text.length > ARGS_LIMIT ? `${text.slice(0, ARGS_LIMIT - 1)}…` : text;
}
