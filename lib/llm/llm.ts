/**
 * `createLlm`: the LLM host functions (`chat`, `chatStream`, `complete`, `embed`) of one
 * endpoint, with the endpoint's flow control (one limiter, one retry policy) and per-operation
 * batching and dedupe.
 */
import type { SimServer } from '../sim/index.js';
import { createBackend, type LlmBackendInfo } from './backend.js';
import { createChatStream, type ChatStream, type ChatStreamOptions } from './chat-stream.js';
import { createChat, type Chat, type ChatOptions, type ChatPrompt } from './chat.js';
import { createComplete, type Complete, type CompleteOptions, type CompleteSamplesOptions } from './complete.js';
import { createEmbed, type Embed, type EmbedOptions } from './embed.js';
import { resolveLlmConfig, type LlmOptions } from './llm-options.js';
import { createRequester } from './request.js';

/** The host functions as program code sees them: their results, not Observables. */
export interface LlmHosts {
  readonly chat: (prompt: ChatPrompt, options?: ChatOptions) => string;
  /** The reply as a string that arrives in chunks: consumers start on what has arrived. */
  readonly chatStream: (prompt: ChatPrompt, options?: ChatStreamOptions) => string;
  readonly complete: {
    (prompt: string, options: CompleteSamplesOptions): string[];
    (prompt: string, options?: CompleteOptions): string;
  };
  readonly embed: (text: string, options?: EmbedOptions) => number[];
}

/** The LLM externals of one endpoint. */
export interface Llm {
  /** `chat(prompt | messages, options?)`: the reply's text. */
  readonly chat: Chat;
  /**
   * `chatStream(prompt | messages, options?)`: the reply as a text stream (`asStream(chunks$,
   * 'text')`) of its deltas; never shared; not retried once text has arrived.
   */
  readonly chatStream: ChatStream;
  /** `complete(prompt, options?)`: the completion's text (with `n`: `n` texts); batched. */
  readonly complete: Complete;
  /** `embed(text, options?)`: the embedding vector; batched. */
  readonly embed: Embed;
  /**
   * The same four functions typed for program code, where a call IS its result:
   * `const { chat } = llm.hosts; program({ chat }, (q: string) => chat(q).toUpperCase())`.
   */
  readonly hosts: LlmHosts;
  /** Where requests go (never the key). */
  info(): LlmBackendInfo;
  /** One printable line saying where requests go, e.g. "LLM: embedded simulator at … (simulated, no API key)". */
  describe(): string;
  /** Starts the embedded simulator now if it is used (it otherwise starts on the first call). */
  ready(): Promise<LlmBackendInfo>;
  /**
   * The embedded simulator this Llm started, if any — e.g. to read its metrics (requests sent,
   * prompts per request). Undefined for a remote endpoint or before the first call.
   */
  simulator(): SimServer | undefined;
  /** Stops what this Llm started (the embedded simulator); later calls fail. Idempotent. */
  close(): Promise<void>;
}

/**
 * Creates the LLM externals. Configuration comes from `options`, then the environment
 * (`OPENAI_BASE_URL`, `OPENAI_API_KEY`, `EPIC_MODEL`, `EPIC_EMBEDDING_MODEL`); with neither a key
 * nor a base URL, the embedded simulated server is used, started on the first call.
 *
 * Every function returns a cold Observable (`chatStream`: a text stream whose `source` is one):
 * subscribing sends the request (or joins a batch), unsubscribing before the answer cancels it
 * (a batch's request is aborted when its last caller leaves). Failures are `EpicLlmError`s
 * naming the operation and the status. Bad option values (e.g. `maxBatchSize: 0`) throw an
 * `EpicError` here.
 *
 * Gotcha: nothing is printed; pass `logger` to hear which backend started, or print `describe()`.
 * Call `close()` when done, or the embedded simulator keeps the process alive.
 *
 * @example
 * const llm = createLlm({ maxBatchSize: 16, logger: console.error });
 * const { complete } = llm.hosts;
 * const summarize = program({ complete }, (doc: string) => complete(`Summary of ${doc}:`, { temperature: 0 }));
 * console.log(await summarize.evaluate('…'));
 * await llm.close();
 */
export function createLlm(options: LlmOptions = {}): Llm {
  const config = resolveLlmConfig(options);
  const backend = createBackend(config);
  const send = createRequester(backend, config);
  const { cacheSize, windowMs } = config;
  const chat = createChat({ send, model: config.model, cacheSize });
  const chatStream = createChatStream({ send, model: config.model });
  // at most maxConcurrency batches out per operation: a backlog waits in the open batch, not in the limiter's queue
  const maxConcurrentBatches = config.maxConcurrency;
  const complete = createComplete({
    send,
    model: config.model,
    cacheSize,
    maxBatchSize: config.maxBatchSize,
    windowMs,
    maxConcurrentBatches,
  });
  const embed = createEmbed({
    send,
    model: config.embeddingModel,
    cacheSize,
    maxBatchSize: config.maxEmbedBatchSize,
    windowMs,
    maxConcurrentBatches,
  });
  return {
    chat,
    chatStream,
    complete,
    embed,
    hosts: { chat, chatStream, complete, embed } as unknown as LlmHosts,
    info: backend.info,
    describe: backend.describe,
    simulator: backend.simulator,
    ready: backend.ready,
    close: backend.close,
  };
}
