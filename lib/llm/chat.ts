/**
 * `chat`: one `/v1/chat/completions` request per call (the API takes one conversation per
 * request, so chat is not batched), answered with the reply's text.
 */
import type OpenAI from 'openai';
import { map, type Observable } from 'rxjs';
import { createDedupe } from '../../operators/index.js';
import { EpicLlmError } from '../errors.js';
import {
  checkOptions, isDeterministic, orFail, paramsKey, SAMPLING_KEYS, samplingParams, shareIf, type SamplingOptions,
} from './params.js';
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
export function createChat(deps: { readonly send: Requester; readonly model: string; readonly cacheSize: number }): Chat {
  const { send, model } = deps;
  const dedupe = createDedupe<string>({ cache: deps.cacheSize });
  return (prompt, options = {}) =>
    orFail(checkOptions('chat', options, CHAT_KEYS) ?? checkPrompt(prompt), () => {
      const params = samplingParams(options, model);
      const messages = toMessages(prompt, options.system);
      const ask = () =>
        send('chat', (client, signal) => client.chat.completions.create({ ...params, messages }, { signal })).pipe(map(replyText));
      return shareIf(isDeterministic(options), dedupe, () => paramsKey(params, messages), ask);
    });
}

function checkPrompt(prompt: unknown): EpicLlmError | undefined {
  const ok = typeof prompt === 'string' || (Array.isArray(prompt) && prompt.length > 0);
  if (ok) return undefined;
  return new EpicLlmError(`chat: the prompt must be a string or a non-empty array of messages, got ${JSON.stringify(prompt)}`);
}

function toMessages(prompt: ChatPrompt, system: string | undefined): ChatMessage[] {
  const conversation: ChatMessage[] = typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : [...prompt];
  return system === undefined ? conversation : [{ role: 'system', content: system }, ...conversation];
}

function replyText(reply: OpenAI.Chat.ChatCompletion): string {
  const choice = reply.choices[0];
  if (!choice) throw new EpicLlmError('chat answer had no choices');
  if (choice.finish_reason === 'content_filter' || choice.message.refusal) {
    const why = choice.message.refusal ? `: ${choice.message.refusal}` : '';
    throw new EpicLlmError(`chat answer refused (finish_reason "${choice.finish_reason}")${why}`);
  }
  return choice.message.content ?? '';
}
