import { describe, expect, it } from 'vitest';
import { EpicError } from '../../../lib/errors.js';
import { checkCount, checkNumber } from '../../../operators/internal/check-options.js';

/** The message `run` throws (fails the test if it throws none or not an EpicError). */
function thrown(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EpicError);
    return (error as Error).message;
  }
  return expect.fail('expected an EpicError');
}

describe('checkCount', () => {
  it('accepts integers from min, and Infinity unless told not to', () => {
    for (const value of [1, 2, 64, Infinity]) expect(() => checkCount('o', 'n', value)).not.toThrow();
    expect(() => checkCount('o', 'n', 0, { min: 0 })).not.toThrow();
    expect(() => checkCount('o', 'n', 5, { allowInfinity: false })).not.toThrow();
  });

  it('names the owner and the option, says what is allowed and shows what it got', () => {
    expect(thrown(() => checkCount('createLimiter', 'maxConcurrent', 0))).toBe(
      'createLimiter: option "maxConcurrent" must be a positive integer or Infinity, got 0',
    );
    expect(thrown(() => checkCount('retryWithBackoff', 'maxRetries', -1, { min: 0 }))).toBe(
      'retryWithBackoff: option "maxRetries" must be an integer >= 0 or Infinity, got -1',
    );
    expect(thrown(() => checkCount('simulator', 'embeddingDim', Infinity, { allowInfinity: false }))).toBe(
      'simulator: option "embeddingDim" must be a positive integer, got Infinity',
    );
    expect(thrown(() => checkCount('o', 'n', '3'))).toBe(
      'o: option "n" must be a positive integer or Infinity, got "3"',
    );
  });

  it('rejects fractions, NaN, -Infinity and non-numbers', () => {
    for (const value of [1.5, NaN, -Infinity, '2', null, undefined, true]) {
      expect(() => checkCount('o', 'n', value, { min: 0 }), String(value)).toThrow(EpicError);
    }
  });
});

describe('checkNumber', () => {
  it('accepts numbers in the closed range, Infinity only when not finite-only', () => {
    expect(() => checkNumber('o', 'jitter', 0, { min: 0, max: 1 })).not.toThrow();
    expect(() => checkNumber('o', 'jitter', 1, { min: 0, max: 1 })).not.toThrow();
    expect(() => checkNumber('o', 'delay', Infinity, { min: 0 })).not.toThrow();
    expect(() => checkNumber('o', 'seed', -7.5)).not.toThrow();
  });

  it('names the owner and the option, and the range', () => {
    expect(thrown(() => checkNumber('retryWithBackoff', 'jitter', 1.5, { min: 0, max: 1 }))).toBe(
      'retryWithBackoff: option "jitter" must be a number in [0, 1], got 1.5',
    );
    expect(thrown(() => checkNumber('createBatcher', 'windowMs', Infinity, { min: 0, finite: true }))).toBe(
      'createBatcher: option "windowMs" must be a finite number >= 0, got Infinity',
    );
    expect(thrown(() => checkNumber('simulator', 'faults.seed', NaN))).toBe(
      'simulator: option "faults.seed" must be a number, got NaN',
    );
  });

  it('rejects NaN and non-numbers whatever the range', () => {
    for (const value of [NaN, '1', null, undefined, {}])
      expect(() => checkNumber('o', 'n', value), String(value)).toThrow(EpicError);
  });
});
