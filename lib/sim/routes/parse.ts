/**
 * Validation of request bodies into typed requests. A bad body gives a 400 reply naming the
 * field, in the OpenAI error shape, never a thrown error.
 */
import type { SimErrorReply } from '../context.js';
import type { SimMessage } from '../responders.js';

/** Either the parsed value or the 400 reply explaining what is wrong. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reply: SimErrorReply };

/** Sampling parameters shared by chat and legacy completions. */
export interface GenerationParams {
  readonly model: string;
  readonly n: number;
  readonly temperature: number;
  readonly maxTokens: number | undefined;
  readonly stop: readonly string[];
  readonly stream: boolean;
  readonly includeUsage: boolean;
}

/** A parsed chat completion request. */
export interface ChatRequest extends GenerationParams {
  readonly kind: 'chat';
  readonly messages: readonly SimMessage[];
  /** The last user message ("" when there is none). */
  readonly prompt: string;
}

/** A parsed legacy completion request (one prompt or several). */
export interface CompletionRequest extends GenerationParams {
  readonly kind: 'completion';
  readonly prompts: readonly string[];
}

/** A parsed embeddings request. */
export interface EmbeddingRequest {
  readonly model: string;
  readonly inputs: readonly string[];
  readonly base64: boolean;
  readonly dimensions: number | undefined;
}

type Body = Record<string, unknown>;

/** A 400 `invalid_request_error`. */
export function badRequest(message: string, code = 'invalid_request'): SimErrorReply {
  return { status: 400, type: 'invalid_request_error', code, message };
}

const fail = (message: string): { ok: false; reply: SimErrorReply } => ({ ok: false, reply: badRequest(message) });
const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** Parses POST /v1/chat/completions. */
export function parseChat(body: Body): Parsed<ChatRequest> {
  const params = parseGeneration(body);
  if (!params.ok) return params;
  const raw = body['messages'];
  if (!Array.isArray(raw) || raw.length === 0) return fail('"messages" must be a non-empty array');
  const messages: SimMessage[] = [];
  for (const [i, m] of raw.entries()) {
    if (!isObject(m) || typeof m['role'] !== 'string') return fail(`"messages[${i}].role" must be a string`);
    messages.push({ role: m['role'], content: contentText(m['content']) });
  }
  const prompt = messages.findLast((m) => m.role === 'user')?.content ?? '';
  return ok({ ...params.value, kind: 'chat', messages, prompt });
}

/** Parses POST /v1/completions. */
export function parseCompletion(body: Body): Parsed<CompletionRequest> {
  const params = parseGeneration(body);
  if (!params.ok) return params;
  const prompts = stringOrStrings(body['prompt']);
  if (!prompts || prompts.length === 0) return fail('"prompt" must be a string or a non-empty array of strings');
  return ok({ ...params.value, kind: 'completion', prompts });
}

/** Parses POST /v1/embeddings. */
export function parseEmbedding(body: Body): Parsed<EmbeddingRequest> {
  const model = body['model'];
  if (typeof model !== 'string' || model === '') return fail('"model" is required');
  const inputs = stringOrStrings(body['input']);
  if (!inputs || inputs.length === 0) return fail('"input" must be a string or a non-empty array of strings');
  const format = body['encoding_format'] ?? 'float';
  if (format !== 'float' && format !== 'base64') return fail('"encoding_format" must be "float" or "base64"');
  const dimensions = body['dimensions'];
  if (dimensions !== undefined && !isPositiveInt(dimensions)) return fail('"dimensions" must be a positive integer');
  return ok({ model, inputs, base64: format === 'base64', dimensions });
}

function parseGeneration(body: Body): Parsed<GenerationParams> {
  const { model, n = 1, temperature = 1, stream = false, stop } = body;
  const maxTokens = body['max_completion_tokens'] ?? body['max_tokens'] ?? undefined;
  if (typeof model !== 'string' || model === '') return fail('"model" is required');
  if (!isPositiveInt(n) || n > 128) return fail('"n" must be an integer from 1 to 128');
  if (typeof temperature !== 'number' || temperature < 0 || temperature > 2) return fail('"temperature" must be in [0, 2]');
  if (maxTokens !== null && maxTokens !== undefined && !isPositiveInt(maxTokens)) return fail('"max_tokens" must be a positive integer');
  const stops = stop === null || stop === undefined ? [] : stringOrStrings(stop);
  if (!stops) return fail('"stop" must be a string or an array of strings');
  if (typeof stream !== 'boolean') return fail('"stream" must be a boolean');
  const streamOptions = body['stream_options'];
  const includeUsage = isObject(streamOptions) && streamOptions['include_usage'] === true;
  return ok({ model, n, temperature, maxTokens: maxTokens ?? undefined, stop: stops, stream, includeUsage });
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is Body => isObject(part) && part['type'] === 'text' && typeof part['text'] === 'string')
    .map((part) => part['text'] as string)
    .join('');
}

function stringOrStrings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** Whether `value` is a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
