/**
 * What the simulated model of the agent case says, and the prompts the agent asks. Every answer
 * is read off the prompt and the fact table (facts.ts), so the final answer can be checked:
 * - split: the question's parts ("Answer each part: a; b; compare c and d."), one per line, as
 *   "lookup: <part>" or "compare: <part> | <part>";
 * - note: the document's sentence that states what the part asks, or "Nothing relevant.";
 * - answer: the short value the notes state ("Lima", "124 million"), or "unknown";
 * - compare: which of two figures is larger, in one sentence;
 * - final: one sentence per finding.
 * Any other prompt gets the simulator's default pseudo-text.
 */
import { defaultResponder, type SimResponder } from '../../lib/sim/index.js';
import { attributeIn, countryIn, factSentence, factValue } from './facts.js';

/** The split prompt (program.ts asks exactly these; handwritten.ts calls these functions). */
export const splitPrompt = (question: string): string =>
  'Split this question into parts, one per line, as "lookup: <part>" or "compare: <part> | <part>".' +
  `\n\nQuestion: ${question}`;

/** The note prompt: what `doc` says about `part`. */
export const notePrompt = (part: string, doc: string): string =>
  `Note what this document says about ${part}, in one sentence, or "nothing relevant".\n\n${doc}`;

/** The answer prompt: `part` answered from its notes. */
export const answerPrompt = (part: string, notes: readonly string[]): string =>
  `Answer "${part}" in a few words from these notes:\n${notes.map((n) => `- ${n}`).join('\n')}`;

/** The compare prompt. */
export const comparePrompt = (a: string, x: string, b: string, y: string): string =>
  `Which is larger, ${a} (${x}) or ${b} (${y})? Answer in one sentence.`;

/** The final prompt: the question, and each part line with its finding. */
export const finalPrompt = (question: string, parts: readonly string[], findings: readonly string[]): string =>
  `Question: ${question}\n\nFindings:\n${parts.map((p, i) => `- ${p} => ${findings[i]}`).join('\n')}` +
  '\n\nWrite the final answer.';

const SPLIT = /^Split this question into parts.*\n\nQuestion: Answer each part: (.*)$/s;
const NOTE = /^Note what this document says about (.+?), in one sentence, or "nothing relevant"\.\n\n(.*)$/s;
const ANSWER = /^Answer "(.+?)" in a few words from these notes:\n(.*)$/s;
const COMPARE = /^Which is larger, (.+?) \((.+?)\) or (.+?) \((.+?)\)\? Answer in one sentence\.$/;
const FINAL = /^Question: .*\n\nFindings:\n(.*)\n\nWrite the final answer\.$/s;
const COMPARE_PART = /^compare (the \w+ of .+?) and (.+)$/;

/** The split of the question's parts (see the file comment). */
function split(parts: string): string {
  return parts
    .replace(/\.$/, '')
    .split('; ')
    .map((part) => {
      const compare = COMPARE_PART.exec(part);
      if (!compare) return `lookup: ${part}`;
      const attribute = attributeIn(compare[1]!) ?? 'population';
      return `compare: ${compare[1]} | the ${attribute} of ${compare[2]}`;
    })
    .join('\n');
}

/** The note: the fact sentence the document states for the part, if it does. */
function note(part: string, doc: string): string {
  const c = countryIn(part);
  const a = attributeIn(part);
  const sentence = c && a ? factSentence(c, a) : undefined;
  return sentence && doc.includes(sentence) ? sentence : 'Nothing relevant.';
}

/** The value a note states for the part. */
function answer(part: string, notes: string): string {
  const c = countryIn(part);
  const a = attributeIn(part);
  return c && a && notes.includes(factSentence(c, a)) ? factValue(c, a) : 'unknown';
}

/** Which figure is larger, as a sentence. */
export function comparison(a: string, x: string, b: string, y: string): string {
  const [big, small] =
    parseFloat(x) >= parseFloat(y)
      ? [
          [a, x],
          [b, y],
        ]
      : [
          [b, y],
          [a, x],
        ];
  return `${capitalise(big[0]!)} (${big[1]}) is larger than ${small[0]} (${small[1]}).`;
}

/** One sentence of the final answer per finding line ("- lookup: the capital of Peru => Lima"). */
export function finalSentence(line: string): string {
  const [part = '', finding = ''] = line.replace(/^- /, '').split(' => ');
  return part.startsWith('compare: ') ? finding : `${capitalise(part.slice(part.indexOf(': ') + 2))} is ${finding}.`;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The agent responder (see the file comment).
 *
 * @example
 * startSim({ responder: agentResponder, ...GPT4_LATENCY })
 */
export const agentResponder: SimResponder = (request) => {
  const p = request.prompt;
  let m: RegExpExecArray | null;
  if ((m = SPLIT.exec(p))) return split(m[1]!);
  if ((m = NOTE.exec(p))) return note(m[1]!, m[2]!);
  if ((m = ANSWER.exec(p))) return answer(m[1]!, m[2]!);
  if ((m = COMPARE.exec(p))) return comparison(m[1]!, m[2]!, m[3]!, m[4]!);
  if ((m = FINAL.exec(p))) return m[1]!.split('\n').map(finalSentence).join(' ');
  return defaultResponder(request);
};

/**
 * The final answer a correct run gives to `question` ("Answer each part: …"), from the table
 * alone: one sentence per part, in order.
 *
 * @example
 * expectedAnswer('Answer each part: the capital of Peru.') // 'The capital of Peru is Lima.'
 */
export function expectedAnswer(question: string): string {
  const m = /^Answer each part: (.*)$/s.exec(question);
  if (!m)
    throw new Error(
      `expectedAnswer: a question starts with "Answer each part: ", got ${JSON.stringify(question.slice(0, 40))}`,
    );
  const value = (part: string): string => {
    const c = countryIn(part);
    const a = attributeIn(part);
    return c && a ? factValue(c, a) : 'unknown';
  };
  return split(m[1]!)
    .split('\n')
    .map((line) => {
      if (!line.startsWith('compare: ')) return finalSentence(`- ${line} => ${value(line.slice('lookup: '.length))}`);
      const [a = '', b = ''] = line.slice('compare: '.length).split(' | ');
      return comparison(a, value(a), b, value(b));
    })
    .join(' ');
}
