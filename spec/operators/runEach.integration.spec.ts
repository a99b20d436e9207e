import { interval, lastValueFrom, Subject, take, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { program } from '../../lib/program.js';
import { createLlm, type Llm } from '../../lib/llm/index.js';
import type { SimOptionsInput, SimServer } from '../../lib/sim/index.js';
import { runEach } from '../../operators/runEach.js';
import { waitFor } from '../support/wait.js';

/**
 * runEach over a real program whose LLM calls go over HTTP to the embedded simulator (createLlm
 * starts it on 127.0.0.1 when no OpenAI variable is set). Waits are on the simulator's state,
 * with generous bounds, never on how long something took, so a loaded machine only slows it.
 */
beforeEach(() => {
  for (const name of ['OPENAI_BASE_URL', 'OPENAI_API_KEY', 'EPIC_MODEL', 'EPIC_EMBEDDING_MODEL']) vi.stubEnv(name, '');
});
afterEach(() => vi.unstubAllEnvs());

async function simulated(sim: SimOptionsInput): Promise<{ llm: Llm; server: SimServer }> {
  const llm = createLlm({ sim });
  const info = await llm.ready();
  expect(info.kind).toBe('simulator');
  const server = llm.simulator();
  if (!server) throw new Error('the embedded simulator did not start');
  return { llm, server };
}

describe('runEach with a program over the simulated LLM', () => {
  it('runs the program once per emission and emits what evaluating it on each value gives', async () => {
    const { llm, server } = await simulated({ timeScale: 0.05 });
    try {
      const { complete } = llm.hosts;
      const count = program({ complete }, (n: number) => {
        const word = complete(`Say the number ${n}:`, { temperature: 0, max_tokens: 4 });
        return `${n}: ${word}`;
      });
      const streamed = await lastValueFrom(interval(100).pipe(take(5), runEach(count), toArray()));
      const evaluated = await Promise.all([0, 1, 2, 3, 4].map((n) => count.evaluate(n)));
      expect(streamed).toHaveLength(5);
      expect([...streamed].sort()).toEqual(evaluated); // merge mode: in the order runs finish
      expect(server.metrics().promptsServed).toBe(10);
    } finally {
      await llm.close();
    }
  });

  it("in mode 'switch', a new emission closes the superseded run's HTTP request early", async () => {
    const { llm, server } = await simulated({ timeScale: 1, ttftMs: 2000 }); // a reply takes over 2 s
    try {
      const { chat } = llm.hosts;
      const ask = program({ chat }, (q: string) => chat(`Question ${q}?`, { max_tokens: 3 }));
      const questions = new Subject<string>();
      const answers = lastValueFrom(questions.pipe(runEach(ask, { mode: 'switch' }), toArray()));
      const metrics = () => server.metrics();
      for (const [i, q] of ['a', 'b', 'c'].entries()) {
        questions.next(q); // long before the reply to the run in progress
        // Its request reached the server, and the superseded one (if any) was closed.
        await waitFor(
          () => (metrics().batchSizes.length === i + 1 && metrics().earlyCloses.length === i ? true : undefined),
          10_000,
        );
      }
      questions.complete();
      const results = await answers;
      expect(results).toHaveLength(1);
      expect(results[0]).toEqual(await ask.evaluate('c'));
      const closes = metrics().earlyCloses;
      expect(closes).toHaveLength(2);
      expect(closes.every((close) => close.route === 'chat')).toBe(true);
      expect(Object.keys(metrics().completed.chat)).toEqual(['Question c?']);
    } finally {
      await llm.close();
    }
  }, 30_000);
});
