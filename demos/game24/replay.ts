/**
 * A responder for the simulated LLM server that replays what GPT-4 answered in the ToT authors'
 * Game-of-24 run (`data/tot-gpt4-bfs-900-949.json`, or any log in its format), for ONE puzzle of
 * that log.
 *
 * How answers are keyed — so that every asking gets the answer GPT-4 gave THAT asking, whatever
 * order the askings arrive in:
 * - Propose: by the state the request extends and which copy of it (`copy`: how many equal states
 *   come before it in the step's `ys`, 0 unless a step kept the same trajectory twice). That is
 *   what the log records an answer for: ToT's `get_proposals(task, x, y)` is called once per kept
 *   state `y`, and the run of `new_ys` extending `y` is its answer. The prompt cannot be the key:
 *   it holds only the numbers left, so states leaving the same numbers (e.g. "2 + 2 = 4 (left:
 *   4 8 8)" and "2 * 2 = 4 (left: 4 8 8)") share it, and GPT-4, sampling at temperature 0.7,
 *   answered each asking anew. In 900–949, 29 puzzles ask some propose prompt more than once,
 *   in 23 of them GPT-4's answers differ, and keyed by prompt 6 puzzles end with other final
 *   trajectories than the log's (906, 913, 919, 930, 937, 949). Nor can a counter per prompt
 *   ("the i-th asking gets the i-th answer"): the order of the askings differs between the
 *   strategies, and askings in one batch race.
 *   The key travels in a replay envelope (`replayEnvelope`): a first line naming the state, then
 *   ToT's prompt byte for byte. The completions wire format carries nothing per prompt but its
 *   text, so that is the one place a per-asking key can go. The responder strips the envelope
 *   and answers only if the prompt inside is exactly the one ToT sends for that state
 *   (`proposePrompt(x, y)`). GPT-4 never saw an envelope, and a real model never gets one: only
 *   a replay passes `replayEnvelope` to `totHosts`.
 * - Value: by the exact prompt. ToT asks each value prompt once per run (its value cache), so
 *   the prompt identifies the asking. The logged value (a sum over 3 samples of sure 20 /
 *   likely 1 / impossible 0.001) is decoded into 3 judgments; sample k of the request (k = 0, 1,
 *   2) ends with judgment k, ordered sure, likely, impossible, then samples whose last line is no
 *   judgment (the log counts those as 0). The reasoning lines before the judgment are a labelled
 *   stand-in: the log did not keep them.
 * Every answer is a function of the request's text and k only.
 *
 * Limits:
 * - One puzzle per responder: neither the states (every puzzle starts from "") nor the value
 *   prompts (the numbers left) name the puzzle. Run each puzzle against its own simulator
 *   (`startReplay`).
 * - When a step keeps the same state twice, the boundary between its two answers is not in the
 *   log; a line repeated inside the run of candidates starts the next answer. (The candidates,
 *   in order, are the log's either way.)
 * - A value request must ask for n = 3 samples, as ToT does; sample k ≥ 3 has no judgment.
 * - A prompt the log cannot answer gets a one-line fallback saying so (no judgment in it, so
 *   ToT values it 0, and as a proposal it shows up plainly in the trajectory).
 */
import { EpicError } from '../../lib/errors.js';
import type { SimResponder } from '../../lib/sim/index.js';
import type { TotLogRecord, TotLogStep } from './log.js';
import {
  COT_PROMPT,
  JUDGMENT_VALUES,
  PROPOSE_PROMPT,
  proposePrompt,
  VALUE_LAST_STEP_PROMPT,
  VALUE_PROMPT,
  valueOfOutputs,
  VALUE_SAMPLES,
  valuePrompt,
  type Judgment,
} from './prompts.js';

/** One logged propose answer: the prompt ToT sent for the state, and what GPT-4 answered. */
export interface LoggedProposal {
  readonly prompt: string;
  readonly text: string;
}

/** What the replay knows for one puzzle. */
export interface ReplayTable {
  /** `proposalKey(state, copy)` → the prompt and the proposal text. */
  readonly proposals: ReadonlyMap<string, LoggedProposal>;
  /** Value prompt → the 3 samples' judgments (undefined: a sample with no judgment). */
  readonly judgments: ReadonlyMap<string, readonly (Judgment | undefined)[]>;
}

/** The first line of a replay envelope starts with this. */
const ENVELOPE_HEAD = '[tot replay] state ';

/**
 * The key of the propose answer for copy `copy` of state `y` (see the file comment).
 *
 * @example
 * proposalKey('', 0) // '["",0]'
 */
export function proposalKey(y: string, copy: number): string {
  return JSON.stringify([y, copy]);
}

/**
 * The prompt a replay session sends for ToT's propose `prompt` about copy `copy` of state `y`:
 * a first line with the key, then the prompt unchanged (see the file comment). Pass it to
 * `totHosts` for a replay; never for a real model.
 *
 * @example
 * replayEnvelope(proposePrompt('4 5 6 10', ''), '', 0).split('\n')[0] // '[tot replay] state ["",0]'
 */
export function replayEnvelope(prompt: string, y: string, copy: number): string {
  return `${ENVELOPE_HEAD}${proposalKey(y, copy)}\n${prompt}`;
}

