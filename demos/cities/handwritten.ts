/**
 * The cities program written by hand as asynchronous TypeScript — the anchor the benchmark sets
 * beside epic-rx, as the paper sets hand-tuned asynchronous Rust beside its scripts. It uses the
 * same Llm's Observables directly: it streams the list (`chatStream(…).source`), cuts lines as
 * chunks arrive, dispatches each line's follow-up (`firstValueFrom(chat(…))`) as soon as the
 * line is complete, and prints the answers in order through a chain of Promises.
 *
 * What the author had to get right that the plain program gets for free: carrying a partial
 * line between chunks, the last line (no newline after it), keeping output in order while the
 * answers arrive out of order, and not leaving a failed follow-up as an unhandled rejection.
 * It does not cancel anything: a failure leaves the other requests running.
 */
import { firstValueFrom } from 'rxjs';
import type { Llm } from '../../lib/llm/index.js';
import type { OnAnswer, Timing } from './measure.js';
import { followUpPrompt, listPrompt } from './responder.js';

/**
 * Asks for `n` cities and the follow-ups by hand (see the file comment); `onAnswer` hears each
 * answer in order as soon as it and all before it are there. Resolves with the timing.
 *
 * @example
 * const t = await runHandWritten(session.llm, 10, (i, answer) => console.log(`${i + 1}. ${answer}`));
 */
export async function runHandWritten(llm: Llm, n: number, onAnswer: OnAnswer = () => undefined): Promise<Timing> {
  const start = performance.now();
  let firstMs = NaN;
  const answers: string[] = [];
  let printed: Promise<void> = Promise.resolve();
  const followUp = (line: string): void => {
    const colon = line.indexOf(':');
    if (colon < 0) return;
    const answer = firstValueFrom(llm.chat(followUpPrompt(line.slice(0, colon).trim()), { temperature: 0 }));
    answer.catch(() => undefined); // the chain below reports it, in order
    printed = printed.then(async () => {
      const text = await answer;
      const at = performance.now() - start;
      if (answers.length === 0) firstMs = at;
      onAnswer(answers.length, text, at);
      answers.push(text);
    });
  };
  await new Promise<void>((resolve, reject) => {
    let partial = '';
    llm.chatStream(listPrompt(n), { temperature: 0 }).source.subscribe({
      next: (chunk) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        lines.forEach(followUp);
      },
      error: reject,
      complete: () => {
        followUp(partial);
        resolve();
      },
    });
  });
  await printed;
  return { firstMs, totalMs: performance.now() - start, answers };
}
