/**
 * One logged puzzle ready to run: a simulated server replaying its GPT-4 answers, an Llm on it,
 * and the ToT program over that Llm. Tests and the benchmark use it, because they read the
 * server's metrics (requests, prompts per request, prompts served), which an Llm does not expose
 * for the simulator it starts itself.
 */
import { createLlm, type Llm } from '../../lib/llm/index.js';
import { startSim, type SimOptionsInput, type SimServer } from '../../lib/sim/index.js';
import type { Program } from '../../lib/index.js';
import type { TotLogRecord } from './log.js';
import { replayResponder } from './replay.js';
import { totHosts, totProgram, type TotResult, type ValueCache } from './tot.js';

/**
 * GPT-4-like latency in the simulator's units: 0.5 s to the first token, then 60 ms per
 * simulated token. The simulator counts whitespace-separated words, and ToT's text runs about
 * 1.2 GPT-4 (cl100k) tokens per word ("4 + 5 = 9 (left: 6 9 10)" is 12 tokens for 9 words,
 * "6 + 9 + 10 = 25" 7 for 7), so this is about 20 GPT-4 tokens per second.
 */
export const GPT4_LATENCY = Object.freeze({ ttftMs: 500, perTokenMs: 60 });

/** A running replay of one puzzle. */
export interface ReplaySession {
  readonly record: TotLogRecord;
  readonly sim: SimServer;
  readonly llm: Llm;
  readonly program: Program<[string, ValueCache], TotResult>;
  /** Closes the Llm and the server. */
  close(): Promise<void>;
}

/**
 * Starts a simulator replaying `record` (GPT-4 latency unless `sim` says otherwise) and the ToT
 * program on it. Requests are not retried, so a count of requests is exact.
 *
 * Gotcha: one session per puzzle — the replay is keyed per puzzle (see replay.ts).
 *
 * @example
 * const s = await startReplay(totLogRecord(900), { timeScale: 0.01 });
 * const result = await s.program.evaluate('4 5 6 10', {});
 * await s.close();
 */
export async function startReplay(record: TotLogRecord, sim: SimOptionsInput = {}): Promise<ReplaySession> {
  const server = await startSim({ ...GPT4_LATENCY, ...sim, responder: replayResponder(record) });
  const llm = createLlm({ env: {}, baseURL: server.url, apiKey: 'sk-replay', retry: { maxRetries: 0 } });
  return {
    record,
    sim: server,
    llm,
    program: totProgram(totHosts(llm.complete)),
    close: async () => {
      await llm.close();
      await server.close();
    },
  };
}
