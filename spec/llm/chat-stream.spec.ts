import { firstValueFrom, lastValueFrom, toArray, type Observable } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EpicLlmError } from '../../lib/errors.js';
import { program } from '../../lib/program.js';
import {
  defaultResponder,
  responderFromTable,
  startSim,
  type SimResponder,
  type SimServer,
} from '../../lib/sim/index.js';
import { waitFor } from '../support/wait.js';
import { responses, simLlm } from './helpers.js';

const LONG = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');

/** Answers from a table; otherwise the simulator's default (deterministic at temperature 0). */
const responder: SimResponder = responderFromTable(
  { forbidden: { refuse: true }, long: LONG, echo: { text: 'one two three. four five' } },
  (ask) =>
    ask.prompt === 'roles'
      ? `${ask.messages?.map((m) => m.role).join(',')} | t=${ask.temperature}`
      : defaultResponder(ask),
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

/** Every chunk, or the chunks before the error and the error. */
async function collect(source: Observable<string>): Promise<{ chunks: string[]; error?: unknown }> {
  const chunks: string[] = [];
  return new Promise((resolve) => {
    source.subscribe({
      next: (chunk) => chunks.push(chunk),
      error: (error: unknown) => resolve({ chunks, error }),
      complete: () => resolve({ chunks }),
    });
  });
}

describe('chatStream', () => {
  it("streams the reply in more than one chunk, none empty, concatenating to chat's reply", async () => {
    const llm = simLlm(sim);
    const prompt = 'Tell me about streams';
    const whole = await firstValueFrom(llm.chat(prompt, { temperature: 0 }));
    const stream = llm.chatStream(prompt, { temperature: 0 });
    expect(stream.kind).toBe('text');
    const chunks = await lastValueFrom(stream.source.pipe(toArray()));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks).not.toContain('');
    expect(chunks.join('')).toBe(whole);
    expect(responses(sim, 'chat')).toBe(2); // the streamed call did not share chat's request
    await llm.close();
  });

  it('sends the system message and the sampling options, as chat does', async () => {
    const llm = simLlm(sim);
    const { chunks } = await collect(llm.chatStream('roles', { system: 'be brief', temperature: 0.5 }).source);
    expect(chunks.join('')).toBe('system,user | t=0.5');
    expect((await collect(llm.chatStream('echo', { max_tokens: 2 }).source)).chunks).toEqual(['one', ' two']);
    expect((await collect(llm.chatStream('echo', { stop: '.' }).source)).chunks.join('')).toBe('one two three');
    await llm.close();
  });

  it('makes one request per subscription: identical temperature-0 calls are not shared', async () => {
    const llm = simLlm(sim);
    const stream = llm.chatStream('same', { temperature: 0 });
    const [a, b] = await Promise.all([
      collect(stream.source),
      collect(llm.chatStream('same', { temperature: 0 }).source),
    ]);
    expect(a.chunks.join('')).toBe(b.chunks.join(''));
    expect(responses(sim, 'chat')).toBe(2);
    await llm.close();
  });

  it('fails a refused reply with an EpicLlmError, without retrying it', async () => {
    const llm = simLlm(sim);
    const { chunks, error } = await collect(llm.chatStream('forbidden').source);
    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(EpicLlmError);
    expect((error as Error).message).toBe('chatStream answer refused (finish_reason "content_filter")');
    expect(responses(sim, 'chat')).toBe(1);
    await llm.close();
  });

  it('rejects unknown options (cache included) and bad prompts on the error channel, sending nothing', async () => {
    const llm = simLlm(sim);
    const typo = await collect(llm.chatStream('x', { temprature: 0 } as never).source);
    expect(String(typo.error)).toMatch(
      /chatStream: unknown option "temprature" \(known: model, temperature, max_tokens, stop, top_p, system\)/,
    );
    const cache = await collect(llm.chatStream('x', { cache: true } as never).source);
    expect(String(cache.error)).toMatch(/chatStream: unknown option "cache"/);
    const bad = await collect(llm.chatStream(42 as never).source);
    expect(bad.error).toBeInstanceOf(EpicLlmError);
    expect(String(bad.error)).toMatch(
      /chatStream: the prompt must be a string or a non-empty array of messages, got 42/,
    );
    expect(sim.metrics().batchSizes).toEqual([]);
    await llm.close();
  });

  it('retries a 429 before the first chunk (honouring Retry-After), repeating no text', async () => {
    const llm = simLlm(sim);
    const expected = (await collect(llm.chatStream('patient', { temperature: 0 }).source)).chunks.join('');
    sim.resetMetrics();
    sim.setFaults({ rateLimitStorms: [{ kind: 'firstRequests', count: 1 }], retryAfterMs: 3000 }); // 30 ms real
    const start = performance.now();
    const { chunks, error } = await collect(llm.chatStream('patient', { temperature: 0 }).source);
    expect(error).toBeUndefined();
    expect(performance.now() - start).toBeGreaterThanOrEqual(29);
    expect(chunks.join('')).toBe(expected);
    expect([responses(sim, 'chat', '429'), responses(sim, 'chat')]).toEqual([1, 1]);
    await llm.close();
  });

  it('reports a request that keeps failing before its first chunk as chat does, counting the attempts', async () => {
    sim.setFaults({ serverErrorRate: 1 });
    const llm = simLlm(sim, { retry: { maxRetries: 2 } });
    const { chunks, error } = await collect(llm.chatStream('doomed').source);
    expect(chunks).toEqual([]);
    expect((error as Error).message).toBe(
      'chatStream request failed: 500 Internal error (simulated by epic-rx) (after 3 attempts)',
    );
    expect(responses(sim, 'chat', '500')).toBe(3);
    await llm.close();
  });
});

