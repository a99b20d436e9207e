/**
 * Map-reduce with self-consistency as one plain program: cut a long document into chunks (its
 * paragraphs), sample several one-sentence summaries of each chunk and keep the one most samples
 * agree on (majority vote), combine each section's voted summaries the same way (several samples,
 * a vote), and title the whole from the sections.
 *
 * Batching-heavy: run opportunistically, every chunk's `sample` call goes out in the same tick,
 * and the LLM layer's batcher (`complete`, operators/createBatcher) sends them as one
 * `/v1/completions` request carrying all the prompts, with `n` samples each; then the sections'
 * calls, again one request; then the title. A sequential run sends one request per call.
 */
import { firstValueFrom } from 'rxjs';
import { external, program, type Program } from '../../lib/index.js';
import { createLlm, type Llm } from '../../lib/llm/index.js';
import type { SimOptionsInput } from '../../lib/sim/index.js';
import { GPT4_LATENCY } from '../game24/session.js';
import { selfConsistencyResponder } from './responder.js';

/** How many samples to vote over, and how many chunks make a section. */
export interface VoteSettings {
  readonly chunkSamples: number;
  readonly sectionSamples: number;
  readonly sectionSize: number;
}

/** The settings of the demo and the benchmark: 5 samples per chunk, 3 per section, 4 chunks a section. */
export const VOTE_SETTINGS: VoteSettings = Object.freeze({ chunkSamples: 5, sectionSamples: 3, sectionSize: 4 });

/** What the program returns. */
export interface DigestResult {
  /** The voted summary of each chunk, in document order. */
  readonly summaries: readonly string[];
  /** The voted paragraph of each section. */
  readonly sections: readonly string[];
  readonly title: string;
}

/** The LLM calls of the case, as functions returning Promises (the hand-written versions use them). */
export interface DigestCalls {
  /** `n` samples of a completion (temperature 0.7): batched with every `sample` call of the same tick and `n`. */
  readonly sample: (prompt: string, n: number) => Promise<string[]>;
  /** One chat answer at temperature 0. */
  readonly title: (prompt: string) => Promise<string>;
}

/** The calls as program code sees them. */
export interface DigestHosts {
  readonly sample: (prompt: string, n: number) => string[];
  readonly title: (prompt: string) => string;
}

/** Sampling of `sample` calls: ToT's temperature; summaries are short. */
const SAMPLING = Object.freeze({ temperature: 0.7, max_tokens: 200 });

/**
 * The calls over an Llm.
 *
 * @example
 * await digestCalls(llm).sample('Summarise …', 5); // five summaries
 */
export function digestCalls(llm: Llm): DigestCalls {
  return {
    sample: (prompt, n) => firstValueFrom(llm.complete(prompt, { ...SAMPLING, n })),
    title: (prompt) => firstValueFrom(llm.chat(prompt, { temperature: 0 })),
  };
}

/** The calls as host functions. */
export const digestHosts = (calls: DigestCalls): DigestHosts => ({
  sample: external(calls.sample),
  title: external(calls.title),
});

/**
 * The program: `(document, settings) => DigestResult` (see the file comment).
 *
 * Gotcha: the prompts are written out here (program code sees only its hosts); responder.ts
 * recognises them and handwritten.ts asks the same, from responder.ts's prompt functions. The
 * vote keeps the first of the most frequent answers.
 *
 * @example
 * await digestProgram(digestHosts(digestCalls(llm))).evaluate(reportDocument(), VOTE_SETTINGS);
 */
export function digestProgram(
  hosts: DigestHosts,
  name = 'self-consistency',
): Program<[string, VoteSettings], DigestResult> {
  const { sample, title } = hosts;
  return program(
    { sample, title },
    (document: string, settings: VoteSettings): DigestResult => {
      const vote = (texts: string[]): string => {
        const answers = texts.map((text) => text.trim());
        const count = (answer: string): number => answers.filter((a) => a === answer).length;
        return answers.reduce((best, answer) => (count(answer) > count(best) ? answer : best), answers[0]!);
      };
      const chunks = document.split('\n\n');
      const summaries = chunks.map((chunk) =>
        vote(
          sample(`Summarise this passage in one sentence.\n\nPassage:\n${chunk}\n\nSummary:`, settings.chunkSamples),
        ),
      );
      const starts = chunks.map((_chunk, i) => i).filter((i) => i % settings.sectionSize === 0);
      const sections = starts.map((start) => {
        const points = summaries
          .slice(start, start + settings.sectionSize)
          .map((s) => `- ${s}`)
          .join('\n');
        return vote(
          sample(
            `Combine these summaries into one paragraph, keeping every point:\n${points}\n\nParagraph:`,
            settings.sectionSamples,
          ),
        );
      });
      return {
        summaries,
        sections,
        title: title(`Give the report a title of at most ten words.\n\nSections:\n${sections.join('\n\n')}`),
      };
    },
    { name },
  );
}

/** An Llm on the embedded simulator with the case's responder, and the program on it. */
export interface DigestSession {
  readonly llm: Llm;
  readonly calls: DigestCalls;
  readonly program: Program<[string, VoteSettings], DigestResult>;
  /** The simulator options in force. */
  readonly sim: SimOptionsInput;
}

/**
 * The case on the embedded simulator: GPT-4-like latency (`GPT4_LATENCY`), the simulator's
 * default 8 slots, `sim` over that (e.g. `{ timeScale: 0.05 }`). Requests are not retried.
 *
 * @example
 * const s = createDigest({ timeScale: 0.05 });
 * await s.program.evaluate(reportDocument(), VOTE_SETTINGS);
 * await s.llm.close();
 */
export function createDigest(sim: SimOptionsInput = {}): DigestSession {
  const options = { ...GPT4_LATENCY, ...sim };
  const llm = createLlm({
    env: {},
    sim: { ...options, responder: selfConsistencyResponder },
    retry: { maxRetries: 0 },
  });
  const calls = digestCalls(llm);
  return { llm, calls, program: digestProgram(digestHosts(calls)), sim: options };
}