/** The key and ToT's prompt inside an envelope, or undefined for a prompt without one. */
function openEnvelope(sent: string): { key: string; prompt: string } | undefined {
  if (!sent.startsWith(ENVELOPE_HEAD)) return undefined;
  const end = sent.indexOf('\n');
  return end < 0 ? undefined : { key: sent.slice(ENVELOPE_HEAD.length, end), prompt: sent.slice(end + 1) };
}

/**
 * The answers of one logged puzzle (see the file comment). Throws an `EpicError` naming the
 * puzzle and the field if the log is inconsistent: a candidate that extends no kept state, or a
 * value that is no sum of 3 judgments.
 *
 * @example
 * const table = replayTable(totLogRecord(900));
 * table.proposals.get(proposalKey('', 0))?.text.split('\n')[0] // '4 + 5 = 9 (left: 6 9 10)'
 */
export function replayTable(record: TotLogRecord): ReplayTable {
  const proposals = new Map<string, LoggedProposal>();
  const judgments = new Map<string, readonly (Judgment | undefined)[]>();
  for (const [s, step] of record.steps.entries()) {
    const where = `puzzle ${record.idx}: steps[${s}]`;
    for (const { y, copy, lines } of proposalsByState(step, where)) {
      proposals.set(proposalKey(y, copy), { prompt: proposePrompt(step.x, y), text: lines.join('\n') });
    }
    step.new_ys.forEach((candidate, i) => {
      const prompt = valuePrompt(step.x, candidate);
      if (step.new_ys.indexOf(candidate) !== i || judgments.has(prompt)) return;
      try {
        judgments.set(prompt, judgmentsOf(step.values[i]!));
      } catch (error) {
        throw new EpicError(`${where}.values[${i}]: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    });
  }
  return { proposals, judgments };
}

/**
 * The simulator responder replaying one logged puzzle (see the file comment).
 *
 * Gotcha: one puzzle per responder (and so per simulator), and propose prompts must come in
 * `replayEnvelope`s.
 *
 * @example
 * const llm = createLlm({ env: {}, sim: { responder: replayResponder(totLogRecord(900)), timeScale: 0.05 } });
 * const tot = totProgram(totHosts(llm.complete, replayEnvelope));
 */
export function replayResponder(record: TotLogRecord): SimResponder {
  const table = replayTable(record);
  return ({ prompt, k }) => {
    const envelope = openEnvelope(prompt);
    if (envelope) {
      const logged = table.proposals.get(envelope.key);
      if (logged?.prompt === envelope.prompt) return logged.text;
      return fallbackText(
        envelope.prompt,
        logged ? 'not the prompt ToT sent for this state' : `no answer for state ${envelope.key}`,
      );
    }
    const judged = table.judgments.get(prompt);
    return judged ? judgmentText(judged[k]) : fallbackText(prompt, 'no answer for this prompt');
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
  if (judged.length !== VALUE_SAMPLES || valueOfOutputs('', judged.map(judgmentText)) !== value)
    throw notJudgments(value);
  return judged;
}

function notJudgments(value: number): EpicError {
  return new EpicError(
    `The logged value ${value} is not the sum of ${VALUE_SAMPLES} ToT judgments (sure 20, likely 1, impossible 0.001)`,
  );
}

/** The text of one replayed value sample: a labelled stand-in line, then the judgment. */
function judgmentText(judgment: Judgment | undefined): string {
  const verdict = judgment ?? '(no judgment: the log counts this sample as 0)';
  return `[replay] GPT-4's reasoning for this sample is not in the ToT log; only its verdict is, so this line stands in for the few lines of arithmetic it wrote\n${verdict}`;
}

/** The one-line answer to a prompt the log does not cover, naming what was asked and why. */
function fallbackText(prompt: string, why: string): string {
  return `[sim replay] nothing in the ToT log for this request (${describePrompt(prompt)}: ${why})`;
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
 * The logged answer of each kept state of a step, with its copy number: the run of `new_ys` that
 * extends it (see the file comment for a state kept twice). Throws an `EpicError` if a candidate
 * extends no state.
 */
function proposalsByState(step: TotLogStep, where: string): { y: string; copy: number; lines: string[] }[] {
  let next = 0;
  const byState = step.ys.map((y, s) => {
    const lines: string[] = [];
    for (let line = lineAfter(y, step.new_ys[next]); line !== undefined; line = lineAfter(y, step.new_ys[next])) {
      if (step.ys[s + 1] === y && lines.includes(line)) break;
      lines.push(line);
      next += 1;
    }
    return { y, copy: step.ys.slice(0, s).filter((z) => z === y).length, lines };
  });
  if (next !== step.new_ys.length) throw new EpicError(`${where}.new_ys[${next}] extends none of the kept states (ys)`);
  return byState;
}

/** The line `candidate` adds to state `y` (`y + line + "\n"`), or undefined if it does not extend `y`. */
function lineAfter(y: string, candidate: string | undefined): string | undefined {
  if (candidate === undefined || !candidate.startsWith(y) || !candidate.endsWith('\n')) return undefined;
  const line = candidate.slice(y.length, -1);
  return line.includes('\n') ? undefined : line;
}
