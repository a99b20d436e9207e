import { InternalServerError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultResponder,
  responderFromTable,
  startSim,
  type SimPromptRequest,
  type SimServer,
} from '../../lib/sim/index.js';
import { post, sdk } from './helpers.js';

const ask = (prompt: string, k = 0, temperature = 1): SimPromptRequest => ({
  kind: 'completion',
  prompt,
  messages: undefined,
  model: 'm',
  temperature,
  maxTokens: undefined,
  stop: [],
  k,
});

describe('defaultResponder', () => {
  it('gives stable "[sim]" pseudo-text keyed by prompt and k', () => {
    const text = defaultResponder(ask('hello'));
    expect(text.startsWith('[sim] ')).toBe(true);
    expect(defaultResponder(ask('hello'))).toBe(text);
    expect(defaultResponder(ask('hello!'))).not.toBe(text);
    expect(defaultResponder(ask('hello', 1))).not.toBe(text);
    expect(defaultResponder(ask('hello', 1, 0))).toBe(defaultResponder(ask('hello', 0, 0)));
    const words = text.split(' ').length - 1;
    expect(words).toBeGreaterThanOrEqual(8);
    expect(words).toBeLessThanOrEqual(24);
  });

  it('responderFromTable answers listed prompts and falls back otherwise', () => {
    const table = responderFromTable({ '2+2=': '4', bad: { refuse: true } });
    expect(table(ask('2+2='))).toBe('4');
    expect(table(ask('bad'))).toEqual({ refuse: true });
    expect(table(ask('toString'))).toBe(defaultResponder(ask('toString')));
  });
});

describe('responders over HTTP', () => {
  let sim: SimServer;
  afterEach(() => sim.close());

  it('see the route, prompt, messages, sampling parameters and k', async () => {
    const seen: SimPromptRequest[] = [];
    sim = await startSim({ timeScale: 0.01, responder: async (r) => (seen.push(r), `echo ${r.prompt} ${r.k}`) });
    const client = sdk(sim);
    const messages = [
      { role: 'system' as const, content: 'be brief' },
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'first' }] },
      { role: 'assistant' as const, content: 'ok' },
      { role: 'user' as const, content: 'second' },
    ];
    const chat = await client.chat.completions.create({
      model: 'mc',
      messages,
      temperature: 0.5,
      max_completion_tokens: 9,
      stop: 'X',
      n: 2,
    });
    expect(chat.choices.map((c) => c.message.content)).toEqual(['echo second 0', 'echo second 1']);
    expect(seen[0]).toEqual({
      kind: 'chat',
      prompt: 'second',
      model: 'mc',
      temperature: 0.5,
      maxTokens: 9,
      stop: ['X'],
      k: 0,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'second' },
      ],
    });
    seen.length = 0;
    await client.completions.create({ model: 'mp', prompt: ['a', 'b'], max_tokens: 4 });
    expect(seen.map((r) => [r.kind, r.prompt, r.k, r.messages, r.maxTokens, r.temperature])).toEqual([
      ['completion', 'a', 0, undefined, 4, 1],
      ['completion', 'b', 0, undefined, 4, 1],
    ]);
  });

  it('a refusal fails only its own choice, with content_filter and empty text', async () => {
    sim = await startSim({
      timeScale: 0.01,
      responder: responderFromTable({ bad: { refuse: true }, good: { text: 'fine thanks' } }),
    });
    const client = sdk(sim);
    const batch = await client.completions.create({ model: 'm', prompt: ['good', 'bad', 'good'] });
    expect(batch.choices.map((c) => [c.index, c.text, c.finish_reason])).toEqual([
      [0, 'fine thanks', 'stop'],
      [1, '', 'content_filter'],
      [2, 'fine thanks', 'stop'],
    ]);
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'bad' }],
      stream: true,
    });
    const seen: [string, string | null][] = [];
    for await (const chunk of stream)
      for (const c of chunk.choices) seen.push([c.delta.content ?? '', c.finish_reason]);
    expect(seen).toEqual([
      ['', null],
      ['', 'content_filter'],
    ]);
  });

  it('a throwing responder gives a 500 naming the error; a bad answer too', async () => {
    sim = await startSim({
      timeScale: 0.01,
      responder: (r) => {
        if (r.prompt === 'boom') throw new Error('solver exploded');
        return r.prompt === 'odd' ? (42 as unknown as string) : 'ok';
      },
    });
    const error = await sdk(sim)
      .completions.create({ model: 'm', prompt: ['fine', 'boom'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toMatch(/solver exploded/);
    const odd = await post(sim, '/completions', { model: 'm', prompt: 'odd' });
    expect(odd.status).toBe(500);
    expect(((await odd.json()) as { error: { message: string } }).error.message).toMatch(/expected a string/);
    expect(sim.metrics().requests.completions).toEqual({ '500': 2 });
    expect(sim.metrics().inService).toBe(0);
  });
});
