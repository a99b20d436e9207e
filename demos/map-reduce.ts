/**
 * Map-reduce over documents with an LLM: summarise every document (the `complete` calls of all
 * documents are batched into one request), then ask for one digest of the summaries. Written
 * as plain sequential code.
 *
 * With no OPENAI_API_KEY it runs against the embedded simulated LLM, whose answers are
 * stable pseudo-text: the point is the shape of the run (calls, batching, speed-up), not prose.
 * With OPENAI_BASE_URL / OPENAI_API_KEY / EPIC_MODEL set it asks a real model.
 *
 * Run: `npx epic demo map-reduce` or `npx epic run demos/map-reduce.ts`.
 */
import { program } from '../lib/index.js';
import { createLlm } from '../lib/llm/index.js';
import { trafficLine } from './llm-traffic.js';

/** The LLM the program calls (exported so `epic batch` can show its simulator's traffic). */
export const llm = createLlm({ maxBatchSize: 16 });
const { complete, chat } = llm.hosts;

export default program(
  { complete, chat },
  (documents: string[], question: string) => {
    const summaries = documents.map((doc) =>
      complete(`Summarise in one sentence:\n${doc}\nSummary:`, { temperature: 0, max_tokens: 40 }),
    );
    const notes = summaries.map((s, i) => `${i + 1}. ${s.trim()}`).join('\n');
    const digest = chat(`${question}\n\nNotes:\n${notes}`, { temperature: 0, max_tokens: 80 });
    return { summaries: summaries.length, digest };
  },
  { name: 'map-reduce' },
);

export const input = [
  [
    'Opportunistic evaluation starts every external call as soon as its inputs are known.',
    'Church-encoded control flow means a branch that is not taken never makes its calls.',
    'Batching groups concurrent completion requests into one request with an array of prompts.',
    'A run is one subscription: unsubscribing aborts every request still in flight.',
    'Results equal a sequential run of the same program, with the same calls made.',
    'Partial data lets a consumer start on the part of a result that has arrived.',
  ],
  'What do these notes say about making LLM programs fast?',
];

/** Which LLM answers (one line). */
export const notes = (): readonly string[] => [llm.describe()];

/** The LLM requests of the last run (from the simulator's metrics). */
export const afterRun = (): string | undefined => trafficLine(llm);

/** Stops the embedded simulator, if it was started. */
export const dispose = (): Promise<void> => llm.close();
