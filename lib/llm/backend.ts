/**
 * The backend of an `Llm`: the openai SDK client, and the embedded simulator behind it when no
 * endpoint is configured.
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
import { safeUrl } from './errors.js';
import type { LlmConfig } from './options.js';

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
      await started?.then((s) => s.sim?.close(), () => undefined);
    },
  };
}

const OPENAI_URL = 'https://api.openai.com/v1';

/** The SDK client (and the simulator behind it, if that is the endpoint). */
async function startBackend(config: LlmConfig): Promise<Started> {
  const { endpoint } = config;
  const client = (baseURL: string | undefined, apiKey: string): OpenAI =>
    new OpenAI({ baseURL: baseURL ?? null, apiKey, maxRetries: 0, timeout: config.timeoutMs });
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
