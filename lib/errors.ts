/**
 * The error hierarchy of epic-rx, all in one place.
 *
 * - Programmer misuse (bad source, unknown names, bad options) throws at construction time.
 * - Data and runtime errors travel on the Observable error channel of a run.
 *
 * Every error that has a location prints it (`name:line:column`) and an excerpt with a caret.
 */
import { EpicError } from '../operators/internal/errors.js';
import { excerpt, formatLoc, type Loc } from './locations.js';

export { EpicBatchError, EpicError } from '../operators/internal/errors.js';

/**
 * An error that can say where in the program it arose (`loc`): its message ends with the
 * location and an excerpt of the line with a caret.
 */
export class EpicProgramError extends EpicError {
  override name = 'EpicProgramError';
  /**
   * Where in the program source the error arose, if known. Not enumerable, so logging the
   * error does not dump the program's source (the message already shows the line).
   */
  declare readonly loc: Loc | undefined;

  constructor(message: string, options: { loc?: Loc | undefined; cause?: unknown } = {}) {
    super(withLocation(message, options.loc), options);
    Object.defineProperty(this, 'loc', { value: options.loc, enumerable: false, writable: false, configurable: true });
  }
}

function withLocation(message: string, loc: Loc | undefined): string {
  if (!loc) return message;
  const shown = excerpt(loc);
  return `${message}\n  at ${formatLoc(loc)}${shown ? `\n${shown}` : ''}`;
}

/** Source that cannot be parsed or uses a construct epic-rx does not support. */
export class EpicSyntaxError extends EpicProgramError {
  override name = 'EpicSyntaxError';
}

/** A free name in a program that is not a parameter, a host value or a known global. */
export class EpicUnboundNameError extends EpicProgramError {
  override name = 'EpicUnboundNameError';
  constructor(
    readonly unbound: string,
    loc: Loc | undefined,
    hint = '',
  ) {
    super(`Unknown name "${unbound}": not a parameter, a local, a host value or a known global${hint}`, { loc });
  }
}

/**
 * A failure while a program runs: a host function threw or rejected, a non-function was
 * applied, a property is missing, … The original error, if any, is kept as `cause`.
 */
export class EpicRuntimeError extends EpicProgramError {
  override name = 'EpicRuntimeError';
  /** The host function whose call failed, when the failure is a host call's. */
  readonly host: string | undefined;

  constructor(message: string, options: { loc?: Loc | undefined; cause?: unknown; host?: string } = {}) {
    super(message, options);
    this.host = options.host;
  }
}

/** An LLM request failed; the SDK's error is the `cause`. Never includes the API key. */
export class EpicLlmError extends EpicError {
  override name = 'EpicLlmError';
}

/** A host call attempt did not answer within its `timeoutMs` (`external(fn, { timeoutMs })`). */
export class EpicTimeoutError extends EpicError {
  override name = 'EpicTimeoutError';
}

/**
 * A bug in epic-rx itself (an invariant broke), never the program's fault: please report it
 * with the program that raised it.
 */
export class EpicInternalError extends EpicProgramError {
  override name = 'EpicInternalError';
}

/** Exhaustiveness check for `switch` over tagged unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new EpicInternalError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
