/**
 * The backend of an `Llm`: the openai SDK client, and the embedded simulator behind it when no
 * endpoint is configured. The client's `fetch` is `timedFetch`, which enforces the timeouts of
 * every HTTP attempt (`firstByteTimeoutMs`, `idleTimeoutMs`, `timeoutMs`) on the response head
 * and on its body, streamed or not; the SDK's own `timeout` is set out of the way.
 *
 * The simulator starts LAZILY, on the first request (or on `ready()`), so creating an `Llm` costs
 * nothing and opens no port; concurrent first requests share one start. A start that fails is
 * reported to the requests waiting for it and tried again by the next request. After `close()`
 * every request fails with an `EpicLlmError`.
 *
 * Retries have one owner: the SDK is built with `maxRetries: 0` and `request.ts` retries.
 */
import OpenAI from 'openai';
import { EpicLlmError } from '../errors.js';
import { startSim, type SimServer } from '../sim/index.js';
import { LlmStallError, safeUrl, type LlmStallKind } from './errors.js';
import { MAX_TIMEOUT_MS, type LlmConfig, type LlmTimeouts } from './llm-options.js';

/** What the CLI can show about the backend (never the key). */
export interface LlmBackendInfo {
  /** `'simulator'`: the embedded simulated server; `'remote'`: a configured endpoint. */
  readonly kind: 'simulator' | 'remote';
  /**
   * Base URL, without userinfo, query or fragment (they may hold credentials); for the
   * simulator, undefined until it has started. For OpenAI's default, its URL.
   */
  readonly url: string | undefined;
  readonly model: string;
  readonly embeddingModel: string;
}

/** The backend of one `Llm`. */
export interface LlmBackend {
  /** The SDK client, starting the simulator first if needed. */
  client(): Promise<OpenAI>;
  /** Starts the simulator if needed; resolves with the backend's description. */
  ready(): Promise<LlmBackendInfo>;
  info(): LlmBackendInfo;
  /** One line saying where requests go, e.g. "LLM: embedded simulator at http://…/v1 (simulated, no API key)". */
  describe(): string;
  /** The embedded simulator, once started (for its metrics); undefined for a remote endpoint. */
  simulator(): SimServer | undefined;
  /** Stops the simulator (if started); later requests fail. Idempotent. */
  close(): Promise<void>;
}

interface Started {
  readonly client: OpenAI;
  readonly sim: SimServer | undefined;
}

/**
 * Creates the backend for `config` without starting anything.
 *
 * @example
 * const backend = createBackend(resolveLlmConfig({ env: {} }));
 * backend.describe(); // "LLM: embedded simulator (simulated, no API key; starts on first use)"
 */
export function createBackend(config: LlmConfig): LlmBackend {
  let started: Promise<Started> | undefined;
  let sim: SimServer | undefined;
  let closed = false;

  const begin = (): Promise<Started> => {
    if (closed) return Promise.reject(closedError());
    started ??= startBackend(config).then(
      (s) => {
        sim = s.sim;
        if (sim) config.logger?.(describeBackend(info()));
        return s;
      },
      (error: unknown) => {
        started = undefined; // the next request tries again; this one reports the failure
        throw error;
      },
    );
    return started.then((s) => {
      if (closed) throw closedError(); // closed while the simulator was starting
      return s;
    });
  };
  const info = (): LlmBackendInfo => ({
    kind: config.endpoint.kind,
    url: config.endpoint.kind === 'remote' ? safeUrl(config.endpoint.baseURL ?? OPENAI_URL) : sim?.url,
    model: config.model,
    embeddingModel: config.embeddingModel,
  });
  return {
    client: () => begin().then((s) => s.client),
    ready: () => begin().then(info),
    info,
    describe: () => describeBackend(info()),
    simulator: () => sim,
    close: async () => {
      closed = true;
      // A start that failed left nothing running; its error already went to its requests.
      await started?.then(
        (s) => s.sim?.close(),
        () => undefined,
      );
    },
  };
}

const OPENAI_URL = 'https://api.openai.com/v1';

/** The SDK client (and the simulator behind it, if that is the endpoint). */
async function startBackend(config: LlmConfig): Promise<Started> {
  const { endpoint } = config;
  const fetch = timedFetch(globalThis.fetch, config);
  const client = (baseURL: string | undefined, apiKey: string): OpenAI =>
    new OpenAI({ baseURL: baseURL ?? null, apiKey, maxRetries: 0, timeout: MAX_TIMEOUT_MS, fetch });
  if (endpoint.kind === 'remote') return { client: client(endpoint.baseURL, endpoint.apiKey), sim: undefined };
  const sim = await startSim(endpoint.sim).catch((error: unknown) => {
    throw new EpicLlmError(`Could not start the embedded LLM simulator: ${(error as Error).message}`, { cause: error });
  });
  return { client: client(sim.url, 'sk-epic-simulator'), sim };
}

function describeBackend({ kind, url, model }: LlmBackendInfo): string {
  if (kind === 'remote') return `LLM: ${url} (model ${model})`;
  return url === undefined
    ? 'LLM: embedded simulator (simulated, no API key; starts on first use)'
    : `LLM: embedded simulator at ${url} (simulated, no API key)`;
}

function closedError(): EpicLlmError {
  return new EpicLlmError('This Llm was closed; create a new one with createLlm()');
}

