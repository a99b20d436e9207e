/**
 * The cities program written by hand as a plain sequential script, the counterpart of
 * handwritten.ts: ask for the whole list (`chat`), then each follow-up in turn, awaiting each.
 * Its first output is the first follow-up's answer.
 */
import { firstValueFrom } from 'rxjs';
import type { Llm } from '../../lib/llm/index.js';
import type { Timing } from './measure.js';
import { followUpPrompt, listPrompt } from './responder.js';

/**
 * Every request awaited in turn; resolves with the timing and the answers.
 *
 * @example
 * const t = await runHandWrittenSequential(session.llm, 10); // t.firstMs: when the first follow-up answered
 */
export async function runHandWrittenSequential(llm: Llm, n: number): Promise<Timing> {
  const start = performance.now();
  const list = await firstValueFrom(llm.chat(listPrompt(n), { temperature: 0 }));
  const places = list
    .split('\n')
    .filter((line) => line.includes(':'))
    .map((line) => line.slice(0, line.indexOf(':')).trim());
  const answers: string[] = [];
  let firstMs = NaN;
  for (const place of places) {
    answers.push(await firstValueFrom(llm.chat(followUpPrompt(place), { temperature: 0 })));
    if (answers.length === 1) firstMs = performance.now() - start;
  }
  return { firstMs, totalMs: performance.now() - start, answers };
}
