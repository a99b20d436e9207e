/**
 * The latency model in real milliseconds (model ms × `timeScale`), as pure functions of the
 * options. See `sim-options.ts` for the formulas; this file only evaluates them.
 */
import { batchCostFactor } from './batch-cost.js';
import type { SimOptions } from './sim-options.js';

type LatencyOptions = Pick<SimOptions, 'ttftMs' | 'perTokenMs' | 'embedMs' | 'timeScale' | 'batchCurve' | 'overheadMs'>;

/** When each token of a generation is due, in real ms after its slot was taken. */
export interface TokenTimeline {
  /** Real ms from taking the slot to token `i` (0-based); also the finish time of `i + 1` tokens. */
  readonly tokenAt: (i: number) => number;
  /** Real ms from taking the slot to the end of a generation whose longest choice has `tokens`. */
  readonly doneAt: (tokens: number) => number;
}

/**
 * The token timeline of a request carrying `choices` choices (prompts × n), all generated as one
 * batch and costing `batchCostFactor(choices)` times a single one.
 *
 * @example
 * generationTimeline(DEFAULT_SIM_OPTIONS, 1).doneAt(3) // 190 (150 + 2 × 20)
 */
export function generationTimeline(options: LatencyOptions, choices: number): TokenTimeline {
  const scale = options.timeScale * batchCostFactor(Math.max(1, choices), options.batchCurve);
  const tokenAt = (i: number): number => scale * (options.ttftMs + i * options.perTokenMs);
  return { tokenAt, doneAt: (tokens) => tokenAt(Math.max(0, tokens - 1)) };
}

/** Real ms an embeddings request with `inputs` inputs holds its slot. */
export function embeddingTime(options: LatencyOptions, inputs: number): number {
  return options.timeScale * options.embedMs * batchCostFactor(Math.max(1, inputs), options.batchCurve);
}

/** Real ms of the fixed per-request overhead. */
export function overheadTime(options: LatencyOptions): number {
  return options.timeScale * options.overheadMs;
}
