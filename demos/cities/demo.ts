/**
 * The cities demo's own output: the streaming run's answers printed in order as they become
 * ready, then a table of time to first output and total time three ways — streaming
 * opportunistic, non-streaming opportunistic, sequential — and whether all three answered the
 * same. Self-contained, because the CLI's demo contract (one program run opportunistically, then
 * sequentially) has no place for printing as answers arrive or for a third way.
 */
import { CITIES } from './data.js';
import { runThreeWays, runWatched, sameAnswers, type Timing, type Ways } from './measure.js';
import type { CitiesSession } from './program.js';
import { describeSettings } from './responder.js';

/** Where the demo writes (`process.stdout`, or anything with `write`). */
export interface Output {
  write(text: string): unknown;
}

/** How many cities the demo asks for. */
export const DEMO_CITIES = 10;

/**
 * Runs the demo on `session`, writing to `out`; resolves with the exit code: 0 if the three ways
 * gave the same answers and they check (answer i names city i of the list), else 1. One small
 * warm-up run comes first, so the first measured run does not also pay for starting the
 * simulator, the first connections and the JIT. The caller closes the session.
 *
 * @example
 * const session = createCities({ timeScale: 0.05 });
 * process.exitCode = await runDemo(process.stdout, session);
 * await session.llm.close();
 */
export async function runDemo(out: Output, session: CitiesSession, n = DEMO_CITIES): Promise<number> {
  out.write(
    `LLM: the embedded simulator (no API key, no network) with the cities responder (demos/cities/responder.ts)\n${describeSettings(session.sim)}\n`,
  );
  await runWatched(session.streamed, 2);
  out.write(`\nstreaming opportunistic — each answer printed as soon as it and those before it are ready:\n`);
  const ways = await runThreeWays(session, n, (i, answer, ms) =>
    out.write(`${seconds(ms).padStart(8)}  ${i + 1}. ${answer}\n`),
  );
  out.write(`\n${table(ways)}\n`);
  const same = sameAnswers([ways.streaming, ways.nonStreaming, ways.sequential]);
  const checks = answersCheck(ways.streaming.answers, n);
  out.write(
    `same answers all three ways: ${same ? 'yes' : 'NO'} · ${n} answers, answer i naming city i of the list: ${checks ? 'yes' : 'NO'}\n`,
  );
  return same && checks ? 0 : 1;
}

/** Whether `answers` are `n` answers, the i-th naming the i-th city of the list. */
export function answersCheck(answers: readonly string[], n: number): boolean {
  return answers.length === n && answers.every((answer, i) => answer.includes(CITIES[i]!.city));
}

/** The table of the three ways and the ratios. */
function table(ways: Ways): string {
  const row = (name: string, t: Timing, note = ''): string =>
    `  ${name.padEnd(29)}${seconds(t.firstMs).padStart(12)}${seconds(t.totalMs).padStart(10)}${note}`;
  const { streaming, nonStreaming, sequential } = ways;
  return [
    `  ${''.padEnd(29)}${'first output'.padStart(12)}${'total'.padStart(10)}`,
    row('streaming opportunistic', streaming),
    row('non-streaming opportunistic', nonStreaming),
    row('sequential', sequential, '   (first output: when its first follow-up call resolved)'),
    `time to first output: ${ratio(sequential.firstMs, streaming.firstMs)} sooner than sequential, ` +
      `${ratio(nonStreaming.firstMs, streaming.firstMs)} sooner than non-streaming`,
    `total time: ${ratio(sequential.totalMs, streaming.totalMs)} faster than sequential, ` +
      `${ratio(nonStreaming.totalMs, streaming.totalMs)} faster than non-streaming`,
  ].join('\n');
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const ratio = (slow: number, fast: number): string => `${(slow / fast).toFixed(2)}×`;
