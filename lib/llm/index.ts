/**
 * The LLM externals of epic-rx on the official openai SDK: `createLlm()` gives `chat`,
 * `chatStream` (streamed text), `complete` (batched) and `embed` (batched) host functions for
 * any OpenAI-compatible endpoint, or for the embedded simulator when no endpoint is configured.
 */
export { createLlm, type Llm, type LlmHosts } from './llm.js';
export {
  DEFAULT_LLM_RETRY,
  DEFAULT_LLM_TIMEOUTS,
  resolveLlmConfig,
  type LlmConfig,
  type LlmEndpoint,
  type LlmOptions,
} from './llm-options.js';
export type { LlmBackendInfo } from './backend.js';
export type { Chat, ChatMessage, ChatOptions, ChatPrompt } from './chat.js';
export type { ChatStream, ChatStreamOptions } from './chat-stream.js';
export type { Complete, CompleteOptions, CompleteSamplesOptions } from './complete.js';
export type { Embed, EmbedOptions } from './embed.js';
export type { SamplingOptions } from './params.js';
export { LlmStallError, redact } from './errors.js';
