/**
 * Nested tool use (program.ts): an agent answers a four-part question with tools that call the
 * LLM — split, search, a note per hit, an answer per part, a comparison, the final answer. The
 * demo module contract (demos/index.ts): `npx epic demo agent` runs it opportunistically and
 * sequentially on the embedded simulator and compares.
 */
import { trafficLine } from '../llm-traffic.js';
import { AGENT_QUESTION, createAgent, SEARCH_MS, type AgentResult } from './program.js';
import { expectedAnswer } from './responder.js';

/**
 * Simulated time runs this many times real time in the demo: 0.1, not the 0.05 of the other cases, because the agent
 * makes 23 separate chat requests whose client and HTTP costs do not scale with time, and at 0.05 they blur the
 * comparison on a loaded machine.
 */
export const DEMO_TIME_SCALE = 0.1;

const session = createAgent({ timeScale: DEMO_TIME_SCALE });
// Start the simulator and make a small warm-up run now, so the first (opportunistic) run is not also timing the
// simulator's start, the first connections and the JIT; the warm-up's requests are not counted.
await session.llm.ready();
await session.program.evaluate('Answer each part: the capital of Chile; compare the population of Egypt and Canada.');
session.llm.simulator()?.resetMetrics();

export default session.program;

/** The question. */
export const input = [AGENT_QUESTION];

/** Which LLM answers, at what latency. */
export function notes(): readonly string[] {
  return [
    `LLM: the embedded simulator (no API key, no network) with the agent responder; GPT-4-like latency, 8 slots; ` +
      `search tool ${SEARCH_MS} ms; time scale ${DEMO_TIME_SCALE}`,
  ];
}

/** The parts, their findings, the answer, and whether it checks against the fact table. */
export function show(value: unknown): string {
  const result = value as AgentResult;
  const checks = result.answer === expectedAnswer(AGENT_QUESTION);
  return [
    ...result.parts.map((part, i) => `${part} => ${result.findings[i]}`),
    `answer: ${result.answer}`,
    `the answer equals the one the fact table gives: ${checks ? 'yes' : 'NO'}`,
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
