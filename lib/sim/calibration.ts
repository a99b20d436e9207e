/**
 * Measured generation time against batch size on one H100, copied from
 * `calibration/h100-batch-curve.json` (shared project data): each row is one `generate` call with
 * `batch` prompts of 128 tokens producing 64 new tokens each, on randomly initialised models of
 * two shapes. The simulator turns a model's rows into a batch cost curve (`batch-cost.ts`).
 *
 * Gotcha: the rows are single measurements, so they carry noise: the Llama-shaped model's batch of
 * 4 took 1.49× batch 1 while batch 8 took 1.16×. The curve keeps the measurements as they are.
 */

/** One calibration measurement. */
export interface CalibrationRow {
  readonly model: string;
  readonly batch: number;
  readonly promptLen: number;
  readonly newTokens: number;
  readonly seconds: number;
}

const LLAMA = 'llama-1.1B-shape-random';
const GPT2 = 'gpt2-124M-random';

const row = (model: string, batch: number, seconds: number): CalibrationRow =>
  Object.freeze({ model, batch, promptLen: 128, newTokens: 64, seconds });

/**
 * The H100 measurements, both models, in file order.
 *
 * @example
 * H100_CALIBRATION.filter((r) => r.model === 'gpt2-124M-random').length // 8
 */
export const H100_CALIBRATION: readonly CalibrationRow[] = Object.freeze([
  row(GPT2, 1, 0.5029674049999997),
  row(GPT2, 2, 0.8055022389999991),
  row(GPT2, 4, 0.817735495000008),
  row(GPT2, 8, 0.8154506629999929),
  row(GPT2, 16, 0.6927236610000023),
  row(GPT2, 32, 0.6836254690000061),
  row(GPT2, 64, 0.5723835640000061),
  row(GPT2, 128, 0.5396862240000075),
  row(LLAMA, 1, 1.3502495729999993),
  row(LLAMA, 2, 1.383248131000002),
  row(LLAMA, 4, 2.014395669999999),
  row(LLAMA, 8, 1.5620315559999938),
  row(LLAMA, 16, 1.7453422690000195),
  row(LLAMA, 32, 1.4683262599999978),
  row(LLAMA, 64, 1.4232167259999926),
  row(LLAMA, 128, 1.5418353270000011),
]);

/** The model names present in `H100_CALIBRATION`. */
export const CALIBRATION_MODELS = Object.freeze({ llama: LLAMA, gpt2: GPT2 });
