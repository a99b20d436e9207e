/**
 * What the simulated model of the self-consistency case says. It answers the three prompts of
 * the program (program.ts) checkably, from the passages of document.ts:
 * - "Summarise this passage …": sample k of a passage's summaries is its finding, except two
 *   samples (which two depends on the passage) that repeat one of its filler sentences each — so
 *   of 5 samples, 3 agree on the finding and a majority vote finds it; a single sample is wrong
 *   for 2 passages in 5;
 * - "Combine these summaries …": the summaries joined into one paragraph, except one sample in 3
 *   (which depends on the section) that drops the last summary — of 3 samples, 2 agree;
 * - "Give the report a title …": "Lighthouse trust annual report: N findings in S sections",
 *   counting the findings the sections contain.
 * Any other prompt gets the simulator's default pseudo-text. Deterministic: the same prompt and
 * sample index always get the same text.
 */
import { defaultResponder, type SimResponder } from '../../lib/sim/index.js';
import { PASSAGES, passageText } from './document.js';

/** The summary prompt for one chunk (program.ts asks exactly this). */
export const summaryPrompt = (chunk: string): string =>
  `Summarise this passage in one sentence.\n\nPassage:\n${chunk}\n\nSummary:`;

/** The combine prompt for one section's summaries. */
export const combinePrompt = (summaries: readonly string[]): string =>
  'Combine these summaries into one paragraph, keeping every point:\n' +
  `${summaries.map((s) => `- ${s}`).join('\n')}\n\nParagraph:`;

/** The title prompt for the section paragraphs. */
export const titlePrompt = (sections: readonly string[]): string =>
  `Give the report a title of at most ten words.\n\nSections:\n${sections.join('\n\n')}`;

const SUMMARY = /^Summarise this passage in one sentence\.\n\nPassage:\n([\s\S]*)\n\nSummary:$/;
const COMBINE = /^Combine these summaries into one paragraph, keeping every point:\n([\s\S]*)\n\nParagraph:$/;
const TITLE = /^Give the report a title of at most ten words\.\n\nSections:\n([\s\S]*)$/;

/** Which samples (of 5) of passage `i`'s summary are wrong, and what they say. */
function summarySample(i: number, k: number): string {
  const p = PASSAGES[i]!;
  if (k === i % 5) return p.filler[0];
  if (k === (i + 2) % 5) return p.filler[1];
  return p.finding;
}

/** The combined paragraph; sample `k` of 3 drops the last summary when k is the section's unlucky one. */
function combineSample(summaries: readonly string[], k: number): string {
  const first = PASSAGES.findIndex((p) => p.finding === summaries[0]);
  const unlucky = Math.max(0, first) % 3;
  return (k === unlucky && summaries.length > 1 ? summaries.slice(0, -1) : summaries).join(' ');
}

/** The title, counting the findings in the sections. */
export function reportTitle(sections: readonly string[]): string {
  const text = sections.join('\n');
  const findings = PASSAGES.filter((p) => text.includes(p.finding)).length;
  return `Lighthouse trust annual report: ${findings} findings in ${sections.length} sections`;
}

/**
 * The self-consistency responder (see the file comment).
 *
 * @example
 * startSim({ responder: selfConsistencyResponder, ...GPT4_LATENCY })
 */
export const selfConsistencyResponder: SimResponder = (request) => {
  const summary = SUMMARY.exec(request.prompt);
  if (summary) {
    const i = PASSAGES.findIndex((p) => passageText(p) === summary[1]);
    return i < 0 ? `The passage says: ${summary[1]!.split('. ')[0]}.` : summarySample(i, request.k);
  }
  const combine = COMBINE.exec(request.prompt);
  if (combine)
    return combineSample(
      combine[1]!.split('\n').map((line) => line.replace(/^- /, '')),
      request.k,
    );
  const title = TITLE.exec(request.prompt);
  if (title) return reportTitle(title[1]!.split('\n\n'));
  return defaultResponder(request);
};

/**
 * What a correct run of the program on the first `n` passages returns, from the document alone:
 * each summary the passage's finding, each section its findings in order, and the title.
 *
 * @example
 * expect(await session.program.evaluate(reportDocument(12), VOTE_SETTINGS)).toEqual(expectedDigest(12, 4));
 */
export function expectedDigest(
  n: number,
  sectionSize: number,
): { summaries: string[]; sections: string[]; title: string } {
  const summaries = PASSAGES.slice(0, n).map((p) => p.finding);
  const sections = summaries
    .filter((_, i) => i % sectionSize === 0)
    .map((_, s) => summaries.slice(s * sectionSize, (s + 1) * sectionSize).join(' '));
  return { summaries, sections, title: reportTitle(sections) };
}
