/**
 * The paper's streaming example: ask for a list of tourist cities as a streamed reply, one city
 * per line, and as soon as each line is complete ask a follow-up about that city (program.ts).
 * The follow-up about the first city is on its way while the list is still streaming.
 *
 * Answers come from the embedded simulator with a responder that knows a fixed list of cities
 * (responder.ts), at GPT-4-like latency scaled by `DEMO_TIME_SCALE`.
 *
 * Two ways in:
 * - `demo(out)` is the full demo (demo.ts): the answers printed in order as they become ready,
 *   then time to first output and total time, streaming opportunistic, non-streaming
 *   opportunistic and sequential; run it with `npx tsx demos/cities/index.ts`;
 * - the demo module contract (demos/index.ts): the streaming program as the default export, so
 *   `npx epic demo cities` runs it opportunistically and sequentially and compares.
 */
import { fileURLToPath } from 'node:url';
import { trafficLine } from '../llm-traffic.js';
import { DEMO_CITIES, runDemo, type Output } from './demo.js';
import { createCities } from './program.js';
import { DEMO_TIME_SCALE, describeSettings } from './responder.js';

const session = createCities({ timeScale: DEMO_TIME_SCALE });

export default session.streamed;

/** Ten cities. */
export const input = [DEMO_CITIES];

/** Which LLM answers, at what latency. */
export function notes(): readonly string[] {
  return [
    `LLM: the embedded simulator (no API key, no network) with the cities responder; ${describeSettings(session.sim)}`,
  ];
}

/** The answers, numbered. */
export function show(value: unknown): string {
  return (value as readonly string[]).map((answer, i) => `${i + 1}. ${answer}`).join('\n');
}

/** The LLM requests of the last run (from the simulator's metrics). */
export function afterRun(): string | undefined {
  return trafficLine(session.llm);
}

/** The full demo (see the module comment), written to `out`; resolves with the exit code. */
export function demo(out: Output): Promise<number> {
  return runDemo(out, session);
}

/** Stops the embedded simulator. */
export function dispose(): Promise<void> {
  return session.llm.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await demo(process.stdout);
  } finally {
    await dispose();
  }
}
