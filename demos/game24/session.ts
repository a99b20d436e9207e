/**
 * One logged puzzle ready to run: an Llm whose embedded simulator replays the puzzle's GPT-4
 * answers, that simulator (`llm.simulator()`, for its metrics: requests, prompts per request,
 * prompts served), and the ToT program over the Llm. Tests and the benchmark use it.
 */
import { createLlm, type Llm } from '../../lib/llm/index.js';
import type { SimOptionsInput, SimServer } from '../../lib/sim/index.js';
import type { Program } from '../../lib/index.js';
import type { TotLogRecord } from './log.js';
import type { ValueCache } from './prompts.js';
import { replayEnvelope, replayResponder } from './replay.js';
import { totHosts, totProgram, type TotResult } from './tot.js';

/**
 * GPT-4-like latency in the simulator's units: 0.5 s to the first token, then 60 ms per
 * simulated token. The simulator counts whitespace-separated words, and ToT's text runs about
 * 1.2 GPT-4 (cl100k) tokens per word ("4 + 5 = 9 (left: 6 9 10)" is 12 tokens for 9 words,
 * "6 + 9 + 10 = 25" 7 for 7), so this is about 20 GPT-4 tokens per second.
 */
export const GPT4_LATENCY = Object.freeze({ ttftMs: 500, perTokenMs: 60 });

/** The demo's time scale: simulated time runs 40× faster than real time, so a puzzle takes about a second. */
export const DEMO_TIME_SCALE = 0.025;

/** A running replay of one puzzle. */
export interface ReplaySession {
  readonly record: TotLogRecord;
  readonly sim: SimServer;
  readonly llm: Llm;
  readonly program: Program<[string, ValueCache], TotResult>;
  /** Closes the Llm, which stops its simulator. */
  close(): Promise<void>;
}

/**
 * Starts an Llm whose simulator replays `record` (GPT-4 latency unless `sim` says otherwise), and
 * the ToT program on it. Requests are not retried, so a count of requests is exact.
 *
 * Gotcha: one session per puzzle — the replay is keyed per puzzle (see replay.ts).
 *
 * @example
 * const s = await startReplay(totLogRecord(900), { timeScale: 0.01 });
 * const result = await s.program.evaluate('4 5 6 10', {});
 * await s.close();
 */
export async function startReplay(record: TotLogRecord, sim: SimOptionsInput = {}): Promise<ReplaySession> {
  const llm = createLlm({
    env: {},
    sim: { ...GPT4_LATENCY, ...sim, responder: replayResponder(record) },
    retry: { maxRetries: 0 },
  });
  await llm.ready();
  const server = llm.simulator();
  if (!server) throw new Error('startReplay: the Llm did not start its simulator'); // env {} and no baseURL: it always does
  const program = totProgram(totHosts(llm.complete, replayEnvelope));
  return { record, sim: server, llm, program, close: () => llm.close() };
}
