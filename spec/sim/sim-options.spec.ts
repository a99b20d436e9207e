import { describe, expect, it } from 'vitest';
import { EpicError } from '../../lib/errors.js';
import {
  DEFAULT_SIM_OPTIONS,
  resolveFaults,
  resolveSimOptions,
  type SimOptionsInput,
} from '../../lib/sim/sim-options.js';

describe('resolveSimOptions', () => {
  it('fills in the defaults', () => {
    const options = resolveSimOptions({ timeScale: 0.5, faults: { dropRate: 0.1 } });
    expect(options).toMatchObject({
      ...DEFAULT_SIM_OPTIONS,
      timeScale: 0.5,
      faults: { ...DEFAULT_SIM_OPTIONS.faults, dropRate: 0.1 },
    });
  });

  it.each<[SimOptionsInput, string]>([
    [{ ttftMs: -1 }, 'option "ttftMs" must be a number >= 0, got -1'],
    [{ timeScale: Number.NaN }, 'option "timeScale" must be a number >= 0, got NaN'],
    [{ port: 70_000 }, 'option "port" must be a number in [0, 65535], got 70000'],
    [{ port: 80.5 }, 'option "port" must be an integer >= 0, got 80.5'],
    [{ slots: 0 }, 'option "slots" must be a positive integer or Infinity, got 0'],
    [{ slots: 2.5 }, 'option "slots" must be a positive integer or Infinity, got 2.5'],
    [{ embeddingDim: Infinity }, 'option "embeddingDim" must be a positive integer, got Infinity'],
    [{ faults: { stallRate: 1.5 } }, 'option "faults.stallRate" must be a number in [0, 1], got 1.5'],
    [{ faults: { seed: Number.NaN } }, 'option "faults.seed" must be a number, got NaN'],
    [{ faults: { stallBodyRate: -0.1 } }, 'option "faults.stallBodyRate" must be a number in [0, 1], got -0.1'],
    [{ limits: { maxInputs: 0 } }, 'option "limits.maxInputs" must be a positive integer, got 0'],
    [{ limits: { maxBodyBytes: Infinity } }, 'option "limits.maxBodyBytes" must be a positive integer, got Infinity'],
    [{ limits: { maxTokens: 1.5 } }, 'option "limits.maxTokens" must be a positive integer, got 1.5'],
    [{ limits: { maxDimensions: 32 } }, 'option "embeddingDim" must be at most limits.maxDimensions (32), got 64'],
    [
      { faults: { rateLimitStorms: [{ kind: 'firstRequests', count: 1.5 }] } },
      'option "faults.rateLimitStorms[0].count" must be an integer >= 0 or Infinity, got 1.5',
    ],
  ])('rejects %o with an EpicError naming that option', (input, message) => {
    expect(() => resolveSimOptions(input)).toThrow(EpicError);
    expect(() => resolveSimOptions(input)).toThrow(`simulator: ${message}`);
  });

  it('fills in the limits one by one', () => {
    const { limits } = resolveSimOptions({ limits: { maxInputs: 16 } });
    expect(limits).toEqual({ ...DEFAULT_SIM_OPTIONS.limits, maxInputs: 16 });
  });

  it('accepts unbounded slots and storms', () => {
    expect(resolveSimOptions({ slots: Infinity }).slots).toBe(Infinity);
    expect(
      resolveFaults({ rateLimitStorms: [{ kind: 'firstRequests', count: Infinity }] }).rateLimitStorms,
    ).toHaveLength(1);
  });
});
