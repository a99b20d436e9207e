/**
 * Validation of request bodies into typed requests. A bad body gives a 400 reply naming the
 * field, in the OpenAI error shape, never a thrown error; a size over one of the simulator's
 * limits gives a 400 `limit_exceeded` naming the limit (see `limits.ts`). Array lengths are
 * checked before their items, so an oversized request is refused without walking it.
 */
import type { SimErrorReply } from '../context.js';
import { overLimit, type SimLimits } from '../limits.js';
import type { SimMessage } from '../responders.js';

/** Either the parsed value or the 400 reply explaining what is wrong. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reply: SimErrorReply };

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
export function parseChat(body: Body, limits: SimLimits): Parsed<ChatRequest> {
  const params = parseGeneration(body, limits);
  if (!params.ok) return params;
  const raw = body['messages'];
  if (!Array.isArray(raw) || raw.length === 0) return fail('"messages" must be a non-empty array');
  if (raw.length > limits.maxMessages) return over('messages', `has ${raw.length} messages`, limits, 'maxMessages');
  const choices = checkChoices(1, params.value.n, limits);
  if (choices) return choices;
  const messages: SimMessage[] = [];
  for (const [i, m] of raw.entries()) {
    if (!isObject(m) || typeof m['role'] !== 'string') return fail(`"messages[${i}].role" must be a string`);
    const content = m['content'];
    if (Array.isArray(content) && content.length > limits.maxMessages) {
      return over(`messages[${i}].content`, `has ${content.length} parts`, limits, 'maxMessages');
    }
    messages.push({ role: m['role'], content: contentText(content) });
  }
  const prompt = messages.findLast((m) => m.role === 'user')?.content ?? '';
  return ok({ ...params.value, kind: 'chat', messages, prompt });
}

/** Parses POST /v1/completions. */
export function parseCompletion(body: Body, limits: SimLimits): Parsed<CompletionRequest> {
  const params = parseGeneration(body, limits);
  if (!params.ok) return params;
  const prompts = stringList(body['prompt'], 'prompt', 'prompts', limits, 'maxInputs');
  if (prompts && !prompts.ok) return prompts;
  if (!prompts || prompts.value.length === 0) return fail('"prompt" must be a string or a non-empty array of strings');
  const choices = checkChoices(prompts.value.length, params.value.n, limits);
  if (choices) return choices;
  return ok({ ...params.value, kind: 'completion', prompts: prompts.value });
}

/** Parses POST /v1/embeddings. */
export function parseEmbedding(body: Body, limits: SimLimits): Parsed<EmbeddingRequest> {
  const model = body['model'];
  if (typeof model !== 'string' || model === '') return fail('"model" is required');
  const inputs = stringList(body['input'], 'input', 'inputs', limits, 'maxInputs');
  if (inputs && !inputs.ok) return inputs;
  if (!inputs || inputs.value.length === 0) return fail('"input" must be a string or a non-empty array of strings');
  const format = body['encoding_format'] ?? 'float';
  if (format !== 'float' && format !== 'base64') return fail('"encoding_format" must be "float" or "base64"');
  const dimensions = body['dimensions'];
  if (dimensions !== undefined && !isPositiveInt(dimensions)) return fail('"dimensions" must be a positive integer');
  if (dimensions !== undefined && dimensions > limits.maxDimensions) {
    return over('dimensions', `is ${dimensions}`, limits, 'maxDimensions');
  }
  return ok({ model, inputs: inputs.value, base64: format === 'base64', dimensions });
}

function parseGeneration(body: Body, limits: SimLimits): Parsed<GenerationParams> {
  const { model, n = 1, temperature = 1, stream = false, stop } = body;
  const given = (key: string): boolean => body[key] !== undefined && body[key] !== null;
  const tokensKey = given('max_completion_tokens') ? 'max_completion_tokens' : 'max_tokens';
  const maxTokens = body[tokensKey] ?? undefined;
  if (typeof model !== 'string' || model === '') return fail('"model" is required');
  if (!isPositiveInt(n)) return fail('"n" must be a positive integer');
  if (n > limits.maxN) return over('n', `is ${n}`, limits, 'maxN');
  if (typeof temperature !== 'number' || temperature < 0 || temperature > 2)
    return fail('"temperature" must be in [0, 2]');
  if (maxTokens !== undefined && !isPositiveInt(maxTokens)) return fail(`"${tokensKey}" must be a positive integer`);
  if (maxTokens !== undefined && maxTokens > limits.maxTokens)
    return over(tokensKey, `is ${maxTokens}`, limits, 'maxTokens');
  const stops = stop === null || stop === undefined ? ok([]) : stringList(stop, 'stop', 'strings', limits, 'maxStop');
  if (stops && !stops.ok) return stops;
  if (!stops) return fail('"stop" must be a string or an array of strings');
  if (typeof stream !== 'boolean') return fail('"stream" must be a boolean');
  const streamOptions = body['stream_options'];
  const includeUsage = isObject(streamOptions) && streamOptions['include_usage'] === true;
  return ok({ model, n, temperature, maxTokens, stop: stops.value, stream, includeUsage });
}

/** The 400 for prompts × n over `maxChoices`, or undefined. */
function checkChoices(prompts: number, n: number, limits: SimLimits): Parsed<never> | undefined {
  const choices = prompts * n;
  if (choices <= limits.maxChoices) return undefined;
  const actual = `is ${n} for ${prompts} prompt${prompts === 1 ? '' : 's'}, ${choices} choices`;
  return over('n', actual, limits, 'maxChoices');
}

/**
 * A string or an array of strings as a list: the 400 when the array is longer than the limit
 * (checked before its items), undefined when it is neither.
 */
function stringList(
  value: unknown,
  param: string,
  unit: string,
  limits: SimLimits,
  limit: keyof SimLimits,
): Parsed<string[]> | undefined {
  if (typeof value === 'string') return ok([value]);
  if (!Array.isArray(value)) return undefined;
  if (value.length > limits[limit]) return over(param, `has ${value.length} ${unit}`, limits, limit);
  return value.every((v) => typeof v === 'string') ? ok(value as string[]) : undefined;
}

function over(
  param: string,
  actual: string,
  limits: SimLimits,
  limit: keyof SimLimits,
): { ok: false; reply: SimErrorReply } {
  return { ok: false, reply: overLimit(param, actual, limits[limit], limit) };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is Body => isObject(part) && part['type'] === 'text' && typeof part['text'] === 'string')
    .map((part) => part['text'] as string)
    .join('');
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** Whether `value` is a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
