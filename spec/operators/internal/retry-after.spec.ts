import { describe, expect, it } from 'vitest';
import { readRetryAfterMs } from '../../../operators/internal/retry-after.js';

const at = (headers: unknown, now = 0) => readRetryAfterMs({ headers }, now);

describe('readRetryAfterMs', () => {
  it('reads retry-after-ms first, then retry-after in seconds', () => {
    expect(at(new Headers({ 'retry-after-ms': '250', 'retry-after': '3' }))).toBe(250);
    expect(at(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(at(new Headers({ 'retry-after': '0.5' }))).toBe(500);
  });

  it('reads an HTTP date relative to now, and a past date as 0', () => {
    const date = 'Wed, 21 Oct 2015 07:28:00 GMT';
    const when = Date.UTC(2015, 9, 21, 7, 28, 0);
    expect(at({ 'retry-after': date }, when - 4000)).toBe(4000);
    expect(at({ 'retry-after': date }, when + 4000)).toBe(0);
  });

  it('accepts a plain object with any header-name case', () => {
    expect(at({ 'Retry-After': '2' })).toBe(2000);
    expect(at({ 'RETRY-AFTER-MS': '12.5' })).toBe(12.5);
  });

  it('returns undefined without a usable hint', () => {
    expect(readRetryAfterMs(new Error('no headers'), 0)).toBeUndefined();
    expect(readRetryAfterMs(undefined, 0)).toBeUndefined();
    expect(at(new Headers())).toBeUndefined();
    expect(at({ 'retry-after': 'soon' })).toBeUndefined();
    expect(at({ 'retry-after': '-5' })).toBeUndefined();
  });
});
