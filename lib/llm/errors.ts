/**
 * Turning openai SDK failures into `EpicLlmError`s, and keeping the API key out of them.
 *
 * The SDK's errors carry the response status, the response headers and the parsed error body,
 * never the request's headers, so the key can only leak when a server echoes it back in its
 * error message. `toLlmError` therefore scrubs the key from its own message AND from the SDK
 * error it keeps as `cause` (message, stack and body), because printing an error prints its cause.
 */
import { EpicLlmError } from '../errors.js';

/** What the failing call was, for the message. */
export interface FailedCall {
  /** The operation, e.g. "chat", "complete", "embed". */
  readonly operation: string;
  /** HTTP attempts made (retries included); mentioned when more than one. */
  readonly attempts: number;
  /** The API key to scrub, if one was configured. */
  readonly secret: string | undefined;
}

const REDACTED = '[redacted API key]';

/**
 * Wraps an SDK (or network) error: "chat request failed: 500 Internal error …", with
 * " (after 3 attempts)" when retries were made, the error kept as `cause`. An `EpicLlmError`
 * passes through unchanged.
 *
 * Gotcha: it mutates `error` to remove the key (see the file comment).
 *
 * @example
 * toLlmError(new InternalServerError(500, { message: 'boom' }, undefined, new Headers()),
 *   { operation: 'chat', attempts: 1, secret: undefined }).message  // "chat request failed: 500 boom"
 */
export function toLlmError(error: unknown, call: FailedCall): EpicLlmError {
  if (error instanceof EpicLlmError) return error;
  scrub(error, call.secret);
  const detail = error instanceof Error ? error.message : String(error);
  const retried = call.attempts > 1 ? ` (after ${call.attempts} attempts)` : '';
  return new EpicLlmError(redact(`${call.operation} request failed: ${detail}${retried}`, call.secret), { cause: error });
}

/**
 * Replaces every occurrence of `secret` in `text` (no-op without a secret).
 *
 * @example
 * redact('bad key sk-123', 'sk-123') // "bad key [redacted API key]"
 */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join(REDACTED) : text;
}

/** Removes `secret` from an error's message, stack and (SDK) error body, in place. */
function scrub(error: unknown, secret: string | undefined): void {
  if (!secret || !(error instanceof Error)) return;
  const fields = error as unknown as Record<string, unknown>;
  for (const field of ['message', 'stack'] as const) {
    const value = fields[field];
    if (typeof value === 'string' && value.includes(secret)) {
      Object.defineProperty(error, field, { value: redact(value, secret), writable: true, configurable: true });
    }
  }
  const body = fields['error'];
  if (body !== undefined && JSON.stringify(body)?.includes(secret)) {
    fields['error'] = JSON.parse(redact(JSON.stringify(body), secret)) as unknown;
  }
}