/** Starts a timer and returns the function that cancels it (a test passes a manual clock). */
export type StartTimer = (fire: () => void, ms: number) => () => void;

/** The default timer: `setTimeout`, unref'd (a pending attempt's socket keeps the process alive, not its timer). */
const realTimer: StartTimer = (fire, ms) => {
  const handle = setTimeout(fire, ms);
  handle.unref();
  return () => clearTimeout(handle);
};

/**
 * Wraps `fetchImpl` so that each call (one HTTP attempt) fails with an `LlmStallError` when
 * - the response head (status and headers) has not arrived `firstByteTimeoutMs` after the call
 *   (for a non-streamed answer, most servers send the head only once generation is done);
 * - the body's next chunk has not arrived `idleTimeoutMs` after the reader asked for it — for a
 *   stream, the gap between events. The clock runs only while a read is pending, so a slow
 *   consumer never trips it; it restarts at every chunk;
 * - the whole response (head and body) is not done `timeoutMs` after the call.
 * The failing attempt's connection is aborted. A head-phase failure rejects the fetch (the SDK
 * wraps it in an `APIConnectionError`, its cause); a body-phase failure errors the body stream,
 * so `response.json()` rejects, or iterating an SDK `Stream` throws, with the `LlmStallError`.
 * Aborting `init.signal` still aborts as usual (an aborted SDK stream ends quietly).
 *
 * @example
 * new OpenAI({ apiKey, maxRetries: 0, fetch: timedFetch(fetch, { firstByteTimeoutMs: 60_000, idleTimeoutMs: 30_000, timeoutMs: 600_000 }) });
 */
export function timedFetch(
  fetchImpl: typeof fetch,
  timeouts: LlmTimeouts,
  startTimer: StartTimer = realTimer,
): typeof fetch {
  return async (input, init = {}) => {
    const watch = new AttemptWatch(timeouts, startTimer, init.signal ?? undefined);
    let response: Response;
    try {
      response = await Promise.race([fetchImpl(input, { ...init, signal: watch.signal }), watch.stalled]);
    } catch (error) {
      watch.end();
      throw watch.failure ?? error;
    }
    watch.headReceived();
    if (response.body === null) {
      watch.end();
      return response;
    }
    const { status, statusText, headers, url } = response;
    const watched = new Response(watchedBody(response.body, watch), { status, statusText, headers });
    Object.defineProperty(watched, 'url', { value: url }); // for the SDK's debug logs
    return watched;
  };
}

/** The timers and the abort controller of one attempt. */
class AttemptWatch {
  /** Rejects with the `LlmStallError` when a limit is broken (handled, so never "unhandled"). */
  readonly stalled: Promise<never>;
  failure: LlmStallError | undefined;
  private readonly controller = new AbortController();
  private readonly cancels = new Map<LlmStallKind, () => void>();
  private fail: (error: LlmStallError) => void = () => undefined;
  private readonly unlink: () => void;

  constructor(
    private readonly timeouts: LlmTimeouts,
    private readonly startTimer: StartTimer,
    outer: AbortSignal | undefined,
  ) {
    this.stalled = new Promise<never>((_, reject) => (this.fail = reject));
    this.stalled.catch(() => undefined);
    const onAbort = (): void => this.controller.abort(outer?.reason);
    if (outer?.aborted) onAbort();
    outer?.addEventListener('abort', onAbort, { once: true });
    this.unlink = () => outer?.removeEventListener('abort', onAbort);
    this.start('total', timeouts.timeoutMs);
    this.start('firstByte', timeouts.firstByteTimeoutMs);
  }

  /** The signal the real fetch is given. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  headReceived(): void {
    this.stop('firstByte');
  }

  /** The reader asked for the next chunk: the idle clock runs until `chunkReceived`. */
  reading(): void {
    this.start('idle', this.timeouts.idleTimeoutMs);
  }

  chunkReceived(): void {
    this.stop('idle');
  }

  /** The attempt is over (done, failed or cancelled): clears every timer. */
  end(): void {
    for (const kind of [...this.cancels.keys()]) this.stop(kind);
    this.unlink();
  }

  private start(kind: LlmStallKind, ms: number): void {
    this.stop(kind);
    this.cancels.set(
      kind,
      this.startTimer(() => this.expire(kind, ms), ms),
    );
  }

  private stop(kind: LlmStallKind): void {
    this.cancels.get(kind)?.();
    this.cancels.delete(kind);
  }

  private expire(kind: LlmStallKind, ms: number): void {
    this.cancels.delete(kind);
    if (this.failure || this.controller.signal.aborted) return;
    this.failure = new LlmStallError(kind, ms);
    this.end();
    this.fail(this.failure);
    this.controller.abort(this.failure);
  }
}

/** `body`, read on demand (no read-ahead), with the idle and total clocks of `watch`. */
function watchedBody(body: ReadableStream<Uint8Array>, watch: AttemptWatch): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        watch.reading();
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await Promise.race([reader.read(), watch.stalled]);
        } catch (error) {
          watch.end();
          reader.cancel(error).catch(() => undefined);
          return controller.error(watch.failure ?? error);
        }
        watch.chunkReceived();
        if (!chunk.done) return controller.enqueue(chunk.value);
        watch.end();
        controller.close();
      },
      cancel(reason) {
        watch.end();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
