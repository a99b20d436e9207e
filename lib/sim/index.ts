/**
 * The embedded OpenAI-compatible simulated server (see `server.ts`), its options, metrics,
 * responders and batch cost curve.
 */
export { startSim, type SimServer } from './server.js';
export {
  DEFAULT_SIM_FAULTS,
  DEFAULT_SIM_OPTIONS,
  resolveSimOptions,
  type SimFaultOptions,
  type SimOptions,
  type SimOptionsInput,
  type SimRequestEvent,
  type SimStorm,
} from './sim-options.js';
export { DEFAULT_SIM_LIMITS, type SimLimits } from './limits.js';
export type { SimEarlyClose, SimMetrics, SimPhase, SimRoute, SimServedRoute } from './metrics.js';
export { SIM_FAULT_KINDS, type SimFaultKind } from './faults.js';
export {
  defaultResponder,
  responderFromTable,
  type SimAnswer,
  type SimMessage,
  type SimPromptRequest,
  type SimResponder,
} from './responders.js';
export { hashEmbedding, type SimEmbedder } from './embedder.js';
export {
  batchCostFactor,
  curveFromCalibration,
  GPT2_BATCH_CURVE,
  LLAMA_BATCH_CURVE,
  type BatchCurve,
  type BatchCurvePoint,
} from './batch-cost.js';
export { H100_CALIBRATION, type CalibrationRow } from './calibration.js';
export { countTokens } from './tokens.js';
export { SIM_HEADERS } from './context.js';
export { SIM_LABEL } from './state.js';
