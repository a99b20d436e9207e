/**
 * The batch cost curve: how much more a request carrying `n` prompts costs than one carrying a
 * single prompt. On a GPU, decoding a batch is bound by reading the weights, not by the number of
 * rows, so a batch of 128 costs about what one prompt costs (1.07–1.14× on the H100 measurements).
 *
 * Beyond the largest measured size the server is modelled as running the batch in chunks of that
 * size, one after another: `factor(n) = q·factor(max) + factor(r)` where `n = q·max + r` (the
 * `factor(r)` term is left out when `r = 0`). The cost therefore grows linearly, in steps, past the
 * curve's end, instead of staying flat forever.
 */
import { EpicError } from '../errors.js';
import { CALIBRATION_MODELS, H100_CALIBRATION, type CalibrationRow } from './calibration.js';

/** One point of a batch cost curve: a batch of `batch` prompts costs `factor` times one prompt. */
export interface BatchCurvePoint {
  readonly batch: number;
  readonly factor: number;
}

/**
 * A batch cost curve: points sorted by strictly increasing `batch`, the first one at batch 1 with
 * factor 1, every factor positive. Between points the factor is interpolated linearly in `n`.
 */
export type BatchCurve = readonly BatchCurvePoint[];

/**
 * Builds a curve from calibration rows of one model: seconds divided by the batch-1 seconds.
 * Throws an `EpicError` when the model has no rows or no batch-1 row.
 *
 * @example
 * curveFromCalibration(H100_CALIBRATION, 'gpt2-124M-random')[7] // { batch: 128, factor: 1.073… }
 */
export function curveFromCalibration(rows: readonly CalibrationRow[], model: string): BatchCurve {
  const own = rows.filter((r) => r.model === model).sort((a, b) => a.batch - b.batch);
  const base = own.find((r) => r.batch === 1);
  if (!base) throw new EpicError(`No batch-1 calibration row for model "${model}"`);
  const curve = Object.freeze(own.map((r) => Object.freeze({ batch: r.batch, factor: r.seconds / base.seconds })));
  checkBatchCurve(curve);
  return curve;
}

/** The curve of the Llama-shaped 1.1B model on the H100 (the simulator's default). */
export const LLAMA_BATCH_CURVE: BatchCurve = curveFromCalibration(H100_CALIBRATION, CALIBRATION_MODELS.llama);

/** The curve of the GPT-2 124M model on the H100. */
export const GPT2_BATCH_CURVE: BatchCurve = curveFromCalibration(H100_CALIBRATION, CALIBRATION_MODELS.gpt2);

/**
 * Throws an `EpicError` unless `curve` is a valid `BatchCurve` (see its rules).
 *
 * @example
 * checkBatchCurve([{ batch: 1, factor: 1 }, { batch: 8, factor: 1.5 }]) // ok
 */
export function checkBatchCurve(curve: BatchCurve): void {
  const first = curve[0];
  if (first?.batch !== 1 || first.factor !== 1) {
    throw new EpicError('A batch cost curve must start at { batch: 1, factor: 1 }');
  }
  curve.forEach((p, i) => {
    const prev = curve[i - 1];
    if (!(p.factor > 0) || !Number.isFinite(p.factor) || (prev && !(p.batch > prev.batch))) {
      throw new EpicError(
        `Bad batch cost curve point ${i}: ${JSON.stringify(p)} (batches must increase, factors be > 0)`,
      );
    }
  });
}

/**
 * How many times the cost of one prompt a request carrying `n` prompts costs: interpolated
 * linearly between the curve's points, and grown in chunks of the largest measured size beyond
 * it (see the file comment). `n` must be a positive integer.
 *
 * Gotcha: measured curves are not monotone (noise), so a batch of 4 may cost more than one of 8.
 *
 * @example
 * batchCostFactor(1)                                  // 1
 * batchCostFactor(128)                                // 1.1419 (Llama curve)
 * batchCostFactor(256)                                // 2.2838: two chunks of 128
 * batchCostFactor(3, [{ batch: 1, factor: 1 }, { batch: 5, factor: 2 }]) // 1.5
 */
export function batchCostFactor(n: number, curve: BatchCurve = LLAMA_BATCH_CURVE): number {
  if (!Number.isInteger(n) || n < 1) throw new EpicError(`Batch size must be a positive integer, got ${n}`);
  checkBatchCurve(curve);
  const last = curve[curve.length - 1] as BatchCurvePoint;
  if (n > last.batch) {
    const chunks = Math.floor(n / last.batch);
    const rest = n - chunks * last.batch;
    return chunks * last.factor + (rest > 0 ? interpolate(rest, curve) : 0);
  }
  return interpolate(n, curve);
}

/** Linear interpolation for `1 <= n <= last batch`. */
function interpolate(n: number, curve: BatchCurve): number {
  const hi = curve.findIndex((p) => p.batch >= n);
  const upper = curve[hi] as BatchCurvePoint;
  const lower = curve[hi - 1];
  if (upper.batch === n || !lower) return upper.factor;
  const t = (n - lower.batch) / (upper.batch - lower.batch);
  return lower.factor + t * (upper.factor - lower.factor);
}
