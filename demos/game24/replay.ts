/**
 * A responder for the simulated LLM server that replays what GPT-4 answered in the ToT authors'
 * Game-of-24 run (`data/tot-gpt4-bfs-900-949.json`), for ONE puzzle of that log.
 *
 * How answers are keyed: by the exact prompt text, rebuilt with ToT's own wrappers (prompts.ts)
 * from the logged states.
 * - Propose: for each step and each kept state `y`, the candidates in `new_ys` that extend `y`
 *   are the lines GPT-4 proposed for it; the prompt is `proposePrompt(x, y)`, and the answer is
 *   those lines joined by "\n" (ToT splits the text on "\n", so a blank line GPT-4 wrote comes
 *   back as the same blank candidate).
 * - Value: for each distinct candidate, the prompt is `valuePrompt(x, candidate)` and the
 *   logged value (a sum over 3 samples of sure 20 / likely 1 / impossible 0.001) is decoded
 *   into 3 judgments; sample k of the request (k = 0, 1, 2) ends with judgment k, ordered sure,
 *   likely, impossible, then samples whose last line is no judgment (the log counts those as 0).
 *   The reasoning lines before the judgment are a labelled stand-in: the log did not keep them.
 * Every answer is a function of (prompt, k) only.
 *
 * Limits, all consequences of keying on the prompt:
 * - The propose prompt holds only the numbers left. When two states of the puzzle leave the
 *   same numbers (e.g. "1 * 4 = 4 (left: 2 4 7)" and "4 / 1 = 4 (left: 2 4 7)" in one step, or,
 *   after a line that kept two numbers, in different steps), GPT-4 was asked the same prompt
 *   twice and sampled two answers; the replay gives both states the FIRST logged answer (log
 *   order). A search that keeps both then diverges from the log. In 900–949 this
 *   changes the final trajectories of 6 puzzles (906, 913, 919, 930, 937, 949), and none of the
 *   50 solve outcomes.
 * - That is also why a responder covers one puzzle: across puzzles the same numbers have other
 *   answers. Run each puzzle against its own simulator.
 * - When a step keeps the same state twice, the boundary between their two answers is not in
 *   the log; a line repeated inside the run of candidates starts the next answer.
 * - A value request must ask for n = 3 samples, as ToT does; sample k ≥ 3 has no judgment.
 * - A prompt the log cannot answer gets a one-line fallback saying so (no judgment in it, so
 *   ToT values it 0, and as a proposal it shows up plainly in the trajectory).
 */
import { EpicError } from '../../lib/errors.js';
import type { SimResponder } from '../../lib/sim/index.js';
import type { TotLogRecord, TotLogStep } from './log.js';
import {
  COT_PROMPT, JUDGMENT_VALUES, PROPOSE_PROMPT, proposePrompt, VALUE_LAST_STEP_PROMPT, VALUE_PROMPT, valueOfOutputs,
  VALUE_SAMPLES, valuePrompt, type Judgment,
} from './prompts.js';

/** What the replay knows for one puzzle: answers by exact prompt. */
export interface ReplayTable {
  /** Propose (and answer-step) prompt → the proposal text. */
  readonly proposals: ReadonlyMap<string, string>;
  /** Value prompt → the 3 samples' judgments (undefined: a sample with no judgment). */
  readonly judgments: ReadonlyMap<string, readonly (Judgment | undefined)[]>;
}

/**
 * The answers of one logged puzzle, keyed by prompt (see the file comment); when the log has two
 * answers for one prompt, the first in log order wins. Throws an `EpicError` if the log is
 * inconsistent: candidates that extend no kept state, or a value that is no sum of 3 judgments.
 *
 * @example
 * replayTable(totLogRecord(900)).proposals.get(proposePrompt('4 5 6 10', ''))?.split('\n')[0] // '4 + 5 = 9 (left: 6 9 10)'
 */
export function replayTable(record: TotLogRecord): ReplayTable {
  const proposals = new Map<string, string>();
  const judgments = new Map<string, readonly (Judgment | undefined)[]>();
  for (const step of record.steps) {
    for (const { y, lines } of proposalsByState(step)) {
      const prompt = proposePrompt(step.x, y);
      if (!proposals.has(prompt)) proposals.set(prompt, lines.join('\n'));
    }
    step.new_ys.forEach((candidate, i) => {
      const prompt = valuePrompt(step.x, candidate);
      if (step.new_ys.indexOf(candidate) === i && !judgments.has(prompt)) judgments.set(prompt, judgmentsOf(step.values[i]!));
    });
  }
  return { proposals, judgments };
}

/**
 * The simulator responder replaying one logged puzzle (see the file comment).
 *
 * Gotcha: one puzzle per responder (and so per simulator): propose prompts carry only the
 * numbers left, which other puzzles share with other answers.
 *
 * @example
 * const llm = createLlm({ env: {}, sim: { responder: replayResponder(totLogRecord(900)), timeScale: 0.05 } });
 */
