/**
 * Constrained decoding (program.ts): six product records built field by field from sampled
 * candidates that a schema checker accepts, sampling again when it accepts none. The demo module
 * contract (demos/index.ts): `npx epic demo constrained` runs it opportunistically and
 * sequentially on the embedded simulator and compares.
 */
import { isDeepStrictEqual } from 'node:util';
import { trafficLine } from '../llm-traffic.js';
import { createConstrained, MAX_ATTEMPTS, PRODUCTS } from './program.js';
import { CANDIDATES, expectedRecord } from './responder.js';
import { checkRecord, FIELDS } from './schema.js';

/** Simulated time runs this many times real time in the demo. */
export const DEMO_TIME_SCALE = 0.05;

const session = createConstrained({ timeScale: DEMO_TIME_SCALE });
// Start the simulator and make a small warm-up run now, so the first (opportunistic) run is not also timing the
// simulator's start, the first connections and the JIT; the warm-up's requests are not counted.
await session.llm.ready();
await session.program.evaluate(['Kettle'], [...FIELDS], MAX_ATTEMPTS);
session.llm.simulator()?.resetMetrics();

export default session.program;

/** The products, the fields to fill, and the attempts per field. */
export const input = [[...PRODUCTS], [...FIELDS], MAX_ATTEMPTS];

/** Which LLM answers, at what latency. */
export function notes(): readonly string[] {
  return [
    'LLM: the embedded simulator (no API key, no network) with the constrained responder ' +
      `(${CANDIDATES} candidates per step, ` +
      `some breaking the schema); GPT-4-like latency, 8 slots, time scale ${DEMO_TIME_SCALE}`,
  ];
}

/** The records, and whether each satisfies the schema and is the one the responder's rule gives. */
export function show(value: unknown): string {
  const records = value as readonly unknown[];
  const valid = records.every((r, i) => checkRecord(r, PRODUCTS[i]!));
  const expected = isDeepStrictEqual(records, PRODUCTS.map(expectedRecord));
  return [
    ...records.map((r) => JSON.stringify(r)),
    `every record satisfies the schema: ${valid ? 'yes' : 'NO'} · ` +
      `each is the first accepted candidate per field: ${expected ? 'yes' : 'NO'}`,
  ].join('\n');
}

/** The LLM requests of the last run (from the simulator's metrics). */
export function afterRun(): string | undefined {
  return trafficLine(session.llm);
}

/** Stops the embedded simulator. */
export function dispose(): Promise<void> {
  return session.llm.close();
}
