/**
 * Size limits of the simulated server. The simulator runs inside the user's own process (it is
 * the default LLM backend), so a request must never be able to exhaust its memory or block its
 * event loop: every size a request can choose is bounded here, and a request over a bound is
 * answered at once with a 400 `invalid_request_error` (code `limit_exceeded`, `param` naming the
 * field) whose message names the limit and the option that raises it. Only the body size answers
 * 413 (`body_too_large`), checked from `content-length` before a byte is read.
 *
 * Work that stays within the bounds is still done in time slices (see `slicer.ts`) and written
 * in pieces, so one large request does not stall the other requests of the same server.
 *
 * Gotcha: the body is parsed with `JSON.parse`, which cannot be sliced. A body of many tiny
 * strings parses at about 25 ms per MiB, so `maxBodyBytes` is also the longest pause a single
 * request can cause; raise it only if you need bigger payloads.
 */
import { checkCount } from '../../operators/internal/check-options.js';
import type { SimErrorReply } from './context.js';

/** Every size limit; see `DEFAULT_SIM_LIMITS` for the defaults. */
export interface SimLimits {
  /** Largest request body, in bytes (413 above it). Default 4 MiB (4 194 304). */
  readonly maxBodyBytes: number;
  /** Prompts of one completions request, inputs of one embeddings request. Default 2048 (OpenAI's embeddings limit). */
  readonly maxInputs: number;
  /** Messages of one chat request, and content parts of one message. Default 4096. */
  readonly maxMessages: number;
  /** `n`, the samples per prompt. Default 128 (OpenAI's limit). */
  readonly maxN: number;
  /** Choices of one generation request: prompts × `n`. Default 4096. */
  readonly maxChoices: number;
  /**
   * `max_tokens` / `max_completion_tokens`, and the most tokens (words) any generated text has:
   * a longer responder text is cut there with `finish_reason: "length"`. Default 16 384.
   */
  readonly maxTokens: number;
  /** Stop strings of one request. Default 16 (OpenAI allows 4). */
  readonly maxStop: number;
  /** `dimensions` of an embeddings request (and the `embeddingDim` option). Default 4096. */
  readonly maxDimensions: number;
}

/** The default limits, documented field by field on `SimLimits`. */
export const DEFAULT_SIM_LIMITS: SimLimits = Object.freeze({
  maxBodyBytes: 4 * 1024 * 1024,
  maxInputs: 2048,
  maxMessages: 4096,
  maxN: 128,
  maxChoices: 4096,
  maxTokens: 16_384,
  maxStop: 16,
  maxDimensions: 4096,
});

/** The limit names, for validation and messages. */
const LIMIT_KEYS = Object.freeze(Object.keys(DEFAULT_SIM_LIMITS)) as readonly (keyof SimLimits)[];

/**
 * Fills in default limits and validates them (each a positive integer; `Infinity` is refused,
 * since an unbounded size is what these limits exist to prevent). Throws an `EpicError` naming
 * the first bad one.
 *
 * @example
 * resolveLimits({ maxInputs: 64 }).maxN // 128
 */
export function resolveLimits(input: Partial<SimLimits> = {}): SimLimits {
  const limits: SimLimits = { ...DEFAULT_SIM_LIMITS, ...input };
  for (const key of LIMIT_KEYS) checkCount('simulator', `limits.${key}`, limits[key], { allowInfinity: false });
  return limits;
}

/**
 * The 400 reply for a request over a limit: `"<param>" <actual>, over this simulator's limit of
 * <max> (option limits.<limit>)`.
 *
 * @example
 * overLimit('prompt', 'has 1000000 prompts', 2048, 'maxInputs').message
 * // "prompt" has 1000000 prompts, over this simulator's limit of 2048 (option limits.maxInputs)
 */
export function overLimit(param: string, actual: string, max: number, limit: keyof SimLimits): SimErrorReply {
  return {
    status: 400,
    type: 'invalid_request_error',
    code: 'limit_exceeded',
    param,
    message: `"${param}" ${actual}, over this simulator's limit of ${max} (option limits.${limit})`,
  };
}

/** The 413 reply for a body over `limits.maxBodyBytes`. */
export function bodyTooLarge(bytes: number | undefined, max: number): SimErrorReply {
  const size = bytes === undefined ? `more than ${max} bytes` : `${bytes} bytes`;
  return {
    status: 413,
    type: 'invalid_request_error',
    code: 'body_too_large',
    param: null,
    message: `Request body of ${size} is too large; this simulator accepts at most ${max} bytes (option limits.maxBodyBytes)`,
  };
}
