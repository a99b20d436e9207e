import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EpicLlmError } from '../../lib/errors.js';
import { program } from '../../lib/program.js';
import { responderFromTable, startSim, type SimResponder, type SimServer } from '../../lib/sim/index.js';
import { waitFor } from '../support/wait.js';
import { outcome, responses, simLlm } from './helpers.js';

/** Answers from a table; otherwise "<roles> | <last user message> | t=<temperature>". */
const responder: SimResponder = responderFromTable(
  { 'Capital of France?': 'Paris', forbidden: { refuse: true }, long: 'one two three. four five' },
  (ask) => `${ask.messages?.map((m) => m.role).join(',')} | ${ask.prompt} | t=${ask.temperature}`,
);

let sim: SimServer;
beforeAll(async () => {
  sim = await startSim({ timeScale: 0.01, responder });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setFaults({});
  sim.resetMetrics();
});

describe('chat', () => {
  it("answers with the reply's text, for a prompt or a conversation, with an optional system message", async () => {
    const llm = simLlm(sim);
    expect(await firstValueFrom(llm.chat('Capital of France?'))).toBe('Paris');
    const conversation = [
      { role: 'user' as const, content: 'hi' },
      { role: 'assistant' as const, content: 'hello' },
      { role: 'user' as const, content: 'again' },
    ];
    expect(await firstValueFrom(llm.chat(conversation, { system: 'be brief', temperature: 0.5 }))).toBe(
      'system,user,assistant,user | again | t=0.5',
    );
    await llm.close();
  });

  it('passes max_tokens and stop to the server', async () => {
    const llm = simLlm(sim);
    expect(await firstValueFrom(llm.chat('long', { max_tokens: 2 }))).toBe('one two');
    expect(await firstValueFrom(llm.chat('long', { stop: '.' }))).toBe('one two three');
    await llm.close();
  });

  it('fails a refused reply with an EpicLlmError', async () => {
    const llm = simLlm(sim);
    const error = await firstValueFrom(llm.chat('forbidden')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EpicLlmError);
    expect((error as Error).message).toBe('chat answer refused (finish_reason "content_filter")');
    await llm.close();
  });

  it('rejects unknown options and bad prompts on the error channel, sending nothing', async () => {
    const llm = simLlm(sim);
    const typo = await outcome(llm.chat('x', { temprature: 0 } as never));
    expect(String((typo as { error: unknown }).error)).toMatch(
      /chat: unknown option "temprature" \(known: model, temperature/,
    );
    const bad = await outcome(llm.chat(42 as never));
    expect((bad as { error: unknown }).error).toBeInstanceOf(EpicLlmError);
    expect(sim.metrics().batchSizes).toEqual([]);
    await llm.close();
  });
});

describe('chat: sharing deterministic calls', () => {
  it('two identical temperature-0 calls in flight make one request; temperature > 0 makes two', async () => {
    const llm = simLlm(sim);
    const [a, b] = await Promise.all([
      outcome(llm.chat('same', { temperature: 0 })),
      outcome(llm.chat('same', { temperature: 0 })),
    ]);
    expect(a).toEqual(b);
    expect(responses(sim, 'chat')).toBe(1);
    await Promise.all([
      outcome(llm.chat('same', { temperature: 0.7 })),
      outcome(llm.chat('same', { temperature: 0.7 })),
    ]);
    expect(responses(sim, 'chat')).toBe(3);
    await llm.close();
  });

  it('cache: true opts in, cache: false opts out', async () => {
    const llm = simLlm(sim);
    await Promise.all([outcome(llm.chat('opt', { cache: true })), outcome(llm.chat('opt', { cache: true }))]);
    expect(responses(sim, 'chat')).toBe(1);
    await Promise.all([
      outcome(llm.chat('opt', { temperature: 0, cache: false })),
      outcome(llm.chat('opt', { temperature: 0, cache: false })),
    ]);
    expect(responses(sim, 'chat')).toBe(3);
    await llm.close();
  });

  it('with cacheSize, keeps successes and never failures', async () => {
    const llm = simLlm(sim, { cacheSize: 10, retry: { maxRetries: 0 } });
    sim.setFaults({ serverErrorRate: 1 });
    expect((await outcome(llm.chat('flaky', { temperature: 0 }))).ok).toBe(false);
    sim.setFaults({});
    const fresh = await firstValueFrom(llm.chat('flaky', { temperature: 0 }));
    expect(fresh).toBe('user | flaky | t=0');
    expect(await firstValueFrom(llm.chat('flaky', { temperature: 0 }))).toBe(fresh);
    expect([responses(sim, 'chat', '500'), responses(sim, 'chat')]).toEqual([1, 1]);
    await llm.close();
  });
});

describe('chat: cancellation', () => {
  it('unsubscribing a run mid-call closes the request within 100 ms', async () => {
    const slow = await startSim({ timeScale: 0.3 }); // a request takes about 150 ms
    const llm = simLlm(slow);
    const { chat } = llm.hosts;
    const ask = program({ chat }, (q: string) => chat(`${q}?`));
    const run = ask.run('slow').subscribe();
    await waitFor(() => (slow.metrics().inService === 1 ? true : undefined));
    const left = Date.now();
    run.unsubscribe();
    const [close] = await waitFor(() =>
      slow.metrics().earlyCloses.length > 0 ? slow.metrics().earlyCloses : undefined,
    );
    expect(close?.route).toBe('chat');
    expect(close?.phase).toBe('working');
    expect(close!.at - left).toBeLessThan(100);
    expect(slow.metrics().completed.chat).toEqual({});
    await llm.close();
    await slow.close();
  });
});
