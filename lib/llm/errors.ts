/**
 * Turning openai SDK failures into `EpicLlmError`s, and keeping secrets out of them and out of
 * every line the library prints.
 *
 * Secrets are the API key and the parts of a base URL that can carry credentials: the userinfo
 * (`https://user:token@host`) and the query (`?api-key=…`). The SDK's errors carry the response
 * status, headers and parsed error body, never the request's headers, so the key leaks only when
 * a server echoes it back; but a network error's cause (e.g. fetch refusing a URL with
 * credentials) quotes the whole URL. `toLlmError` therefore scrubs every secret from its own
 * message AND from everything reachable from the error it keeps as `cause` — the cause chain,
 * messages, stacks, bodies, and response headers (`Headers` objects included), where credential
 * headers such as `authorization` are redacted whole even when no secret is configured — because
 * printing an error (`util.inspect`, `JSON.stringify`) prints all of that. `safeUrl` is what a
 * description may print.
 */
import { assertNever, EpicLlmError } from '../errors.js';

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

/** Which limit of an HTTP attempt was broken (see `LlmOptions`). */
export type LlmStallKind = 'firstByte' | 'idle' | 'total';

const STALL_OPTIONS = Object.freeze({
  firstByte: 'firstByteTimeoutMs',
  idle: 'idleTimeoutMs',
  total: 'timeoutMs',
} as const);

/**
 * The transport gave up on one HTTP attempt because the endpoint was too slow: no response head
 * within `firstByteTimeoutMs`, no body bytes for `idleTimeoutMs` while the reader waited, or the
 * whole response not done within `timeoutMs`. It has no status, so the retry policy treats it as
 * transient; after the last retry it is the cause (directly, or under the SDK's
 * `APIConnectionError`) of an `EpicLlmError` whose message names the option, e.g.
 * "chat request failed: no response within 60000 ms (firstByteTimeoutMs)".
 *
 * Gotcha: its name and message avoid the words "timeout" and "timed out" on purpose: the openai
 * SDK replaces a fetch failure whose text matches /timed? ?out/i with a bare
 * `APIConnectionTimeoutError` that drops the original, and with it the kind and the limit.
 *
 * @example
 * new LlmStallError('idle', 30_000).message // "the response stopped: nothing received for 30000 ms"
 */
export class LlmStallError extends Error {
  override name = 'LlmStallError';
  /** The option that sets the broken limit. */
  readonly option: (typeof STALL_OPTIONS)[LlmStallKind];

  constructor(
    readonly kind: LlmStallKind,
    readonly ms: number,
  ) {
    super(stallMessage(kind, ms));
    this.option = STALL_OPTIONS[kind];
  }
}

function stallMessage(kind: LlmStallKind, ms: number): string {
  switch (kind) {
    case 'firstByte':
      return `no response within ${ms} ms`;
    case 'idle':
      return `the response stopped: nothing received for ${ms} ms`;
    case 'total':
      return `the response was not complete within ${ms} ms`;
    default:
      return assertNever(kind, 'stall kind');
  }
}

const REDACTED = '[redacted API key]';
const REDACTED_URL_PART = '[redacted URL part]';
/** How far down a chain of causes the search for an `LlmStallError` goes. */
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
  if (error instanceof EpicLlmError) return scrubbedLlmError(error, call);
  const hide = hider(call);
  scrub(error, hide);
  const stall = findStall(error);
  const detail = stall ? `${stall.message} (${stall.option})` : error instanceof Error ? error.message : String(error);
  const retried = call.attempts > 1 ? ` (after ${call.attempts} attempts)` : '';
  return new EpicLlmError(hide(`${call.operation} request failed: ${detail}${retried}`), { cause: error });
}

/**
 * An `EpicLlmError` made outside the requester (e.g. chatStream's "the stream broke after N
 * characters", whose cause is the transport's error), with the secrets of `call` scrubbed from
 * its message and everything reachable from its cause, as `toLlmError` does for the others.
 */
export function scrubbedLlmError(error: EpicLlmError, call: Pick<FailedCall, 'secret' | 'urlSecrets'>): EpicLlmError {
  const hide = hider(call);
  scrub(error.cause, hide);
  const message = hide(error.message);
  return message === error.message ? error : new EpicLlmError(message, { cause: error.cause });
}

