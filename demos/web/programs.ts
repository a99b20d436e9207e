/**
 * What the web demo runs for a typed input: one whole number N runs the cities streaming program
 * (demos/cities) for N cities, its follow-up answers streamed too (`chatStream`, so the page shows
 * each answer growing: the `patch` frames' text appends); four numbers run Tree-of-Thoughts on that Game of 24 puzzle
 * (demos/game24).
 *
 * On the embedded simulator (no OPENAI_* variables) the cities answers come from the cities
 * responder, and a Game of 24 puzzle must be one of the log the simulator replays (puzzles
 * 900–949 of 24.csv, real GPT-4 answers); each replayed puzzle gets its own simulator, started
 * on first use. Against a real endpoint (OPENAI_BASE_URL / OPENAI_API_KEY, see lib/llm/options.ts)
 * both programs ask the model, and any puzzle goes — the Game of 24 needs an endpoint that serves
 * `/v1/completions`.
 */
import { citiesProgram } from '../cities/program.js';
import { CITIES_LATENCY, citiesResponder } from '../cities/responder.js';
import { loadTotLog, logRange, valueCacheAfter, type TotLogRecord } from '../game24/log.js';
import { replayEnvelope, replayResponder } from '../game24/replay.js';
import { GPT4_LATENCY } from '../game24/session.js';
import { totHosts, totProgram } from '../game24/tot.js';
import { EpicError, type Program } from '../../lib/index.js';
import { createLlm, type Llm, type LlmOptions } from '../../lib/llm/index.js';

/** A run ready to start: the program, its arguments, and the Llm its calls go to. */
export interface PreparedRun {
  readonly kind: 'cities' | 'game24';
  readonly program: Program<any[], unknown>;
  readonly args: readonly unknown[];
  readonly llm: Llm;
}

/** Options of the demo's programs. */
export interface WebProgramsOptions {
  /** Simulated time runs this many times real time (default 0.2: 10 cities take about 2.4 s, 4 5 6 10 about 7 s). */
  readonly timeScale?: number;
  /** Where OPENAI_* variables are read (default `process.env`; `{}` forces the simulator). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Most cities one run may ask for (the simulator's responder knows 20). */
export const MAX_CITIES = 20;

/** The programs of the demo and their Llms (see the module comment). */
export class WebPrograms {
  private readonly cities: Llm;
  private readonly citiesStreamed: Program<[number], string[]>;
  private readonly puzzles = new Map<string, Promise<PreparedRun>>();
  private readonly log: readonly TotLogRecord[] = loadTotLog();

  constructor(private readonly options: WebProgramsOptions = {}) {
    this.cities = this.llm({ ...CITIES_LATENCY, responder: citiesResponder });
    // the follow-ups stream too, so the page shows each answer as it is written
    this.citiesStreamed = citiesProgram(this.cities.hosts.chatStream, this.cities.hosts.chatStream, 'cities');
  }

  /** Whether requests go to the embedded simulator (else to a configured endpoint). */
  get simulated(): boolean {
    return this.cities.info().kind === 'simulator';
  }

  /**
   * The run for `input` ("10", or "4 5 6 10"). Rejects with an `EpicError` saying what is
   * accepted when the input is neither, or names a puzzle the simulator cannot replay.
   */
  async prepare(input: string): Promise<PreparedRun> {
    const numbers = input
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean);
    if (numbers.length === 1 && /^\d+$/.test(numbers[0]!)) return this.citiesRun(Number(numbers[0]));
    if (numbers.length === 4 && numbers.every((n) => /^\d+$/.test(n))) return this.puzzleRun(numbers.join(' '));
    throw new EpicError(
      `Type a number of cities (1–${MAX_CITIES}, e.g. 10) or a Game of 24 puzzle ` +
        `(four numbers, e.g. 4 5 6 10); got ${JSON.stringify(input)}`,
    );
  }

  /** Stops every Llm (and so every simulator) the demo started. */
  async close(): Promise<void> {
    const runs = await Promise.allSettled(this.puzzles.values());
    const llms = [this.cities, ...runs.flatMap((r) => (r.status === 'fulfilled' ? [r.value.llm] : []))];
    await Promise.all(llms.map((llm) => llm.close()));
  }

  private async citiesRun(n: number): Promise<PreparedRun> {
    if (n < 1 || n > MAX_CITIES) throw new EpicError(`Ask for 1 to ${MAX_CITIES} cities; got ${n}`);
    await this.cities.ready();
    return { kind: 'cities', program: this.citiesStreamed, args: [n], llm: this.cities };
  }

  private puzzleRun(puzzle: string): Promise<PreparedRun> {
    let run = this.puzzles.get(puzzle);
    if (!run) {
      run = this.startPuzzle(puzzle);
      this.puzzles.set(puzzle, run);
      run.catch(() => this.puzzles.delete(puzzle));
    }
    return run;
  }

  private async startPuzzle(puzzle: string): Promise<PreparedRun> {
    const at = this.log.findIndex((r) => r.steps[0]!.x === puzzle);
    const record = this.log[at];
    if (!this.simulated) {
      const llm = this.llm({});
      return { kind: 'game24', program: totProgram(totHosts(llm.complete)), args: [puzzle, {}], llm };
    }
    if (!record) {
      const known = this.log
        .slice(0, 5)
        .map((r) => r.steps[0]!.x)
        .join(', ');
      throw new EpicError(
        `The simulator replays only the logged puzzles (rows ${logRange(this.log)} of 24.csv, ` +
          `e.g. ${known}); got "${puzzle}". Set OPENAI_BASE_URL to ask a real model.`,
      );
    }
    const llm = this.llm({ ...GPT4_LATENCY, responder: replayResponder(record) });
    await llm.ready();
    // the value cache the authors' run had at this puzzle, so the replay is exact
    const cache = valueCacheAfter(this.log.slice(0, at));
    return { kind: 'game24', program: totProgram(totHosts(llm.complete, replayEnvelope)), args: [puzzle, cache], llm };
  }

  private llm(sim: NonNullable<LlmOptions['sim']>): Llm {
    const { timeScale = 0.2, env } = this.options;
    return createLlm({ ...(env ? { env } : {}), sim: { ...sim, timeScale }, retry: { maxRetries: 0 } });
  }
}
