/**
 * A line on the LLM traffic of the last run, read from the embedded simulator's metrics (which
 * it then resets, so each run is counted on its own). For the demos' `afterRun` hook.
 */
import type { Llm } from '../lib/llm/index.js';

/** "LLM: 12 requests carrying 85 prompts (up to 32 per request)", or undefined if no simulator. */
export function trafficLine(llm: Llm): string | undefined {
  const sim = llm.simulator();
  if (!sim) return undefined;
  const { batchSizes, promptsServed } = sim.metrics();
  sim.resetMetrics();
  const most = batchSizes.length ? Math.max(...batchSizes) : 0;
  return `LLM: ${batchSizes.length} request${batchSizes.length === 1 ? '' : 's'} carrying ${promptsServed} prompts (up to ${most} per request)`;
}