function hider(call: Pick<FailedCall, 'secret' | 'urlSecrets'>): (text: string) => string {
  return (text) =>
    (call.urlSecrets ?? []).reduce((t, part) => replaceAll(t, part, REDACTED_URL_PART), redact(text, call.secret));
}

/** The `LlmStallError` among `error` and its causes, if any. */
function findStall(error: unknown): LlmStallError | undefined {
  let e = error;
  for (let depth = 0; e instanceof Error && depth < MAX_CAUSES; depth++, e = e.cause) {
    if (e instanceof LlmStallError) return e;
  }
  return undefined;
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
  if (!URL.canParse(url)) return url.replace(/\/\/[^/?#]*@/, '//').replace(/[?#][\s\S]*$/, '');
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
  const parsedUserinfo =
    parsed && (parsed.username || parsed.password)
      ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@`
      : undefined;
  const parts = [/^[^:/?#]+:\/\/([^/?#]*@)/.exec(url)?.[1], /\?[^#]*/.exec(url)?.[0], parsedUserinfo, parsed?.search];
  const unique = new Set(parts.filter((p): p is string => p !== undefined && p.length > 1));
  return [...unique].sort((a, b) => b.length - a.length);
}

function replaceAll(text: string, secret: string, replacement: string): string {
  return text.split(secret).join(replacement);
}

/**
 * Header names whose values are credentials: replaced whole wherever they appear (a `Headers`
 * object or a plain object), whatever secret is configured — a server may echo a key we were
 * never told about.
 */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'openai-api-key',
  'cookie',
  'set-cookie',
]);
const REDACTED_HEADER = '[redacted]';
/** How deep, and through how many values, scrubbing walks. */
const MAX_DEPTH = 12;
const MAX_VALUES = 10_000;

/**
 * Removes the secrets from `error` and everything reachable from it, in place: every string
 * (message, stack, body fields, header values) has the secrets replaced; credential headers are
 * replaced whole; `Headers` objects (immutable on a fetch `Response`) are replaced by scrubbed
 * copies. It walks errors (own properties, `cause` included), plain objects and arrays, not
 * other class instances (a socket, a stream), up to `MAX_DEPTH` levels and `MAX_VALUES` values.
 */
function scrub(error: unknown, hide: (text: string) => string): void {
  const seen = new Set<object>();
  const clean = (value: unknown, depth: number, key: string | undefined): unknown => {
    if (typeof value === 'string')
      return key !== undefined && CREDENTIAL_HEADERS.has(key.toLowerCase()) ? REDACTED_HEADER : hide(value);
    if (typeof value !== 'object' || value === null || seen.has(value) || depth > MAX_DEPTH || seen.size > MAX_VALUES)
      return value;
    seen.add(value);
    if (value instanceof Headers) return cleanHeaders(value, hide);
    if (!(value instanceof Error) && !Array.isArray(value) && !isPlainObject(value)) return value;
    const keys = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
    for (const name of keys) {
      const field = (value as Record<string, unknown>)[name];
      const cleaned = clean(field, depth + 1, Array.isArray(value) ? undefined : name);
      if (cleaned !== field) replaceField(value, name, cleaned);
    }
    return value;
  };
  clean(error, 0, undefined);
}

/** A scrubbed copy of `headers`, or `headers` itself when nothing in it is secret. */
function cleanHeaders(headers: Headers, hide: (text: string) => string): Headers {
  const entries = [...headers.entries()].map(([name, value]): [string, string] => [
    name,
    CREDENTIAL_HEADERS.has(name) ? REDACTED_HEADER : hide(value),
  ]);
  const changed = entries.some(([name, value]) => value !== headers.get(name));
  return changed ? new Headers(entries) : headers;
}

/** Sets `object[name]`, keeping the property's enumerability; a frozen field stays as it was. */
function replaceField(object: object, name: string, value: unknown): void {
  const enumerable = Object.getOwnPropertyDescriptor(object, name)?.enumerable ?? true;
  try {
    Object.defineProperty(object, name, { value, writable: true, configurable: true, enumerable });
  } catch {
    // a frozen or non-configurable field: nothing more can be done in place
  }
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
