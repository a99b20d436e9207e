import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMOS } from '../../demos/index.js';
import { PASSAGES, passageText, reportDocument } from '../../demos/self-consistency/document.js';
import { digestParallel, digestSequential, vote } from '../../demos/self-consistency/handwritten.js';
import { createDigest, VOTE_SETTINGS, type DigestSession } from '../../demos/self-consistency/program.js';
import { expectedDigest, selfConsistencyResponder, summaryPrompt } from '../../demos/self-consistency/responder.js';
import { loadModule, programModule } from '../../lib/cli/load.js';
import type { SimPromptRequest } from '../../lib/sim/index.js';

const N = 8; // two sections of 4

let session: DigestSession;
beforeAll(async () => {
  session = createDigest({ timeScale: 0.002 });
  await session.llm.ready();
});
afterAll(() => session.llm.close());

const sample = (prompt: string, k: number): string =>
  String(
    selfConsistencyResponder({
      kind: 'completion',
      prompt,
      messages: undefined,
      model: 'epic-sim',
      temperature: 0.7,
      maxTokens: undefined,
      stop: [],
      k,
    } satisfies SimPromptRequest),
  );

describe('the self-consistency responder', () => {
  it('gives each passage 3 right summaries of 5 and 2 wrong ones: a sample is often wrong, the vote never', () => {
    for (const [i, p] of PASSAGES.entries()) {
      const samples = [0, 1, 2, 3, 4].map((k) => sample(summaryPrompt(passageText(p)), k));
      expect(
        samples.filter((s) => s === p.finding),
        `passage ${i}`,
      ).toHaveLength(3);
      expect(new Set(samples.filter((s) => s !== p.finding)).size).toBe(2);
      expect(vote(samples)).toBe(p.finding);
    }
    expect(PASSAGES.filter((p) => sample(summaryPrompt(passageText(p)), 0) !== p.finding).length).toBeGreaterThan(0);
  });
});

describe('the self-consistency program', () => {
  it('votes every summary right and combines the sections, equal all four ways and to the document', async () => {
    const document = reportDocument(N);
    const sim = session.llm.simulator()!;
    sim.resetMetrics();
    const fast = await session.program.evaluate(document, VOTE_SETTINGS);
    const fastRequests = sim.metrics().batchSizes;
    sim.resetMetrics();
    const slow = await session.program.with({ strategy: 'sequential' }).evaluate(document, VOTE_SETTINGS);
    const slowRequests = sim.metrics().batchSizes;
    const byHand = [
      await digestSequential(session.calls, document, VOTE_SETTINGS),
      await digestParallel(session.calls, document, VOTE_SETTINGS),
    ];

    expect(fast).toEqual(expectedDigest(N, VOTE_SETTINGS.sectionSize));
    expect(fast.title).toBe('Lighthouse trust annual report: 8 findings in 2 sections');
    expect([slow, ...byHand].every((r) => isDeepStrictEqual(r, fast))).toBe(true);
    // Batched: the chunks' calls share requests (one, unless a time slice ends among them), then the sections',
    // then the title.
    expect(fastRequests.reduce((a, b) => a + b, 0)).toBe(N + 2 + 1);
    expect(Math.max(...fastRequests)).toBeGreaterThan(1);
    expect(slowRequests).toEqual(Array(N + 2 + 1).fill(1));
  });

  it('a document of one chunk gives one section; a size out of range is a clear error', async () => {
    const result = await session.program.evaluate(reportDocument(1), VOTE_SETTINGS);
    expect(result).toEqual(expectedDigest(1, VOTE_SETTINGS.sectionSize));
    expect(() => reportDocument(13)).toThrow(/n must be an integer from 1 to 12, got 13/);
  });

  it('is registered as a demo following the module contract', async () => {
    const mod = programModule(
      await loadModule(DEMOS.find((d) => d.name === 'self-consistency')!.file),
      'self-consistency',
    );
    try {
      expect(mod.program.name).toBe('self-consistency');
      expect(mod.input).toEqual([reportDocument(), VOTE_SETTINGS]);
      expect(mod.show?.(expectedDigest(12, 4))).toMatch(/finding, every section has its findings in order: yes$/);
    } finally {
      await mod.dispose?.();
    }
  });
});
