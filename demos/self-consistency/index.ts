/**
 * Map-reduce with self-consistency (program.ts): a 12-passage report summarised chunk by chunk,
 * 5 samples per chunk and a majority vote, 3 samples and a vote per section of 4, then a title.
 * The demo module contract (demos/index.ts): `npx epic demo self-consistency` runs the program
 * opportunistically and sequentially on the embedded simulator and compares.
 */
import { isDeepStrictEqual } from 'node:util';
import { trafficLine } from '../llm-traffic.js';
import { reportDocument } from './document.js';
import { createDigest, VOTE_SETTINGS, type DigestResult } from './program.js';
import { expectedDigest } from './responder.js';

/** Simulated time runs this many times real time in the demo. */
export const DEMO_TIME_SCALE = 0.05;

const session = createDigest({ timeScale: DEMO_TIME_SCALE });
// Start the simulator and make a small warm-up run now, so the first (opportunistic) run is not also timing the
// simulator's start, the first connections and the JIT; the warm-up's requests are not counted.
await session.llm.ready();
await session.program.evaluate(reportDocument(4), VOTE_SETTINGS);
session.llm.simulator()?.resetMetrics();

export default session.program;

/** The whole report and the vote settings. */
export const input = [reportDocument(), VOTE_SETTINGS];

/** Which LLM answers, at what latency. */
export function notes(): readonly string[] {
  return [
    `LLM: the embedded simulator (no API key, no network) with the self-consistency responder; GPT-4-like latency, ` +
      `8 slots, time scale ${DEMO_TIME_SCALE}; a single summary sample is wrong for 2 passages in 5, ` +
      'the vote of 5 never',
  ];
}

/** The title, the voted sections, and whether everything checks against the document. */
export function show(value: unknown): string {
  const result = value as DigestResult;
  const expected = expectedDigest(result.summaries.length, VOTE_SETTINGS.sectionSize);
  return [
    `title: ${result.title}`,
    ...result.sections.map((s, i) => `section ${i + 1}: ${s}`),
    "every voted summary is its passage's finding, every section has its findings in order: " +
      (isDeepStrictEqual(result, expected) ? 'yes' : 'NO'),
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
