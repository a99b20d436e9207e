/**
 * The main demo: Tree-of-Thoughts breadth-first search on the Game of 24 (tot.ts), run on the
 * REAL GPT-4 answers of the ToT authors' own run, replayed by the embedded simulated LLM
 * (replay.ts) — no API key, no network. Puzzle 900 ("4 5 6 10") was the first puzzle of that
 * run, so an empty value cache reproduces it exactly.
 *
 * Latency is GPT-4-like (`GPT4_LATENCY`: 0.5 s to the first token, about 20 tokens/s) but the
 * simulator runs `DEMO_TIME_SCALE` times real time, so `npm start` (both strategies, one after
 * the other) takes seconds. The speed-up hardly depends on the scale: only the client's own
 * costs per request (a few ms) do not scale.
 *
 * Run: `npm start` or `npx epic demo game24`.
 *
 * Many puzzles, any log: `runPuzzles` (run.ts, re-exported here) replays a stretch of a ToT log
 * — the shipped one or any file in its format — puzzle by puzzle in the log's order, starting
 * from the value cache the authors' run had there, and prints a line per puzzle and
 * `solved n/N` against the log's own count. For the CLI:
 *
 * ```
 * epic demo game24 [--log FILE] [--puzzles 900-949] [--strategy opportunistic|sequential] [--time-scale 0.025]
 * ```
 *
 * is `runPuzzles({ log: FILE, puzzles: '900-949', strategy, timeScale })`; it resolves with a
 * report (`asLogged === runs.length`: every puzzle reproduced the log), and rejects with an
 * `EpicError` for a bad log or selection before anything runs. It starts its own simulators, one
 * per puzzle; the caller should still call `dispose()` for the one this module started on import.
 */
import { createLlm } from '../../lib/llm/index.js';
import { trafficLine } from '../llm-traffic.js';
import { checkAnswer } from './check.js';
import { logSolved, totLogRecord } from './log.js';
import { replayEnvelope, replayResponder } from './replay.js';
import { DEMO_TIME_SCALE, GPT4_LATENCY } from './session.js';
import { totHosts, totProgram, type TotResult } from './tot.js';

export { runPuzzles, type RunPuzzlesOptions, type RunPuzzlesReport } from './run.js';

/** The puzzle: zero-based row 900 of 24.csv (Rank 901). */
const PUZZLE = 900;

const record = totLogRecord(PUZZLE);
// `env: {}`: OPENAI_* variables are ignored, since the replay only exists in the simulator.
const llm = createLlm({
  env: {},
  sim: { ...GPT4_LATENCY, timeScale: DEMO_TIME_SCALE, responder: replayResponder(record) },
});
// Start the simulator now, so the first (opportunistic) run is not also timing its start-up.
await llm.ready();

export default totProgram(totHosts(llm.complete, replayEnvelope), { name: 'game24' });

/** The puzzle and an empty value cache (the log's run started here). */
export const input = [record.steps[0]!.x, {}];

/** One line on where the answers come from. */
export function notes(): readonly string[] {
  return [
    `LLM: the embedded simulator (no API key, no network), replaying real GPT-4 outputs from the ToT authors' run ` +
      `(princeton-nlp/tree-of-thought-llm, puzzle ${PUZZLE}); GPT-4-like latency at time scale ${DEMO_TIME_SCALE} (${1 / DEMO_TIME_SCALE}× faster than real)`,
  ];
}

/** The puzzle, the answer found and whether it checks, and the calls by host. */
export function show(value: unknown): string {
  const result = value as TotResult;
  const x = result.puzzle;
  const found = result.ys.find((y) => checkAnswer(x, y)) ?? result.ys[0] ?? '';
  const checks = checkAnswer(x, found);
  const correct = result.ys.filter((y) => checkAnswer(x, y)).length;
  const sameAsLog = result.ys.length === record.ys.length && result.ys.every((y, i) => y === record.ys[i]);
  const propose = sum(result.steps.map((s) => s.states));
  const valued = sum(result.steps.map((s) => s.valued));
  return [
    `puzzle ${PUZZLE}: ${x}`,
    `answer: ${answerLine(found)} — ${checks ? `checks (uses ${x}, = 24)` : 'does NOT check'}`,
    ...found
      .trim()
      .split('\n')
      .map((line) => `    ${line}`),
    `final trajectories: ${correct} of ${result.ys.length} correct; GPT-4 log: ${record.infos.filter((i) => i.r === 1).length} of ` +
      `${record.ys.length} (${logSolved(record) ? 'solved' : 'unsolved'}); same trajectories as the log: ${sameAsLog ? 'yes' : 'no'}`,
    `calls by host: propose ${propose} (complete, n = 1) · value ${valued} (complete, n = 3) → ${propose + valued} complete prompts`,
    `per step (states → candidates → value calls): ${result.steps.map((s) => `${s.states} → ${s.candidates} → ${s.valued}`).join(' | ')}`,
  ].join('\n');
}

/** The LLM requests of the last run (from the simulator's metrics). */
export function afterRun(): string | undefined {
  return trafficLine(llm);
}

/** Stops the embedded simulator. */
export function dispose(): Promise<void> {
  return llm.close();
}

/** The last line of a trajectory without ToT's "Answer: " prefix. */
function answerLine(y: string): string {
  return (y.trim().split('\n').at(-1) ?? '').replace(/^answer: /i, '');
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
