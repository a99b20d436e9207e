import { isDeepStrictEqual } from 'node:util';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsAbout, COUNTRIES } from '../../demos/agent/facts.js';
import { agentParallel, agentSequential } from '../../demos/agent/handwritten.js';
import { AGENT_QUESTION, createAgent, type AgentSession } from '../../demos/agent/program.js';
import { agentResponder, expectedAnswer, notePrompt, splitPrompt } from '../../demos/agent/responder.js';
import { DEMOS } from '../../demos/index.js';
import { loadModule, programModule } from '../../lib/cli/load.js';
import type { DispatchedEvent } from '../../lib/index.js';

let session: AgentSession;
beforeAll(async () => {
  session = createAgent({ timeScale: 0.005 });
  await session.llm.ready();
});
afterAll(() => session.llm.close());

const ask = (prompt: string): string =>
  String(
    agentResponder({
      kind: 'chat',
      prompt,
      messages: [{ role: 'user', content: prompt }],
      model: 'm',
      temperature: 0,
      maxTokens: undefined,
      stop: [],
      k: 0,
    }),
  );

describe('the agent responder', () => {
  it('splits a question into lookups and comparisons, and notes only what a document states', () => {
    expect(ask(splitPrompt('Answer each part: the capital of Peru; compare the population of Japan and Kenya.'))).toBe(
      'lookup: the capital of Peru\ncompare: the population of Japan | the population of Kenya',
    );
    const [overview, economy] = docsAbout(COUNTRIES[0]!).map((d) => `${d.title}\n${d.text}`);
    expect(ask(notePrompt('the capital of Peru', overview!))).toBe('The capital of Peru is Lima.');
    expect(ask(notePrompt('the capital of Peru', economy!))).toBe('Nothing relevant.');
  });

  it('the expected answer comes from the fact table alone', () => {
    expect(expectedAnswer(AGENT_QUESTION)).toBe(
      'The capital of Peru is Lima. The currency of Vietnam is the dong. ' +
        'The population of Japan (124 million) is larger than the population of Kenya (55 million). ' +
        'The language of Norway is Norwegian.',
    );
    expect(() => expectedAnswer('What is the capital of Peru?')).toThrow(/a question starts with "Answer each part: "/);
  });
});

describe('the agent program', () => {
  it('answers the question as the fact table does, equal all four ways', async () => {
    const fast = await session.program.evaluate(AGENT_QUESTION);
    const slow = await session.program.with({ strategy: 'sequential' }).evaluate(AGENT_QUESTION);
    const byHand = [
      await agentSequential(session.calls, AGENT_QUESTION),
      await agentParallel(session.calls, AGENT_QUESTION),
    ];
    expect(fast.answer).toBe(expectedAnswer(AGENT_QUESTION));
    expect(fast.findings).toEqual([
      'Lima',
      'the dong',
      'The population of Japan (124 million) is larger than the population of Kenya (55 million).',
      'Norwegian',
    ]);
    expect([slow, ...byHand].every((r) => isDeepStrictEqual(r, fast))).toBe(true);
  });

  it('runs the tools of every part at once: all five searches go out before any note comes back', async () => {
    const events = await lastValueFrom(session.program.events(AGENT_QUESTION).pipe(toArray()));
    const dispatched = (host: string): DispatchedEvent[] =>
      events.filter((e): e is DispatchedEvent => e.type === 'dispatched' && e.host === host);
    const searches = dispatched('search');
    const split = dispatched('chat')[0]!;
    const firstNote = events.findIndex((e) => e.type === 'resolved' && e.host === 'chat' && e.id !== split.id);
    expect(firstNote).toBeGreaterThan(0);
    expect(searches).toHaveLength(5); // three lookups, and two for the comparison
    expect(searches.every((s) => events.indexOf(s) < firstNote)).toBe(true);
    // split, a note per hit, an answer per lookup, compare, final
    expect(dispatched('chat')).toHaveLength(1 + 5 * 3 + 5 + 1 + 1);
  });

  it('is registered as a demo following the module contract', async () => {
    const mod = programModule(await loadModule(DEMOS.find((d) => d.name === 'agent')!.file), 'agent');
    try {
      expect(mod.program.name).toBe('agent');
      expect(mod.input).toEqual([AGENT_QUESTION]);
      expect(mod.show?.({ parts: [], findings: [], answer: expectedAnswer(AGENT_QUESTION) })).toMatch(
        /fact table gives: yes$/,
      );
    } finally {
      await mod.dispose?.();
    }
  });
});
