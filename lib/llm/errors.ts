/**
 * Turning openai SDK failures into `EpicLlmError`s, and keeping secrets out of them and out of
 * every line the library prints.
 *
 * Secrets are the API key and the parts of a base URL that can carry credentials: the userinfo
 * (`https://user:token@host`) and the query (`?api-key=…`). The SDK's errors carry the response
 * status, headers and parsed error body, never the request's headers, so the key leaks only when
 * a server echoes it back; but a network error's cause (e.g. fetch refusing a URL with
 * credentials) quotes the whole URL. `toLlmError` therefore scrubs every secret from its own
 * message AND from the error it keeps as `cause`, down the cause chain (message, stack and body),
 * because printing an error prints its causes. `safeUrl` is what a description may print.
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
  /** The credential parts of the base URL to scrub too (see `urlSecrets`). */
  readonly urlSecrets?: readonly string[];
}

const REDACTED = '[redacted API key]';
const REDACTED_URL_PART = '[redacted URL part]';
/** How far down a chain of causes scrubbing goes. */
const MAX_CAUSES = 8;

/**
 * Wraps an SDK (or network) error: "chat request failed: 500 Internal error …", with
 * " (after 3 attempts)" when retries were made, the error kept as `cause`. An `EpicLlmError`
 * passes through unchanged.
 *
 * Gotcha: it mutates `error` and its causes to remove the secrets (see the file comment).
 *
 * @example
 * toLlmError(new InternalServerError(500, { message: 'boom' }, undefined, new Headers()),
 *   { operation: 'chat', attempts: 1, secret: undefined }).message  // "chat request failed: 500 boom"
 */
export function toLlmError(error: unknown, call: FailedCall): EpicLlmError {
  if (error instanceof EpicLlmError) return error;
  const hide = (text: string): string =>
    (call.urlSecrets ?? []).reduce((t, part) => replaceAll(t, part, REDACTED_URL_PART), redact(text, call.secret));
  scrub(error, hide);
  const detail = error instanceof Error ? error.message : String(error);
  const retried = call.attempts > 1 ? ` (after ${call.attempts} attempts)` : '';
  return new EpicLlmError(hide(`${call.operation} request failed: ${detail}${retried}`), { cause: error });
}

/**
 * Replaces every occurrence of `secret` in `text` (no-op without a secret).
 *
 * @example
 * redact('bad key sk-123', 'sk-123') // "bad key [redacted API key]"
 */
export function redact(text: string, secret: string | undefined): string {
  return secret ? replaceAll(text, secret, REDACTED) : text;
}

/**
 * `url` without its userinfo, query and fragment, for printing; unchanged when it has none.
 *
 * @example
 * safeUrl('https://user:token@llm.example/v1?api-key=k') // "https://llm.example/v1"
 */
export function safeUrl(url: string): string {
  if (!URL.canParse(url)) return url.replace(/\/\/[^/?#]*@/, '//').replace(/[?#][^]*$/, '');
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password && !parsed.search && !parsed.hash) return url;
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

/**
 * The parts of `url` that carry credentials, as they appear inside a printed URL: the userinfo
 * with its "@" and the query with its "?", both as written and URL-normalised, longest first.
 * `toLlmError` scrubs them (with the marker around them, so no unrelated text is touched).
 *
 * @example
 * urlSecrets('http://u:p4ss@host/v1?key=k1') // ['u:p4ss@', '?key=k1']
 */
export function urlSecrets(url: string | undefined): string[] {
  if (url === undefined) return [];
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  const parsedUserinfo = parsed && (parsed.username || parsed.password)
    ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@`
    : undefined;
  const parts = [/^[^:/?#]+:\/\/([^/?#]*@)/.exec(url)?.[1], /\?[^#]*/.exec(url)?.[0], parsedUserinfo, parsed?.search];
  const unique = new Set(parts.filter((p): p is string => p !== undefined && p.length > 1));
  return [...unique].sort((a, b) => b.length - a.length);
}

function replaceAll(text: string, secret: string, replacement: string): string {
  return text.split(secret).join(replacement);
}

/** Removes the secrets from an error's message, stack and (SDK) error body, and its causes', in place. */
function scrub(error: unknown, hide: (text: string) => string): void {
  const seen = new Set<unknown>();
  for (let e = error; e instanceof Error && !seen.has(e) && seen.size < MAX_CAUSES; e = e.cause) {
    seen.add(e);
    const fields = e as unknown as Record<string, unknown>;
    for (const field of ['message', 'stack'] as const) {
      const value = fields[field];
      if (typeof value === 'string' && hide(value) !== value) {
        Object.defineProperty(e, field, { value: hide(value), writable: true, configurable: true });
      }
    }
    const body = JSON.stringify(fields['error']);
    if (body !== undefined && hide(body) !== body) fields['error'] = JSON.parse(hide(body)) as unknown;
  }
}
