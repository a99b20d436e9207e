/**
 * What the simulated server counts, for tests and benchmarks. `snapshot()` returns a deep copy,
 * so a test can keep one and compare it with a later one.
 *
 * Gotcha: counts are recorded when the server writes, before the bytes reach the client, so a
 * client that has its response can read metrics that already include it. An early close is
 * recorded when the server sees the socket close, which takes a few ms after the client aborts.
 */
import { SIM_FAULT_KINDS, type SimFaultKind } from './faults.js';

/** The route a request was matched to. */
export type SimRoute = 'chat' | 'completions' | 'embeddings' | 'models' | 'unknown';

/** The routes that take prompts (or inputs). */
export type SimServedRoute = 'chat' | 'completions' | 'embeddings';

/** Where a request was when its client went away. */
export type SimPhase = 'reading' | 'overhead' | 'queued' | 'working' | 'streaming' | 'stalled';

/** A request whose client disconnected before the response was complete. */
export interface SimEarlyClose {
  readonly route: SimRoute;
  readonly phase: SimPhase;
  /** Wall-clock time (`Date.now()`) at which the server saw the close. */
  readonly at: number;
  /** Ms from the request's arrival to the close. */
  readonly msFromStart: number;
  /** Ms from the last byte the server wrote to the close; null if it wrote nothing. */
  readonly msSinceLastWrite: number | null;
}

/** A snapshot of the metrics. */
export interface SimMetrics {
  /**
   * Responses by route, then status ("200", "429", …; "none" when no response head was written:
   * a drop, a stall or a client that left early).
   */
  readonly requests: Readonly<Partial<Record<SimRoute, Readonly<Record<string, number>>>>>;
  /** Prompts (chat messages, completion prompts, embedding inputs) in fully written successes. */
  readonly promptsServed: number;
  /** Prompts per accepted (well-formed) generation or embeddings request, in arrival order. */
  readonly batchSizes: readonly number[];
  /** Requests holding a slot now, and the most at once. */
  readonly inService: number;
  readonly maxInService: number;
  /** Requests waiting for a slot now, and the most at once. */
  readonly queued: number;
  readonly maxQueued: number;
  /** Injected faults by kind. */
  readonly faults: Readonly<Record<SimFaultKind, number>>;
  /** Requests whose client disconnected before the response was complete, in order. */
  readonly earlyCloses: readonly SimEarlyClose[];
  /**
   * Per route, how many fully written successful responses answered each prompt (the last user
   * message for chat). A prompt is counted once per response, whatever `n` is.
   */
  readonly completed: Readonly<Record<SimServedRoute, Readonly<Record<string, number>>>>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/** Records metrics; `snapshot` copies them out, `reset` starts over (gauges keep their values). */
export class MetricsRecorder {
  private data: Mutable<SimMetrics> = emptyMetrics(0, 0);

  /** A response head was written with `status` ("none": the request ended without one). */
  response(route: SimRoute, status: string): void {
    const byStatus = { ...this.data.requests[route] };
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    this.data.requests = { ...this.data.requests, [route]: byStatus };
  }

  /** A well-formed generation or embeddings request carrying `prompts` prompts arrived. */
  accepted(prompts: number): void {
    this.data.batchSizes.push(prompts);
  }

  /** The slot pool changed: requests in service and waiting now. */
  gauge(inService: number, queued: number): void {
    this.data.inService = inService;
    this.data.queued = queued;
    this.data.maxInService = Math.max(this.data.maxInService, inService);
    this.data.maxQueued = Math.max(this.data.maxQueued, queued);
  }

  /** A fault of `kind` was injected. */
  fault(kind: SimFaultKind): void {
    this.data.faults = { ...this.data.faults, [kind]: this.data.faults[kind] + 1 };
  }

  /** A client disconnected before its response was complete. */
  earlyClose(close: SimEarlyClose): void {
    this.data.earlyCloses.push(close);
  }

  /** A successful response answering `prompts` (one entry per prompt) was fully written. */
  served(route: SimServedRoute, prompts: readonly string[]): void {
    const counts = { ...this.data.completed[route] };
    for (const prompt of prompts) counts[prompt] = (counts[prompt] ?? 0) + 1;
    this.data.completed = { ...this.data.completed, [route]: counts };
    this.data.promptsServed += prompts.length;
  }

  /** A deep copy of the metrics now. */
  snapshot(): SimMetrics {
    return structuredClone(this.data);
  }

  /** Clears every count; the gauges keep their current values (and restart their maxima there). */
  reset(): void {
    this.data = emptyMetrics(this.data.inService, this.data.queued);
  }
}

function emptyMetrics(inService: number, queued: number): Mutable<SimMetrics> {
  const faults = Object.fromEntries(SIM_FAULT_KINDS.map((k) => [k, 0])) as Record<SimFaultKind, number>;
  return {
    requests: {},
    promptsServed: 0,
    batchSizes: [],
    inService,
    maxInService: inService,
    queued,
    maxQueued: queued,
    faults,
    earlyCloses: [],
    completed: { chat: {}, completions: {}, embeddings: {} },
  };
}
