/**
 * Reads a server's "wait this long before retrying" hint from an error's `headers`, in ms:
 * `retry-after-ms` (milliseconds, the openai SDK's extension) first, then `retry-after` as
 * seconds (`"2"`, `"0.5"`) or as an HTTP date (`"Wed, 21 Oct 2015 07:28:00 GMT"`, measured from
 * `nowMs`; a date in the past gives 0). `headers` may be a `Headers` instance (the openai SDK's
 * `APIError.headers`) or a plain object with any header-name case. Returns `undefined` when there
 * is no usable hint.
 *
 * Gotcha: pass the scheduler's clock as `nowMs` (`scheduler.now()`), not `Date.now()`, so an
 * HTTP date works under a virtual-time TestScheduler too. HTTP dates only have whole seconds.
 *
 * @example
 * readRetryAfterMs({ headers: new Headers({ 'retry-after': '3' }) }, Date.now()); // 3000
 */
export function readRetryAfterMs(error: unknown, nowMs: number): number | undefined {
  const headers = (error as { headers?: unknown } | null | undefined)?.headers;
  const millis = toNumber(header(headers, 'retry-after-ms'));
  if (millis !== undefined) return millis;
  const value = header(headers, 'retry-after');
  if (value === undefined) return undefined;
  const seconds = toNumber(value);
  if (seconds !== undefined) return seconds * 1000;
  const date = /^\s*[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN; // HTTP dates open with a day name
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return entry === undefined ? undefined : String(entry[1]);
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}
