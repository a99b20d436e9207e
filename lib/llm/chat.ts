/**
 * `chat`: one `/v1/chat/completions` request per call (the API takes one conversation per
 * request, so chat is not batched), answered with the reply's text.
 */
import type OpenAI from 'openai';
import { map, type Observable } from 'rxjs';
import { EpicLlmError } from '../errors.js';
import {
  checkOptions,
  isDeterministic,
  orFail,
  paramsKey,
  SAMPLING_KEYS,
  samplingParams,
  type SamplingOptions,
} from './params.js';
import { createSharedCalls, reportOf, type JoinReport } from './sharing.js';
import type { RequestCallers } from './rate-limited.js';
import type { Requester } from './request.js';

/** A chat message, as the openai SDK takes it. */
export type ChatMessage = OpenAI.Chat.ChatCompletionMessageParam;

/** A user prompt, or a whole conversation. */
export type ChatPrompt = string | readonly ChatMessage[];

/** Options of one `chat` call. */
export interface ChatOptions extends SamplingOptions {
  /** A system message put before the prompt. */
  readonly system?: string;
}

/** The chat host function: the reply's text. */
export type Chat = (prompt: ChatPrompt, options?: ChatOptions) => Observable<string>;

const CHAT_KEYS: readonly string[] = Object.freeze([...SAMPLING_KEYS, 'system']);

/**
 * Creates the `chat` host function of an Llm.
 *
 * Gotcha: a reply stopped by the content filter (or a refusal) fails the call with an
 * `EpicLlmError`; it is not retried. A deterministic call (temperature 0 or `cache: true`) may
 * share its request with an identical one in flight.
 *
 * @example
 * const chat = createChat({ send, model: 'epic-sim', cacheSize: 0 });
 * chat('Name a colour', { temperature: 0, max_tokens: 5 }).subscribe(console.log);
 */
export function createChat(deps: {
  readonly send: Requester;
  readonly model: string;
  readonly cacheSize: number;
}): Chat {
  const { send, model } = deps;
  const shared = createSharedCalls<string>(deps.cacheSize);
  return function (this: unknown, prompt, options = {}) {
    const report = reportOf(this);
    return orFail(checkOptions('chat', options, CHAT_KEYS) ?? checkPrompt('chat', prompt), () => {
      const params = samplingParams(options, model);
      const messages = toMessages(prompt, options.system);
      const body = { ...params, messages };
      const call = (client: OpenAI, signal: AbortSignal) => client.chat.completions.create(body, { signal });
      const ask = (tell: JoinReport, callers: RequestCallers) =>
        send('chat', call, (id) => tell({ id, size: 1 }), callers).pipe(map(replyText));
      return shared(isDeterministic(options), () => paramsKey(params, messages), report, ask);
    });
  };
}

/**
 * An `EpicLlmError` when `prompt` is neither a string nor a non-empty array of messages.
 *
 * @example
 * checkPrompt('chat', 42)?.message // 'chat: the prompt must be a string or a non-empty array of messages, got 42'
 */
export function checkPrompt(operation: string, prompt: unknown): EpicLlmError | undefined {
  const ok = typeof prompt === 'string' || (Array.isArray(prompt) && prompt.length > 0);
  if (ok) return undefined;
  return new EpicLlmError(
    `${operation}: the prompt must be a string or a non-empty array of messages, got ${JSON.stringify(prompt)}`,
  );
}

/**
 * The messages of a request: the prompt as a user message (or the conversation as given), after
 * the system message if there is one.
 *
 * @example
 * toMessages('hi', 'be brief') // [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }]
 */
export function toMessages(prompt: ChatPrompt, system: string | undefined): ChatMessage[] {
  const conversation: ChatMessage[] = typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : [...prompt];
  return system === undefined ? conversation : [{ role: 'system', content: system }, ...conversation];
}

/**
 * The error of a refused reply — finish reason "content_filter", or a refusal text — else
 * undefined. `operation` starts the message.
 *
 * @example
 * refusalError('chat', 'content_filter', null)?.message // 'chat answer refused (finish_reason "content_filter")'
 */
export function refusalError(
  operation: string,
  finishReason: string | null,
  refusal: string | null | undefined,
): EpicLlmError | undefined {
  if (finishReason !== 'content_filter' && !refusal) return undefined;
  const why = refusal ? `: ${refusal}` : '';
  return new EpicLlmError(`${operation} answer refused (finish_reason "${finishReason}")${why}`);
}

function replyText(reply: OpenAI.Chat.ChatCompletion): string {
  const choice = reply.choices[0];
  if (!choice) throw new EpicLlmError('chat answer had no choices');
  const refused = refusalError('chat', choice.finish_reason, choice.message.refusal);
  if (refused) throw refused;
  return choice.message.content ?? '';
}
