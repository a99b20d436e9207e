/**
 * Validation of numeric options, shared by the operators, the simulator and the LLM externals so
 * that every bad option is reported the same way: an `EpicError` thrown at construction time,
 * naming who was given the option and which one, e.g.
 * `createBatcher: option "maxBatchSize" must be a positive integer or Infinity, got 0`.
 */
import { EpicError } from './errors.js';

/** What {@link checkCount} accepts. */
export interface CountRule {
  /** Smallest allowed value. Default 1. */
  readonly min?: number;
  /** Whether `Infinity` means "no bound" and is allowed. Default true. */
  readonly allowInfinity?: boolean;
}

/** What {@link checkNumber} accepts (bounds inclusive; NaN is never allowed). */
export interface NumberRule {
  /** Default `-Infinity`. */
  readonly min?: number;
  /** Default `Infinity`. */
  readonly max?: number;
  /** Reject `Infinity` and `-Infinity` (e.g. for delays given to a timer). Default false. */
  readonly finite?: boolean;
}

/**
 * Throws an `EpicError` unless `value` is an integer `>= min`, or `Infinity` when allowed: a size,
 * a count of retries, a number of slots.
 *
 * Gotcha: `owner` and `name` are only for the message; pass the public names the caller wrote
 * (the function or the object the option was given to, and the option's own key).
 *
 * @example
 * checkCount('createLimiter', 'maxConcurrent', 0)
 * // throws: createLimiter: option "maxConcurrent" must be a positive integer or Infinity, got 0
 */
export function checkCount(owner: string, name: string, value: unknown, rule: CountRule = {}): void {
  const { min = 1, allowInfinity = true } = rule;
  const ok =
    typeof value === 'number' && ((Number.isInteger(value) && value >= min) || (allowInfinity && value === Infinity));
  if (ok) return;
  const integer = min === 1 ? 'a positive integer' : `an integer >= ${min}`;
  throw bad(owner, name, `${integer}${allowInfinity ? ' or Infinity' : ''}`, value);
}

/**
 * Throws an `EpicError` unless `value` is a number (not NaN) in `[min, max]`, and finite when the
 * rule says so: a delay, a rate, a probability.
 *
 * @example
 * checkNumber('retryWithBackoff', 'jitter', 1.5, { min: 0, max: 1 })
 * // throws: retryWithBackoff: option "jitter" must be a number in [0, 1], got 1.5
 */
export function checkNumber(owner: string, name: string, value: unknown, rule: NumberRule = {}): void {
  const { min = -Infinity, max = Infinity, finite = false } = rule;
  const ok = typeof value === 'number' && value >= min && value <= max && !(finite && !Number.isFinite(value));
  if (ok) return;
  const kind = finite ? 'a finite number' : 'a number';
  const range = max === Infinity ? (min === -Infinity ? '' : ` >= ${min}`) : ` in [${min}, ${max}]`;
  throw bad(owner, name, `${kind}${range}`, value);
}

function bad(owner: string, name: string, expected: string, value: unknown): EpicError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new EpicError(`${owner}: option "${name}" must be ${expected}, got ${shown}`);
}
