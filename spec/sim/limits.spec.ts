/**
 * The simulator's size limits: every oversized request is refused at once with an error naming
 * the limit (and does no work: no slot, no responder call), and a large request within the
 * limits does not stop the server from answering others. Nothing here depends on how fast the
 * machine is: the checks are on answers, counts and the order of events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIM_LIMITS, startSim, type SimLimits, type SimServer } from '../../lib/sim/index.js';
import { waitFor } from '../support/wait.js';
import { post, sdk } from './helpers.js';

let sim: SimServer;
afterEach(() => sim.close());

interface ErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly code: string;
    readonly param: string | null;
  };
}

async function refusal(path: string, body: unknown): Promise<{ status: number } & ErrorBody> {
  const res = await post(sim, path, body);
  return { status: res.status, ...((await res.json()) as ErrorBody) };
}

const user = [{ role: 'user', content: 'x' }];
const many = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));

describe('requests over a limit', () => {
  const limits: Partial<SimLimits> = {
    maxInputs: 4,
    maxMessages: 3,
    maxN: 2,
    maxChoices: 6,
    maxTokens: 10,
    maxStop: 2,
    maxDimensions: 16,
  };

  it.each<[string, string, unknown, string, string]>([
    [
      'prompts',
      '/completions',
      { model: 'm', prompt: many(5, String) },
      'prompt',
      '"prompt" has 5 prompts, over this simulator\'s limit of 4 (option limits.maxInputs)',
    ],
    [
      'inputs',
      '/embeddings',
      { model: 'e', input: many(5, String) },
      'input',
      '"input" has 5 inputs, over this simulator\'s limit of 4 (option limits.maxInputs)',
    ],
    [
      'dimensions',
      '/embeddings',
      { model: 'e', input: 'x', dimensions: 1_000_000_000 },
      'dimensions',
      '"dimensions" is 1000000000, over this simulator\'s limit of 16 (option limits.maxDimensions)',
    ],
    [
      'n',
      '/chat/completions',
      { model: 'm', messages: user, n: 3 },
      'n',
      '"n" is 3, over this simulator\'s limit of 2 (option limits.maxN)',
    ],
    [
      'choices',
      '/completions',
      { model: 'm', prompt: many(4, String), n: 2 },
      'n',
      '"n" is 2 for 4 prompts, 8 choices, over this simulator\'s limit of 6 (option limits.maxChoices)',
    ],
    [
      'max_tokens',
      '/completions',
      { model: 'm', prompt: 'p', max_tokens: 11 },
      'max_tokens',
      '"max_tokens" is 11, over this simulator\'s limit of 10 (option limits.maxTokens)',
    ],
    [
      'max_completion_tokens',
      '/chat/completions',
      { model: 'm', messages: user, max_completion_tokens: 1e15 },
      'max_completion_tokens',
      '"max_completion_tokens" is 1000000000000000, over this simulator\'s limit of 10 (option limits.maxTokens)',
    ],
    [
      'messages',
      '/chat/completions',
      { model: 'm', messages: many(4, () => user[0]) },
      'messages',
      '"messages" has 4 messages, over this simulator\'s limit of 3 (option limits.maxMessages)',
    ],
    [
      'content parts',
      '/chat/completions',
      { model: 'm', messages: [{ role: 'user', content: many(4, () => ({ type: 'text', text: 't' })) }] },
      'messages[0].content',
      '"messages[0].content" has 4 parts, over this simulator\'s limit of 3 (option limits.maxMessages)',
    ],
    [
      'stop strings',
      '/chat/completions',
      { model: 'm', messages: user, stop: ['a', 'b', 'c'] },
      'stop',
      '"stop" has 3 strings, over this simulator\'s limit of 2 (option limits.maxStop)',
    ],
  ])('%s: a 400 limit_exceeded naming the limit, and no work done', async (_, path, body, param, message) => {
    let asked = 0;
    sim = await startSim({ timeScale: 0.01, limits, embeddingDim: 8, responder: () => (asked++, 'ok') });
    expect(await refusal(path, body)).toEqual({
      status: 400,
      error: { type: 'invalid_request_error', code: 'limit_exceeded', param, message },
    });
    expect([asked, sim.metrics().batchSizes, sim.metrics().maxInService]).toEqual([0, [], 0]);
  });

  it('a request exactly at the limits is served', async () => {
    sim = await startSim({ timeScale: 0.01, limits, embeddingDim: 8 });
    const client = sdk(sim);
    const r = await client.completions.create({
      model: 'm',
      prompt: many(3, String),
      n: 2,
      max_tokens: 10,
      stop: ['x', 'y'],
    });
    expect(r.choices).toHaveLength(6);
    const e = await client.embeddings.create({ model: 'e', input: many(4, String), dimensions: 16 });
    expect(e.data.map((d) => d.embedding.length)).toEqual([16, 16, 16, 16]);
  });

  it('a body over maxBodyBytes gets a 413 naming the limit, announced or not, and the server carries on', async () => {
    sim = await startSim({ timeScale: 0.01, limits: { maxBodyBytes: 1000 } });
    const body = JSON.stringify({ model: 'm', prompt: 'x'.repeat(5000) });
    const announced = await refusal('/completions', body);
    expect(announced).toEqual({
      status: 413,
      error: {
        type: 'invalid_request_error',
        code: 'body_too_large',
        param: null,
        message: `Request body of ${body.length} bytes is too large; this simulator accepts at most 1000 bytes (option limits.maxBodyBytes)`,
      },
    });
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode(body.slice(i * 1000, (i + 1) * 1000)));
        controller.enqueue(new TextEncoder().encode(body.slice(5000)));
        controller.close();
      },
    });
    const res = await fetch(`${sim.url}/completions`, { method: 'POST', body: chunked, duplex: 'half' } as RequestInit);
    expect([res.status, ((await res.json()) as ErrorBody).error.message]).toEqual([
      413,
      'Request body of more than 1000 bytes is too large; this simulator accepts at most 1000 bytes (option limits.maxBodyBytes)',
    ]);
    expect((await sdk(sim).completions.create({ model: 'm', prompt: 'small' })).choices).toHaveLength(1);
  });

  it('with the default limits: a million prompts are refused by the body size, huge dimensions by maxDimensions', {
    timeout: 60_000,
  }, async () => {
    sim = await startSim({ timeScale: 0.01 });
    const million = await refusal('/completions', { model: 'm', prompt: many(1_000_000, (i) => `p${i}`) });
    expect([million.status, million.error.code]).toEqual([413, 'body_too_large']);
    const dims = await refusal('/embeddings', { model: 'e', input: 'x', dimensions: 1_000_000_000 });
    expect([dims.status, dims.error.param, dims.error.message]).toEqual([
      400,
      'dimensions',
      '"dimensions" is 1000000000, over this simulator\'s limit of 4096 (option limits.maxDimensions)',
    ]);
    expect(sim.metrics().batchSizes).toEqual([]);
  });

  it('with a body limit raised, a million prompts are refused by maxInputs without being walked', {
    timeout: 60_000,
  }, async () => {
    let asked = 0;
    sim = await startSim({
      timeScale: 0.01,
      limits: { maxBodyBytes: 64 * 1024 * 1024 },
      responder: () => (asked++, 'ok'),
    });
    const million = await refusal('/completions', { model: 'm', prompt: many(1_000_000, (i) => `p${i}`) });
    expect([million.status, million.error.message]).toEqual([
      400,
      '"prompt" has 1000000 prompts, over this simulator\'s limit of 2048 (option limits.maxInputs)',
    ]);
    expect(asked).toBe(0);
  });

  it('the defaults are documented values', () => {
    expect(DEFAULT_SIM_LIMITS).toEqual({
      maxBodyBytes: 4 * 1024 * 1024,
      maxInputs: 2048,
      maxMessages: 4096,
      maxN: 128,
      maxChoices: 4096,
      maxTokens: 16_384,
      maxStop: 16,
      maxDimensions: 4096,
    });
  });

  it('maxTokens also cuts a responder text when the request sets no max_tokens', async () => {
    sim = await startSim({
      timeScale: 0.01,
      limits: { maxTokens: 5 },
      responder: () => 'one two three four five six seven',
    });
    const r = await sdk(sim).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect([r.choices[0]!.message.content, r.choices[0]!.finish_reason]).toEqual(['one two three four five', 'length']);
  });
});

describe('a large request within the limits', () => {
  /** Busy for `ms` of CPU, like a slow solver. */
  const spin = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };

  it('does not keep the server from answering another request meanwhile, and writes valid JSON', {
    timeout: 60_000,
  }, async () => {
    let asked = 0;
    sim = await startSim({ timeScale: 0, responder: (r) => (asked++, spin(0.25), `answer to ${r.prompt} ${r.k}`) }); // ~0.5 s of CPU in all
    const prompts = many(1024, (i) => `p${i}`);
    const big = sdk(sim).completions.create({ model: 'm', prompt: prompts, n: 2 });
    let bigDone = false;
    void big.then(
      () => (bigDone = true),
      () => undefined,
    );
    await waitFor(() => (asked > 0 ? true : undefined), 20_000);
    const models = await fetch(`${sim.url}/models`);
    expect(models.status).toBe(200);
    expect(bigDone).toBe(false); // answered between two slices of the big request's work
    const reply = await big;
    expect(reply.choices).toHaveLength(2048);
    expect(reply.choices[2047]).toMatchObject({ index: 2047, text: 'answer to p1023 1' });
  });

  it('embeddings: many large vectors are written in pieces that decode to the same numbers', async () => {
    sim = await startSim({ timeScale: 0 });
    const input = many(300, (i) => `text ${i}`);
    const client = sdk(sim);
    const [asBase64, asFloat] = await Promise.all([
      client.embeddings.create({ model: 'e', input, dimensions: 1024 }),
      client.embeddings.create({ model: 'e', input, dimensions: 1024, encoding_format: 'float' }),
    ]);
    expect(asFloat.data.map((d) => d.index)).toEqual(many(300, (i) => i));
    expect(asBase64.data.map((d) => d.embedding)).toEqual(asFloat.data.map((d) => d.embedding));
    expect(asFloat.usage).toEqual({ prompt_tokens: 600, total_tokens: 600 });
  });

  it('stops working for a client that left', { timeout: 60_000 }, async () => {
    let asked = 0;
    sim = await startSim({ timeScale: 0, responder: () => (asked++, spin(0.5), 'ok') });
    const ac = new AbortController();
    const big = sdk(sim).completions.create({ model: 'm', prompt: many(2048, String), n: 2 }, { signal: ac.signal });
    await waitFor(() => (asked > 0 ? true : undefined), 20_000);
    ac.abort();
    await expect(big).rejects.toThrow();
    await waitFor(() => sim.metrics().earlyCloses[0], 20_000);
    const after = asked;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked).toBe(after); // no more responder calls once the close was seen
    expect(asked).toBeLessThan(4096);
  });
});
