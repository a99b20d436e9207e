/**
 * The self-consistency case written by hand as async TypeScript, over the same calls as the
 * program (program.ts `digestCalls`) and the same prompts (responder.ts):
 * - `digestSequential`: every request awaited in turn, as a plain script would;
 * - `digestParallel`: every chunk's samples at once (`Promise.all`, so the batcher sends them as
 *   one request), then every section's, then the title.
 */
import type { DigestCalls, DigestResult, VoteSettings } from './program.js';
import { combinePrompt, summaryPrompt, titlePrompt } from './responder.js';

/** The first of the most frequent answers (trimmed), as the program votes. */
export function vote(texts: readonly string[]): string {
  const answers = texts.map((text) => text.trim());
  const count = (answer: string): number => answers.filter((a) => a === answer).length;
  return answers.reduce((best, answer) => (count(answer) > count(best) ? answer : best), answers[0]!);
}

/** The chunk indexes that start a section. */
const sectionStarts = (chunks: number, size: number): number[] =>
  [...Array(chunks).keys()].filter((i) => i % size === 0);

/**
 * Every request in turn.
 *
 * @example
 * await digestSequential(session.calls, reportDocument(), VOTE_SETTINGS);
 */
export async function digestSequential(
  calls: DigestCalls,
  document: string,
  settings: VoteSettings,
): Promise<DigestResult> {
  const chunks = document.split('\n\n');
  const summaries: string[] = [];
  for (const chunk of chunks) summaries.push(vote(await calls.sample(summaryPrompt(chunk), settings.chunkSamples)));
  const sections: string[] = [];
  for (const start of sectionStarts(chunks.length, settings.sectionSize)) {
    const points = summaries.slice(start, start + settings.sectionSize);
    sections.push(vote(await calls.sample(combinePrompt(points), settings.sectionSamples)));
  }
  return { summaries, sections, title: await calls.title(titlePrompt(sections)) };
}

/**
 * Each stage's requests at once.
 *
 * @example
 * await digestParallel(session.calls, reportDocument(), VOTE_SETTINGS);
 */
export async function digestParallel(
  calls: DigestCalls,
  document: string,
  settings: VoteSettings,
): Promise<DigestResult> {
  const chunks = document.split('\n\n');
  const summaries = (
    await Promise.all(chunks.map((chunk) => calls.sample(summaryPrompt(chunk), settings.chunkSamples)))
  ).map(vote);
  const starts = sectionStarts(chunks.length, settings.sectionSize);
  const sections = (
    await Promise.all(
      starts.map((start) =>
        calls.sample(combinePrompt(summaries.slice(start, start + settings.sectionSize)), settings.sectionSamples),
      ),
    )
  ).map(vote);
  return { summaries, sections, title: await calls.title(titlePrompt(sections)) };
}
