import { APIUserAbortError, BadRequestError, RateLimitError } from 'openai';
import { defer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicError } from '../../lib/errors.js';
import { retryWithBackoff, type BackoffOptions } from '../../operators/retryWithBackoff.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** An error carrying HTTP-style headers, like the openai SDK's APIError. */
const withHeaders = (headers: Headers | Record<string, string>, status = 429) =>
  Object.assign(new Error(`HTTP ${status}`), { status, headers });

/** Runs `source` (that errors with `error` at frame 1) through retryWithBackoff; checks subscriptions. */
function expectAttempts(options: BackoffOptions, error: unknown, attempts: string[], result: string) {
  newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
    const source = cold('-#', undefined, error);
    expectObservable(source.pipe(retryWithBackoff(options))).toBe(result, undefined, error);
    expectSubscriptions(source.subscriptions).toBe(attempts);
  });
}

describe('retryWithBackoff: computed delays', () => {
  it('waits initialDelayMs * factor ** (n - 1) before retry n, then passes the last error on', () => {
    const options = { maxRetries: 3, initialDelayMs: 10, factor: 2 };
    expectAttempts(options, new Error('down'), ['^!', '11ms ^!', '32ms ^!', '73ms ^!'], '74ms #');
  });

  it('caps the computed delay at maxDelayMs', () => {
    const options = { maxRetries: 3, initialDelayMs: 10, factor: 10, maxDelayMs: 50 };
    expectAttempts(options, new Error('down'), ['^!', '11ms ^!', '62ms ^!', '113ms ^!'], '114ms #');
  });

  it('takes away a random fraction of the delay with jitter, using the injected random source', () => {
    const draws = [0.5, 0.25];
    const options = { maxRetries: 2, initialDelayMs: 100, jitter: 1, random: () => draws.shift() ?? 0 };
    // retry 1: 100 * (1 - 0.5) = 50; retry 2: 200 * (1 - 0.25) = 150
    expectAttempts(options, new Error('down'), ['^!', '51ms ^!', '202ms ^!'], '203ms #');
  });

  it('passes on values and completion of a successful retry', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const attempts = [cold('a#'), cold('-b|')];
      const source: Observable<string> = defer(() => attempts.shift() ?? cold('#'));
      expectObservable(source.pipe(retryWithBackoff({ initialDelayMs: 5 }))).toBe('a 6ms b|');
    });
  });

  it('does not retry with maxRetries 0', () => {
    expectAttempts({ maxRetries: 0 }, new Error('down'), ['^!'], '-#');
  });
});

describe('retryWithBackoff: what to retry', () => {
  it('passes an error shouldRetry rejects on at once', () => {
    const error = new Error('bad request');
    expectAttempts({ shouldRetry: (e) => e !== error }, error, ['^!'], '-#');
  });

  it('by default retries 429 and 5xx-like errors but not 400 or a user abort', () => {
    const headers = new Headers();
    const once = { initialDelayMs: 1, maxRetries: 1 };
    expectAttempts(once, new RateLimitError(429, undefined, 'slow', headers), ['^!', '--^!'], '---#');
    expectAttempts(once, withHeaders({}, 503), ['^!', '--^!'], '---#');
    expectAttempts({ initialDelayMs: 1 }, new BadRequestError(400, undefined, 'no', headers), ['^!'], '-#');
    expectAttempts({ initialDelayMs: 1 }, new APIUserAbortError(), ['^!'], '-#');
  });
});

describe('retryWithBackoff: Retry-After', () => {
  it('waits the Retry-After seconds instead of the computed delay', () => {
    const error = new RateLimitError(429, undefined, 'slow', new Headers({ 'retry-after': '2' }));
    expectAttempts({ maxRetries: 1, initialDelayMs: 10 }, error, ['^!', '2001ms ^!'], '2002ms #');
  });

  it('waits until a Retry-After HTTP date, measured on the scheduler clock', () => {
    const error = withHeaders({ 'Retry-After': new Date(5000).toUTCString() });
    expectAttempts({ maxRetries: 1, initialDelayMs: 10 }, error, ['^!', '5000ms ^!'], '5001ms #');
  });

  it('prefers retry-after-ms to retry-after', () => {
    const error = withHeaders(new Headers({ 'retry-after-ms': '30', 'retry-after': '9' }));
    expectAttempts({ maxRetries: 1, initialDelayMs: 10 }, error, ['^!', '31ms ^!'], '32ms #');
  });

  it('caps a Retry-After wait at maxRetryAfterMs', () => {
    const error = withHeaders({ 'retry-after': '60' });
    expectAttempts({ maxRetries: 1, maxRetryAfterMs: 100 }, error, ['^!', '101ms ^!'], '102ms #');
  });

  it('uses an injected retryAfterMs extractor', () => {
    const options = { maxRetries: 1, retryAfterMs: () => 7 };
    expectAttempts(options, new Error('custom'), ['^!', '8ms ^!'], '9ms #');
  });
});

describe('retryWithBackoff: options', () => {
  const bad: BackoffOptions[] = [
    { maxRetries: -1 },
    { maxRetries: 1.5 },
    { jitter: 2 },
    { initialDelayMs: -1 },
    { factor: 0.5 },
  ];
  it.each(bad)('throws an EpicError at construction for %o', (options) => {
    expect(() => retryWithBackoff(options)).toThrow(EpicError);
  });

  it.each([
    [{ maxRetries: -1 }, 'option "maxRetries" must be an integer >= 0 or Infinity, got -1'],
    [{ initialDelayMs: Number.NaN }, 'option "initialDelayMs" must be a finite number >= 0, got NaN'],
    [{ factor: 0.5 }, 'option "factor" must be a number >= 1, got 0.5'],
    [{ maxDelayMs: -1 }, 'option "maxDelayMs" must be a number >= 0, got -1'],
    [{ jitter: 2 }, 'option "jitter" must be a number in [0, 1], got 2'],
    [{ maxRetryAfterMs: -5 }, 'option "maxRetryAfterMs" must be a number >= 0, got -5'],
  ] as const)('names the option in the message: %o', (options, message) => {
    expect(() => retryWithBackoff(options)).toThrow(`retryWithBackoff: ${message}`);
  });
});
