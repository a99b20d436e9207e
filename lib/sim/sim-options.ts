/**
 * Options of the simulated server, their defaults and their validation.
 *
 * Time: every duration below is in model milliseconds and is multiplied by `timeScale` before
 * the server waits (that includes `retryAfterMs` and storm windows). `timeScale: 0.01` runs the
 * same model 100× faster; `timeScale: 0` answers as fast as the event loop allows.
 *
 * The latency of a generation request carrying `b` choices (prompts × n) whose longest choice
 * has `T` tokens (words), with `f = batchCostFactor(b, batchCurve)`:
 *
 *     overheadMs                      (before the fault check and the slot queue; no slot held)
 *   + wait for a free slot            (FIFO; `slots` requests are served at once)
 *   + f · (ttftMs + (T − 1) · perTokenMs)   (holding the slot; T = 0 counts as 1)
 *
 * Streaming sends token `i` (0-based) at `f · (ttftMs + i · perTokenMs)` after the slot is taken.
 * An embeddings request with `b` inputs holds a slot for `f · embedMs`.
 */
import { EpicError } from '../errors.js';
import { checkCount, checkNumber } from '../../operators/internal/check-options.js';
import { checkBatchCurve, LLAMA_BATCH_CURVE, type BatchCurve } from './batch-cost.js';
import { hashEmbedding, type SimEmbedder } from './embedder.js';
import { DEFAULT_SIM_LIMITS, resolveLimits, type SimLimits } from './limits.js';
import { defaultResponder, type SimResponder } from './responders.js';

/** Who bad options are reported for, in messages. */
const OWNER = 'simulator';

/**
 * A rate-limit storm: every request answers 429 while it lasts. Storms, like every fault, strike
 * chat, completions and embeddings requests alike (numbered together; see faults.ts).
 * - `firstRequests`: the first `count` such requests (counted from start or `setFaults`);
 * - `window`: a `fraction` of the requests meeting the fault check between `fromMs` and `toMs`
 *   (model ms after start or `setFaults`).
 */
export type SimStorm =
  | { readonly kind: 'firstRequests'; readonly count: number }
  | { readonly kind: 'window'; readonly fromMs: number; readonly toMs: number; readonly fraction: number };

/** The kinds of injected fault, as counted in metrics. */
export type SimFaultKind = 'rateLimit' | 'serverError' | 'drop' | 'malformed' | 'stall' | 'stallBody';

/** A work request meeting the fault check, as `SimOptions.onRequest` hears it. */
export interface SimRequestEvent {
  readonly route: 'chat' | 'completions' | 'embeddings';
  /** Its prompts: the last user message of a chat ("" if none), the prompts, or the inputs. */
  readonly prompts: readonly string[];
  /** The fault it meets (e.g. `'rateLimit'`: it is answered 429), or undefined: it is served. */
  readonly fault: SimFaultKind | undefined;
}

/**
 * Fault injection; all rates are probabilities per work request — chat, completions or
 * embeddings, not `/v1/models` — decided from `seed`.
 */
export interface SimFaultOptions {
  /** Seed of every fault decision: request number `i` gets the same fate in every run. */
  readonly seed: number;
  /** Probability of a 429 with `retry-after`. */
  readonly rateLimitRate: number;
  /** Storms of 429s (see `SimStorm`). */
  readonly rateLimitStorms: readonly SimStorm[];
  /** Delay a 429 asks for, in model ms: `retry-after` carries it in whole seconds (rounded up). */
  readonly retryAfterMs: number;
  /** Also send `retry-after-ms` with the exact delay (the openai SDK prefers it). */
  readonly retryAfterMsHeader: boolean;
  /** Probability of a 500. */
  readonly serverErrorRate: number;
  /** Probability the socket is destroyed after the overhead, before any response byte. */
  readonly dropRate: number;
  /** Probability of status 200 with a body that is not valid JSON (or an invalid SSE event). */
  readonly malformedRate: number;
  /** Probability the request is accepted and never answered, until the client gives up. */
  readonly stallRate: number;
  /**
   * Probability the response starts — status 200, its head, and the start of its body (for a
   * stream, the first event) — and then nothing more is sent, until the client gives up.
   */
  readonly stallBodyRate: number;
}

/** Every option of the simulated server (see the file comment for the latency model). */
export interface SimOptions {
  /** Interface to listen on. Default "127.0.0.1". */
  readonly host: string;
  /** Port; 0 picks a free one. Default 0. */
  readonly port: number;
  /** Fixed cost of every generation/embeddings request, in model ms. Default 20. */
  readonly overheadMs: number;
  /** Time to the first token, prefill included, in model ms. Default 150. */
  readonly ttftMs: number;
  /** Time of each further token, in model ms. Default 20 (50 tokens/s). */
  readonly perTokenMs: number;
  /** Time of an embeddings request with one input, in model ms. Default 30. */
  readonly embedMs: number;
  /** Requests served at once; the rest wait in a FIFO queue. `Infinity` allowed. Default 8. */
  readonly slots: number;
  /** Multiplies every duration; 0.01 = 100× faster. Default 1. */
  readonly timeScale: number;
  /** Batch cost curve. Default `LLAMA_BATCH_CURVE` (H100, Llama-shaped 1.1B). */
  readonly batchCurve: BatchCurve;
  /** Model ids listed by GET /v1/models. Any model name is accepted in requests. */
  readonly models: readonly string[];
  /** Decides generated text. Default `defaultResponder`. */
  readonly responder: SimResponder;
  /** Computes embeddings. Default `hashEmbedding`. */
  readonly embedder: SimEmbedder;
  /** Embedding size when the request gives no `dimensions`; at most `limits.maxDimensions`. Default 64. */
  readonly embeddingDim: number;
  /** Fault injection. Default: none (`DEFAULT_SIM_FAULTS`). */
  readonly faults: SimFaultOptions;
  /**
   * Size limits of a request (body bytes, prompts, messages, n, choices, max_tokens, stop
   * strings, dimensions); a request over one gets a 400 naming it. See `SimLimits` for the
   * defaults (`DEFAULT_SIM_LIMITS`).
   */
  readonly limits: SimLimits;
  /**
   * Hears each work request (chat, completions, embeddings) when it meets the fault check, after
   * its overhead — e.g. for a test to log when requests arrive and which were answered 429.
   * Called synchronously; it must not throw. Default: none.
   */
  readonly onRequest: ((event: SimRequestEvent) => void) | undefined;
}