describe('chatStream: cancellation and flow control', () => {
  let slow: SimServer;
  beforeAll(async () => {
    slow = await startSim({ timeScale: 1, ttftMs: 20, perTokenMs: 100, responder }); // 'long' streams for about 6 s
  });
  afterAll(() => slow.close());
  beforeEach(() => slow.resetMetrics());

  it('unsubscribing after the first chunk closes the request mid-stream; nothing completes; the slot is freed', async () => {
    const llm = simLlm(slow, { maxConcurrency: 1 });
    const seen: string[] = [];
    const subscription = llm.chatStream('long').source.subscribe({
      next: (chunk) => {
        seen.push(`next ${chunk}`);
        subscription.unsubscribe(); // never synchronous inside subscribe: the chunk comes over HTTP
      },
      error: () => seen.push('error'),
      complete: () => seen.push('complete'),
    });
    const close = await waitFor(() => slow.metrics().earlyCloses[0]);
    expect([close.route, close.phase]).toEqual(['chat', 'streaming']); // the first chunk came before the last was sent
    expect(slow.metrics().completed.chat).toEqual({});
    expect(seen).toEqual(['next word0']);
    // With one slot, the next request can only be served if the aborted one let go of it.
    const next = await collect(llm.chatStream('echo').source);
    expect(next.chunks.join('')).toBe('one two three. four five');
    expect(seen).toEqual(['next word0']);
    await llm.close();
  });

  it('holds its concurrency slot until the reply has finished', async () => {
    const llm = simLlm(slow, { maxConcurrency: 1 });
    const [a, b] = await Promise.all([collect(llm.chatStream('echo').source), collect(llm.chatStream('echo').source)]);
    expect([a.chunks.join(''), b.chunks.join('')]).toEqual(['one two three. four five', 'one two three. four five']);
    expect(slow.metrics().maxInService).toBe(1);
    await llm.close();
  });
});

describe('chatStream in a program', () => {
  it('is a string to program code: an operation that needs the whole text waits for it', async () => {
    const llm = simLlm(sim);
    const { chatStream } = llm.hosts;
    const shout = program({ chatStream }, (q: string) => chatStream(q).toUpperCase());
    expect(await shout.evaluate('echo')).toBe('ONE TWO THREE. FOUR FIVE');
    await llm.close();
  });
});
