/**
 * Configuration of the LLM externals: the options `createLlm` takes, the environment variables
 * they fall back to, and the resolved configuration with every default filled in.
 *
 * Backend choice: an API key or a base URL (from the options or the environment) selects that
 * OpenAI-compatible endpoint; with neither, the embedded simulated server (`lib/sim`) is used.
 */
import type { BackoffOptions } from '../../operators/index.js';
import { checkCount, checkNumber, type NumberRule } from '../../operators/internal/check-options.js';
import { resolveSimOptions, type SimOptionsInput } from '../sim/index.js';

/** Options of `createLlm`; every field is optional. Options win over environment variables. */
export interface LlmOptions {
  /** Base URL of an OpenAI-compatible API (env `OPENAI_BASE_URL`). Default: OpenAI's, or the simulator. */
  readonly baseURL?: string;
  /** API key (env `OPENAI_API_KEY`). Never appears in messages, logs or events. */
  readonly apiKey?: string;
  /** Default model of `chat` and `complete` (env `EPIC_MODEL`). Default "epic-sim" / "gpt-4o-mini". */
  readonly model?: string;
  /** Default model of `embed` (env `EPIC_EMBEDDING_MODEL`). Default "epic-sim-embed" / "text-embedding-3-small". */
  readonly embeddingModel?: string;
  /** Most prompts in one `/v1/completions` request. Default 64. */
  readonly maxBatchSize?: number;
  /** Most inputs in one `/v1/embeddings` request. Default 128. */
  readonly maxEmbedBatchSize?: number;
  /** Batch window opened by the first caller, in ms. Default: none (the same tick). */
  readonly windowMs?: number;
  /** Requests in flight at once to the endpoint (all operations together). Default 16. */
  readonly maxConcurrency?: number;
  /** Retry policy (see `retryWithBackoff`), merged over `DEFAULT_LLM_RETRY`. */
  readonly retry?: BackoffOptions;
  /** Results of deterministic calls to keep: 0 = share in-flight calls only, `Infinity` = all. Default 0. */
  readonly cacheSize?: number;
  /**
   * Longest wait for the response head (status and headers) of one HTTP attempt, in ms, from
   * sending it. Default 60 000. A stalled attempt fails and is retried like any transient error.
   *
   * Gotcha: for a non-streamed answer most servers send the head only when generation is done,
   * so this must exceed your longest generation; raise it for slow reasoning models or very long
   * outputs (or stream them). Node's fetch has its own 300 s limits on the head and on body
   * silence, so values above 300 000 here and in `idleTimeoutMs` end at 300 s anyway.
   */
  readonly firstByteTimeoutMs?: number;
  /**
   * Longest silence inside a response body, in ms: the time the reader waits for the next chunk
   * (for a stream, the gap between events; the clock runs only while a read is pending, so a
   * slow consumer never trips it). Default 30 000. Retried like `firstByteTimeoutMs`.
   */
  readonly idleTimeoutMs?: number;
  /** Longest time for one whole HTTP attempt (head and body), in ms; a backstop. Default 600 000. */
  readonly timeoutMs?: number;
  /** Options of the embedded simulator, when it is used (e.g. `{ timeScale: 0.1 }`). */
  readonly sim?: SimOptionsInput;
  /** Receives the library's few lines (e.g. which backend started). Default: silent. */
  readonly logger?: (line: string) => void;
  /** Where environment variables are read. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Where requests go. */
export type LlmEndpoint =
  | {
      readonly kind: 'remote';
      readonly baseURL: string | undefined;
      readonly apiKey: string;
      readonly secret: string | undefined;
    }
  | { readonly kind: 'simulator'; readonly sim: SimOptionsInput };

/** The resolved configuration (see `LlmOptions` for each field). */
export interface LlmConfig {
  readonly endpoint: LlmEndpoint;
  readonly model: string;
  readonly embeddingModel: string;
  readonly maxBatchSize: number;
  readonly maxEmbedBatchSize: number;
  readonly windowMs: number | undefined;
  readonly maxConcurrency: number;
  readonly retry: BackoffOptions;
  readonly cacheSize: number;
  readonly firstByteTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly timeoutMs: number;
  readonly logger: ((line: string) => void) | undefined;
}

/** The three timeouts of one HTTP attempt (see `LlmOptions`); an `LlmConfig` is one. */
export type LlmTimeouts = Pick<LlmConfig, 'firstByteTimeoutMs' | 'idleTimeoutMs' | 'timeoutMs'>;

/** The default timeouts: 60 s to the response head, 30 s of silence in a body, 600 s in all. */
export const DEFAULT_LLM_TIMEOUTS: LlmTimeouts = Object.freeze({
  firstByteTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  timeoutMs: 600_000,
});

/**
 * The retry policy unless `LlmOptions.retry` overrides a field: 5 retries, 500 ms doubling to at
 * most 20 s with half jitter; a Retry-After hint is obeyed up to 60 s.
 */
export const DEFAULT_LLM_RETRY: BackoffOptions = Object.freeze({
  maxRetries: 5,
  initialDelayMs: 500,
  maxDelayMs: 20_000,
  jitter: 0.5,
  maxRetryAfterMs: 60_000,
});

/** The key the SDK is given for endpoints that need none (the SDK refuses an empty key). */
export const PLACEHOLDER_API_KEY = 'sk-no-key-needed';

/**
 * Fills in defaults from the options, then the environment, then the built-in values. Throws an
 * `EpicError` naming the option (e.g. `createLlm: option "timeoutMs" must be …`) for a bad number,
 * and for bad `sim` options when the simulator is the endpoint.
 *
 * Gotcha: an empty environment variable counts as unset, and `complete` uses `model` too, so
 * against OpenAI itself pass a completions model (e.g. "gpt-3.5-turbo-instruct") per call.
 *
 * @example
 * resolveLlmConfig({ env: {} }).endpoint.kind                          // 'simulator'
 * resolveLlmConfig({ env: { OPENAI_API_KEY: 'sk-…' } }).model          // 'gpt-4o-mini'
 */
export function resolveLlmConfig(options: LlmOptions = {}): LlmConfig {
  checkNumbers(options);
  const env = options.env ?? process.env;
  const read = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const baseURL = options.baseURL ?? read('OPENAI_BASE_URL');
  const secret = options.apiKey ?? read('OPENAI_API_KEY');
  const simulated = baseURL === undefined && secret === undefined;
  if (simulated) resolveSimOptions(options.sim); // bad simulator options throw now, not on the first call
  const endpoint: LlmEndpoint = simulated
    ? { kind: 'simulator', sim: options.sim ?? {} }
    : { kind: 'remote', baseURL, apiKey: secret ?? PLACEHOLDER_API_KEY, secret };
  return {
    endpoint,
    model: options.model ?? read('EPIC_MODEL') ?? (simulated ? 'epic-sim' : 'gpt-4o-mini'),
    embeddingModel:
      options.embeddingModel ??
      read('EPIC_EMBEDDING_MODEL') ??
      (simulated ? 'epic-sim-embed' : 'text-embedding-3-small'),
    maxBatchSize: options.maxBatchSize ?? 64,
    maxEmbedBatchSize: options.maxEmbedBatchSize ?? 128,
    windowMs: options.windowMs,
    maxConcurrency: options.maxConcurrency ?? 16,
    retry: { ...DEFAULT_LLM_RETRY, ...options.retry },
    cacheSize: options.cacheSize ?? 0,
    firstByteTimeoutMs: options.firstByteTimeoutMs ?? DEFAULT_LLM_TIMEOUTS.firstByteTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_LLM_TIMEOUTS.idleTimeoutMs,
    timeoutMs: options.timeoutMs ?? DEFAULT_LLM_TIMEOUTS.timeoutMs,
    logger: options.logger,
  };
}

/** The longest timeout: Node's `setTimeout` takes a 32-bit delay (and fires at once above it). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Throws an `EpicError` for the first numeric option (retry's included) that is out of range. */
function checkNumbers(options: LlmOptions): void {
  const { retry = {} } = options;
  const count = (name: string, value: number | undefined, min = 1): void => {
    if (value !== undefined) checkCount('createLlm', name, value, { min });
  };
  const number = (name: string, value: number | undefined, rule: NumberRule): void => {
    if (value !== undefined) checkNumber('createLlm', name, value, rule);
  };
  count('maxBatchSize', options.maxBatchSize);
  count('maxEmbedBatchSize', options.maxEmbedBatchSize);
  count('maxConcurrency', options.maxConcurrency);
  count('cacheSize', options.cacheSize, 0);
  number('windowMs', options.windowMs, { min: 0, finite: true });
  for (const name of ['firstByteTimeoutMs', 'idleTimeoutMs', 'timeoutMs'] as const) {
    number(name, options[name], { min: 1, max: MAX_TIMEOUT_MS });
  }
  count('retry.maxRetries', retry.maxRetries, 0);
  number('retry.initialDelayMs', retry.initialDelayMs, { min: 0, finite: true });
  number('retry.factor', retry.factor, { min: 1 });
  number('retry.maxDelayMs', retry.maxDelayMs, { min: 0 });
  number('retry.jitter', retry.jitter, { min: 0, max: 1 });
  number('retry.maxRetryAfterMs', retry.maxRetryAfterMs, { min: 0 });
}