export function replayResponder(record: TotLogRecord): SimResponder {
  const table = replayTable(record);
  return ({ prompt, k }) => {
    const proposal = table.proposals.get(prompt);
    if (proposal !== undefined) return proposal;
    const judged = table.judgments.get(prompt);
    return judged ? judgmentText(judged[k]) : fallbackText(prompt);
  };
}

/**
 * The 3 judgments whose ToT value (`valueOfOutputs`) is exactly `value`: as many "sure" as fit,
 * then "likely", then "impossible" (0.001 each), then samples with no judgment. Throws an
 * `EpicError` for a value no 3 judgments give.
 *
 * @example
 * judgmentsOf(2.001) // ['likely', 'likely', 'impossible']
 * judgmentsOf(22)    // ['sure', 'likely', 'likely']
 * judgmentsOf(0.002) // ['impossible', 'impossible', undefined]
 */
export function judgmentsOf(value: number): readonly (Judgment | undefined)[] {
  if (!(value >= 0 && value <= VALUE_SAMPLES * JUDGMENT_VALUES.sure)) throw notJudgments(value);
  const sure = Math.floor(value / JUDGMENT_VALUES.sure + 1e-9);
  const rest = value - sure * JUDGMENT_VALUES.sure;
  const likely = Math.floor(rest + 1e-9);
  const impossible = Math.round((rest - likely) / JUDGMENT_VALUES.impossible);
  const named: (Judgment | undefined)[] = [
    ...Array<Judgment>(sure).fill('sure'),
    ...Array<Judgment>(likely).fill('likely'),
    ...Array<Judgment>(impossible).fill('impossible'),
  ];
  const judged = [...named, ...Array<undefined>(Math.max(0, VALUE_SAMPLES - named.length)).fill(undefined)];
  if (judged.length !== VALUE_SAMPLES || valueOfOutputs('', judged.map(judgmentText)) !== value) throw notJudgments(value);
  return judged;
}

function notJudgments(value: number): EpicError {
  return new EpicError(`The logged value ${value} is not the sum of ${VALUE_SAMPLES} ToT judgments (sure 20, likely 1, impossible 0.001)`);
}

/** The text of one replayed value sample: a labelled stand-in line, then the judgment. */
function judgmentText(judgment: Judgment | undefined): string {
  const verdict = judgment ?? '(no judgment: the log counts this sample as 0)';
  return `[replay] GPT-4's reasoning for this sample is not in the ToT log; only its verdict is, so this line stands in for the few lines of arithmetic it wrote\n${verdict}`;
}

/** The one-line answer to a prompt the log does not cover, naming what was asked. */
function fallbackText(prompt: string): string {
  return `[sim replay] no GPT-4 answer in the ToT log for this prompt (${describePrompt(prompt)})`;
}

const TEMPLATES = [
  ['propose from', PROPOSE_PROMPT],
  ['value of', VALUE_PROMPT],
  ['judge an answer to', VALUE_LAST_STEP_PROMPT],
  ['answer step of', COT_PROMPT],
] as const;

/**
 * What a prompt asks, recognised by the ToT template it starts like: the kind and the first line
 * after the template's fixed head (the numbers, or the puzzle).
 *
 * @example
 * describePrompt(proposePrompt('4 5 6 10', '')) // 'propose from "4 5 6 10"'
 */
export function describePrompt(prompt: string): string {
  for (const [what, template] of TEMPLATES) {
    const head = template.slice(0, template.indexOf('{'));
    if (prompt.startsWith(head)) return `${what} "${prompt.slice(head.length).split('\n')[0]}"`;
  }
  return 'not a ToT Game-of-24 prompt';
}

/**
 * The logged answer of each kept state of a step: the run of `new_ys` that extends it (see the
 * file comment for a state kept twice). Throws an `EpicError` if a candidate extends no state.
 */
function proposalsByState(step: TotLogStep): { y: string; lines: string[] }[] {
  let next = 0;
  const byState = step.ys.map((y, s) => {
    const lines: string[] = [];
    for (let line = lineAfter(y, step.new_ys[next]); line !== undefined; line = lineAfter(y, step.new_ys[next])) {
      if (step.ys[s + 1] === y && lines.includes(line)) break;
      lines.push(line);
      next += 1;
    }
    return { y, lines };
  });
  if (next !== step.new_ys.length) {
    throw new EpicError(`Log step ${step.step} of "${step.x}": candidate ${next} extends none of the kept states`);
  }
  return byState;
}

/** The line `candidate` adds to state `y` (`y + line + "\n"`), or undefined if it does not extend `y`. */
function lineAfter(y: string, candidate: string | undefined): string | undefined {
  if (candidate === undefined || !candidate.startsWith(y) || !candidate.endsWith('\n')) return undefined;
  const line = candidate.slice(y.length, -1);
  return line.includes('\n') ? undefined : line;
}
