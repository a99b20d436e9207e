import { describe, expect, it } from 'vitest';
import {
  batchCostFactor,
  curveFromCalibration,
  GPT2_BATCH_CURVE,
  H100_CALIBRATION,
  LLAMA_BATCH_CURVE,
  type BatchCurve,
} from '../../lib/sim/index.js';
import { EpicError } from '../../lib/errors.js';

describe('batch cost curve', () => {
  it('normalises calibration seconds by the batch-1 time', () => {
    const rows = H100_CALIBRATION.filter((r) => r.model === 'llama-1.1B-shape-random');
    const base = rows.find((r) => r.batch === 1)!.seconds;
    expect(LLAMA_BATCH_CURVE.map((p) => p.batch)).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    rows.forEach((r, i) => expect(LLAMA_BATCH_CURVE[i]!.factor).toBeCloseTo(r.seconds / base, 12));
  });

  it('matches the measured 1.07–1.14× for a batch of 128', () => {
    expect(batchCostFactor(128, GPT2_BATCH_CURVE)).toBeCloseTo(1.073, 3);
    expect(batchCostFactor(128)).toBeCloseTo(1.142, 3);
    expect(batchCostFactor(1)).toBe(1);
  });

  it('interpolates linearly between measured sizes', () => {
    const curve: BatchCurve = [
      { batch: 1, factor: 1 },
      { batch: 5, factor: 2 },
      { batch: 9, factor: 4 },
    ];
    expect(batchCostFactor(3, curve)).toBe(1.5);
    expect(batchCostFactor(7, curve)).toBe(3);
    const f48 = batchCostFactor(48);
    const f32 = LLAMA_BATCH_CURVE[5]!.factor;
    const f64 = LLAMA_BATCH_CURVE[6]!.factor;
    expect(f48).toBeCloseTo((f32 + f64) / 2, 12);
  });

  it('grows in chunks of the largest measured size beyond it', () => {
    const f128 = batchCostFactor(128);
    expect(batchCostFactor(256)).toBeCloseTo(2 * f128, 12);
    expect(batchCostFactor(130)).toBeCloseTo(f128 + batchCostFactor(2), 12);
    expect(batchCostFactor(1000)).toBeGreaterThan(batchCostFactor(500));
  });

  it('rejects bad sizes and bad curves', () => {
    expect(() => batchCostFactor(0)).toThrow(EpicError);
    expect(() => batchCostFactor(2.5)).toThrow(/positive integer/);
    expect(() => batchCostFactor(2, [{ batch: 2, factor: 1 }])).toThrow(/start at/);
    expect(() =>
      batchCostFactor(2, [
        { batch: 1, factor: 1 },
        { batch: 1, factor: 2 },
      ]),
    ).toThrow(/point 1/);
    expect(() => curveFromCalibration(H100_CALIBRATION, 'no-such-model')).toThrow(/batch-1/);
  });
});
