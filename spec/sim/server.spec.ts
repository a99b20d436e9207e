import { NotFoundError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIM_OPTIONS, startSim, type SimServer } from '../../lib/sim/index.js';
import { post, sdk } from './helpers.js';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSim({ timeScale: 0.01 });
});
afterAll(() => sim.close());
beforeEach(() => sim.resetMetrics());

const user = (content: string) => [{ role: 'user' as const, content }];

describe('startSim', () => {
  it('listens on loopback with a base URL ending in /v1', () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/v1`);
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.options.ttftMs).toBe(DEFAULT_SIM_OPTIONS.ttftMs);
  });

  it('rejects bad options at construction', async () => {
    await expect(startSim({ slots: 0 })).rejects.toThrow(/slots/);
    await expect(startSim({ faults: { dropRate: 2 } })).rejects.toThrow(/dropRate/);
  });
});

describe('chat completions', () => {
  it('answers through the SDK, labelled as simulated', async () => {
    const { data, response } = await sdk(sim)
      .chat.completions.create({ model: 'any-model', messages: user('hello') })
      .withResponse();
    expect(response.headers.get('x-epic-simulated')).toBe('1');
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('any-model');
    expect(data.system_fingerprint).toBe('epic-rx-simulator');
    const text = data.choices[0]!.message.content!;
    expect(text.startsWith('[sim] ')).toBe(true);
    expect(data.choices[0]!.finish_reason).toBe('stop');
    expect(data.usage).toEqual({
      prompt_tokens: 1,
      completion_tokens: text.split(' ').length,
      total_tokens: 1 + text.split(' ').length,
    });
  });

  it('is deterministic: same prompt, same text; n samples keyed by k', async () => {
    const client = sdk(sim);
    const ask = (n: number, temperature?: number) =>
      client.chat.completions.create({
        model: 'm',
        messages: user('same prompt'),
        n,
        ...(temperature === undefined ? {} : { temperature }),
      });
    const [a, b, three, greedy] = await Promise.all([ask(1), ask(1), ask(3), ask(3, 0)]);
    const texts = three.choices.map((c) => c.message.content);
    expect(a.choices[0]!.message.content).toBe(b.choices[0]!.message.content);
    expect(three.choices.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(texts[0]).toBe(a.choices[0]!.message.content);
    expect(new Set(texts).size).toBeGreaterThan(1);
    expect(new Set(greedy.choices.map((c) => c.message.content)).size).toBe(1);
    const other = await startSim({ timeScale: 0.01 });
    const again = await sdk(other).chat.completions.create({ model: 'm', messages: user('same prompt') });
    await other.close();
    expect(again.choices[0]!.message.content).toBe(a.choices[0]!.message.content);
  });

  it('honours max_tokens and stop', async () => {
    const client = sdk(sim);
    const full = (await client.chat.completions.create({ model: 'm', messages: user('p') })).choices[0]!.message
      .content!;
    const cut = await client.chat.completions.create({ model: 'm', messages: user('p'), max_tokens: 3 });
    expect(cut.choices[0]!.message.content).toBe(full.split(' ').slice(0, 3).join(' '));
    expect(cut.choices[0]!.finish_reason).toBe('length');
    const third = full.split(' ')[2]!;
    const stopped = await client.chat.completions.create({ model: 'm', messages: user('p'), stop: [` ${third}`] });
    expect(stopped.choices[0]!.message.content).toBe(full.slice(0, full.indexOf(` ${third}`)));
  });
});

describe('legacy completions', () => {
  it('returns array prompts in order, prompt-major with index = i*n + k', async () => {
    const prompts = ['alpha', 'beta', 'gamma', 'delta'];
    const client = sdk(sim);
    const batch = await client.completions.create({ model: 'm', prompt: prompts, n: 2 });
    expect(batch.object).toBe('text_completion');
    expect(batch.choices.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const singles = await Promise.all(prompts.map((prompt) => client.completions.create({ model: 'm', prompt, n: 2 })));
    const expected = singles.flatMap((r) => r.choices.map((c) => c.text));
    expect(batch.choices.map((c) => c.text)).toEqual(expected);
    expect(sim.metrics().batchSizes).toEqual([4, 1, 1, 1, 1]);
  });

  it('applies max_tokens per choice and counts usage over all choices', async () => {
    const r = await sdk(sim).completions.create({ model: 'm', prompt: ['one two', 'three'], max_tokens: 2 });
    r.choices.forEach((c) => expect(c.text.split(' ')).toHaveLength(2));
    expect(r.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });
});

describe('embeddings', () => {
  it('answers float and base64 with the same unit vectors', async () => {
    const client = sdk(sim);
    const input = ['one', 'three', 'one'];
    const asBase64 = await client.embeddings.create({ model: 'e', input }); // the SDK asks for base64
    const asFloat = await client.embeddings.create({ model: 'e', input, encoding_format: 'float' });
    expect(asBase64.data.map((d) => d.embedding)).toEqual(asFloat.data.map((d) => d.embedding));
    expect(asFloat.data.map((d) => d.index)).toEqual([0, 1, 2]);
    const [one, three, oneAgain] = asFloat.data.map((d) => d.embedding);
    expect(one).toHaveLength(64);
    expect(Math.hypot(...one!)).toBeCloseTo(1, 5);
    expect(oneAgain).toEqual(one);
    expect(three).not.toEqual(one);
  });

  it('sends little-endian float32 bytes as base64, and honours dimensions', async () => {
    const res = await post(sim, '/embeddings', { model: 'e', input: 'x', encoding_format: 'base64', dimensions: 8 });
    const body = (await res.json()) as { data: { embedding: string }[] };
    const bytes = Buffer.from(body.data[0]!.embedding, 'base64');
    expect(bytes.length).toBe(32);
    const floats = await sdk(sim).embeddings.create({
      model: 'e',
      input: 'x',
      encoding_format: 'float',
      dimensions: 8,
    });
    expect(Array.from({ length: 8 }, (_, i) => bytes.readFloatLE(i * 4))).toEqual(floats.data[0]!.embedding);
  });
});

describe('models and errors', () => {
  it('lists and retrieves models owned by the simulator', async () => {
    const client = sdk(sim);
    const list = await client.models.list();
    expect(list.data.map((m) => [m.id, m.owned_by])).toEqual([
      ['epic-sim', 'epic-rx-simulator'],
      ['epic-sim-embed', 'epic-rx-simulator'],
    ]);
    expect((await client.models.retrieve('epic-sim')).id).toBe('epic-sim');
    await expect(client.models.retrieve('nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers 404 for unknown routes and 400 for bad JSON or missing fields', async () => {
    const cases: [string, unknown, number, string][] = [
      ['/nope', {}, 404, 'unknown_url'],
      ['/chat/completions', '{"model":', 400, 'invalid_json'],
      ['/chat/completions', '[1]', 400, 'invalid_json'],
      ['/chat/completions', { model: 'm' }, 400, 'invalid_request'],
      ['/chat/completions', { messages: user('x') }, 400, 'invalid_request'],
      ['/completions', { model: 'm', prompt: [1] }, 400, 'invalid_request'],
      ['/completions', { model: 'm', prompt: 'x', n: 0 }, 400, 'invalid_request'],
      ['/embeddings', { model: 'm' }, 400, 'invalid_request'],
    ];
    for (const [path, body, status, code] of cases) {
      const res = await post(sim, path, body);
      expect([path, res.status]).toEqual([path, status]);
      expect(res.headers.get('x-epic-simulated')).toBe('1');
      const json = (await res.json()) as { error: { code: string; type: string; message: string } };
      expect(json.error).toMatchObject({ code, type: 'invalid_request_error' });
      expect(json.error.message.length).toBeGreaterThan(0);
    }
    const get = await fetch(`${sim.url}/chat/completions`);
    expect(get.status).toBe(404);
    await get.body?.cancel();
    expect(sim.metrics().requests).toEqual({
      unknown: { '404': 2 },
      chat: { '400': 4 },
      completions: { '400': 2 },
      embeddings: { '400': 1 },
    });
    expect(sim.metrics().batchSizes).toEqual([]);
  });
});
