/**
 * The state one simulated server shares between its requests. Each `startSim` call creates its
 * own; nothing lives at module level.
 */
import type { RequestContext } from './context.js';
import type { FaultInjector } from './faults.js';
import type { MetricsRecorder } from './metrics.js';
import type { SimOptions } from './sim-options.js';
import type { SlotPool } from './slots.js';

/** One server's shared state. */
export interface SimState {
  readonly options: SimOptions;
  readonly metrics: MetricsRecorder;
  readonly slots: SlotPool;
  readonly faults: FaultInjector;
  /** Requests in progress, so `close()` can cancel them. */
  readonly live: Set<RequestContext>;
  /** A fresh request id ("sim-1", "sim-2", …). */
  readonly nextId: () => string;
}

/** The label in every `system_fingerprint` and model `owned_by`. */
export const SIM_LABEL = 'epic-rx-simulator';
