/**
 * Per-call options: checking them, turning them into request parameters, the batch key they
 * group by, and whether a call is deterministic (and so may be shared or cached).
 */
import { throwError, type Observable } from 'rxjs';
import { EpicLlmError } from '../errors.js';

/** Sampling options shared by `chat` and `complete`. Unset fields are left to the server. */
export interface SamplingOptions {
  /** Model id. Default: the Llm's `model`. */
  readonly model?: string;
  readonly temperature?: number;
  readonly max_tokens?: number;
  /** Stop string(s): the text ends before the first one. */
  readonly stop?: string | readonly string[];
  readonly top_p?: number;
  /**
   * `true` declares the call deterministic, `false` never shares it. Default: deterministic iff
   * `temperature` is 0. Identical deterministic calls in flight make one request, and their
   * result is kept when the Llm has a `cacheSize`.
   */
  readonly cache?: boolean;
}

/** The request parameters a set of sampling options stands for (only the fields given). */
export interface SamplingParams {
  readonly model: string;
  readonly temperature?: number;
  readonly max_tokens?: number;
  readonly stop?: string[];
  readonly top_p?: number;
}

/** The option names every sampling call accepts. */
export const SAMPLING_KEYS: readonly string[] = Object.freeze([
  'model',
  'temperature',
  'max_tokens',
  'stop',
  'top_p',
  'cache',
]);

/**
 * An `EpicLlmError` when `options` is not an object or has a name outside `allowed`, else undefined.
 *
 * @example
 * checkOptions('chat', { temprature: 0 }, SAMPLING_KEYS)?.message // 'chat: unknown option "temprature" …'
 */
export function checkOptions(
  operation: string,
  options: unknown,
  allowed: readonly string[],
): EpicLlmError | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return new EpicLlmError(`${operation}: options must be an object, got ${JSON.stringify(options)}`);
  }
  const unknown = Object.keys(options).find((name) => !allowed.includes(name));
  return unknown === undefined
    ? undefined
    : new EpicLlmError(`${operation}: unknown option "${unknown}" (known: ${allowed.join(', ')})`);
}

/**
 * The request parameters of `options`, with `model` defaulted.
 *
 * @example
 * samplingParams({ temperature: 0, stop: '\n' }, 'm') // { model: 'm', temperature: 0, stop: ['\n'] }
 */
export function samplingParams(options: SamplingOptions, model: string): SamplingParams {
  const { temperature, max_tokens, stop, top_p } = options;
  return {
    model: options.model ?? model,
    ...(temperature === undefined ? {} : { temperature }),
    ...(max_tokens === undefined ? {} : { max_tokens }),
    ...(stop === undefined ? {} : { stop: typeof stop === 'string' ? [stop] : [...stop] }),
    ...(top_p === undefined ? {} : { top_p }),
  };
}

/**
 * A string that is equal for two parameter sets exactly when they are equal (fixed field order).
 *
 * @example
 * paramsKey({ model: 'm', temperature: 0 }) === paramsKey({ temperature: 0, model: 'm' }) // true
 */
export function paramsKey(params: SamplingParams, ...extra: readonly unknown[]): string {
  return JSON.stringify([params.model, params.temperature, params.max_tokens, params.stop, params.top_p, ...extra]);
}

/** Whether a sampling call may be shared: `cache` if given, else temperature 0. */
export function isDeterministic(options: SamplingOptions): boolean {
  return options.cache ?? options.temperature === 0;
}

/**
 * An Observable that fails at once with `error` (a bad call's options), else `make()`.
 *
 * @example
 * orFail(checkOptions('embed', options, EMBED_KEYS), () => embedOne(text))
 */
export function orFail<V>(error: Error | undefined, make: () => Observable<V>): Observable<V> {
  return error === undefined ? make() : throwError(() => error);
}