/** What `startSim` accepts: any subset of the options, and any subset of `faults` and of `limits`. */
export type SimOptionsInput = Partial<Omit<SimOptions, 'faults' | 'limits'>> & {
  readonly faults?: Partial<SimFaultOptions>;
  readonly limits?: Partial<SimLimits>;
};

/** No faults at all (seed 1; a 429 asks for 1000 model ms, in both headers). */
export const DEFAULT_SIM_FAULTS: SimFaultOptions = Object.freeze({
  seed: 1,
  rateLimitRate: 0,
  rateLimitStorms: Object.freeze([]),
  retryAfterMs: 1000,
  retryAfterMsHeader: true,
  serverErrorRate: 0,
  dropRate: 0,
  malformedRate: 0,
  stallRate: 0,
  stallBodyRate: 0,
});

/** The defaults, documented field by field on `SimOptions`. */
export const DEFAULT_SIM_OPTIONS: SimOptions = Object.freeze({
  host: '127.0.0.1',
  port: 0,
  overheadMs: 20,
  ttftMs: 150,
  perTokenMs: 20,
  embedMs: 30,
  slots: 8,
  timeScale: 1,
  batchCurve: LLAMA_BATCH_CURVE,
  models: Object.freeze(['epic-sim', 'epic-sim-embed']),
  responder: defaultResponder,
  embedder: hashEmbedding,
  embeddingDim: 64,
  faults: DEFAULT_SIM_FAULTS,
  limits: DEFAULT_SIM_LIMITS,
  onRequest: undefined,
});

/**
 * Fills in defaults and validates; throws an `EpicError` naming the first bad option.
 *
 * @example
 * resolveSimOptions({ timeScale: 0.1, faults: { serverErrorRate: 0.2 } }).faults.seed // 1
 */
export function resolveSimOptions(input: SimOptionsInput = {}): SimOptions {
  const { faults, limits, ...rest } = input;
  const options: SimOptions = {
    ...DEFAULT_SIM_OPTIONS,
    ...rest,
    faults: resolveFaults(faults),
    limits: resolveLimits(limits),
  };
  for (const key of ['overheadMs', 'ttftMs', 'perTokenMs', 'embedMs', 'timeScale'] as const) {
    checkNumber(OWNER, key, options[key], { min: 0 });
  }
  checkNumber(OWNER, 'port', options.port, { min: 0, max: 65535 });
  checkCount(OWNER, 'port', options.port, { min: 0, allowInfinity: false });
  checkCount(OWNER, 'slots', options.slots);
  checkCount(OWNER, 'embeddingDim', options.embeddingDim, { allowInfinity: false });
  if (options.embeddingDim > options.limits.maxDimensions) {
    const { embeddingDim, limits } = options;
    throw new EpicError(
      `${OWNER}: option "embeddingDim" must be at most limits.maxDimensions (${limits.maxDimensions}), got ${embeddingDim}`,
    );
  }
  checkBatchCurve(options.batchCurve);
  return options;
}

/**
 * Fills in fault defaults and validates them; throws an `EpicError` naming the first bad one.
 *
 * @example
 * resolveFaults({ rateLimitStorms: [{ kind: 'firstRequests', count: 3 }] }).dropRate // 0
 */
export function resolveFaults(input: Partial<SimFaultOptions> = {}): SimFaultOptions {
  const faults: SimFaultOptions = { ...DEFAULT_SIM_FAULTS, ...input };
  for (const key of [
    'rateLimitRate',
    'serverErrorRate',
    'dropRate',
    'malformedRate',
    'stallRate',
    'stallBodyRate',
  ] as const) {
    checkNumber(OWNER, `faults.${key}`, faults[key], { min: 0, max: 1 });
  }
  checkNumber(OWNER, 'faults.retryAfterMs', faults.retryAfterMs, { min: 0 });
  checkNumber(OWNER, 'faults.seed', faults.seed);
  faults.rateLimitStorms.forEach((storm, i) => {
    if (storm.kind === 'window')
      checkNumber(OWNER, `faults.rateLimitStorms[${i}].fraction`, storm.fraction, { min: 0, max: 1 });
    else checkCount(OWNER, `faults.rateLimitStorms[${i}].count`, storm.count, { min: 0 });
  });
  return faults;
}
