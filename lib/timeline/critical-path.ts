/**
 * The critical path of a run, inferred from its call intervals alone.
 *
 * Events say when each call was dispatched and settled, not which results fed which arguments,
 * so the path is inferred with one rule: a call is dispatched as soon as its inputs are known, so
 * the call that GATED a call's dispatch is the one whose settling most closely preceded it.
 *
 *   1. Start at the call that settled last (ties: the one dispatched last).
 *   2. Its predecessor is, among the calls that settled no later than it was dispatched, the one
 *      that settled latest (ties: the one dispatched last).
 *   3. Repeat from the predecessor until no call settled before the dispatch.
 *
 * The chain's calls determine the makespan: shortening any other call does not move the last
 * settle, under the rule's assumption. It is exact for a sequential run (every call waits for the
 * one before) and for fork-join shapes (the trip planner: the slowest of three lookups, then the
 * plan). It can pick a call that merely settled at the right moment when a dispatch waited on
 * something else (pure computation, an input, a limiter slot); gaps between consecutive calls of
 * the path show where that happened.
 */
import type { CallBar } from './calls.js';

/**
 * The ids of the calls on the critical path, first to last (empty for no calls).
 *
 * @example
 * criticalPath(runCalls(events).calls) // [2, 4] for the trip planner: a lookup, then the plan
 */
export function criticalPath(calls: readonly CallBar[]): number[] {
  const byEnd = [...calls].sort((a, b) => a.end - b.end || a.start - b.start || a.id - b.id);
  const path: number[] = [];
  let current = byEnd.at(-1);
  let bound = byEnd.length - 1; // calls before `bound` in byEnd may still precede `current`
  while (current) {
    path.push(current.id);
    const dispatch = current.start;
    let found: CallBar | undefined;
    for (let i = bound - 1; i >= 0; i--) {
      const candidate = byEnd[i]!;
      if (candidate.end <= dispatch) {
        found = candidate;
        bound = i;
        break;
      }
    }
    current = found;
  }
  return path.reverse();
}
