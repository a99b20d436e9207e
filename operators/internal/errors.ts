/**
 * The operators' errors. `EpicError` is the base class of every error epic-rx raises; it lives
 * here so that operators/ stands alone, and lib/errors.ts re-exports it and builds the located
 * errors of programs on it.
 */

/** Base class: every error epic-rx raises is an `EpicError`. The original error, if any, is `cause`. */
export class EpicError extends Error {
  override name = 'EpicError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
  }
}

/** A batch resolver broke the batching contract (e.g. returned the wrong number of results). */
export class EpicBatchError extends EpicError {
  override name = 'EpicBatchError';
}
