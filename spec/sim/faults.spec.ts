import OpenAI, { APIConnectionError, InternalServerError, RateLimitError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIM_FAULTS,
  startSim,
  type SimFaultOptions,
  type SimRequestEvent,
  type SimServer,
} from '../../lib/sim/index.js';
import { decideFault, FaultInjector } from '../../lib/sim/faults.js';
import { waitFor } from '../support/wait.js';
import { post, sdk } from './helpers.js';

const faults = (f: Partial<SimFaultOptions>): SimFaultOptions => ({ ...DEFAULT_SIM_FAULTS, ...f });
const fates = (f: SimFaultOptions, count: number) => Array.from({ length: count }, (_, i) => decideFault(f, i, 0, 1));

describe('fault decisions (pure)', () => {
  it('are a function of seed and request number, at about the configured rates', () => {
    const mixed = faults({
      rateLimitRate: 0.1,
      serverErrorRate: 0.1,
      dropRate: 0.1,
      malformedRate: 0.1,
      stallRate: 0.1,
      stallBodyRate: 0.1,
    });
    const a = fates(mixed, 2000);
    expect(fates(mixed, 2000)).toEqual(a);
    expect(fates({ ...mixed, seed: 2 }, 2000)).not.toEqual(a);
    for (const kind of ['rateLimit', 'serverError', 'drop', 'malformed', 'stall', 'stallBody'] as const) {
      const share = a.filter((x) => x === kind).length / a.length;
      expect([kind, share > 0.04 && share < 0.16]).toEqual([kind, true]);
    }
    expect(fates(faults({}), 100).every((x) => x === undefined)).toBe(true);
  });

  it('storms: the first N requests, or a fraction of those arriving in a window', () => {
    const first = faults({ rateLimitStorms: [{ kind: 'firstRequests', count: 3 }] });
    expect(fates(first, 5)).toEqual(['rateLimit', 'rateLimit', 'rateLimit', undefined, undefined]);
    const window = faults({ rateLimitStorms: [{ kind: 'window', fromMs: 100, toMs: 200, fraction: 1 }] });
    expect([50, 100, 150, 199, 200].map((t) => decideFault(window, 0, t, 1))).toEqual([
      undefined,
      'rateLimit',
      'rateLimit',
      'rateLimit',
      undefined,
    ]);
    expect(decideFault(window, 0, 15, 0.1)).toBe('rateLimit'); // windows are in model ms, scaled
    const half = faults({ rateLimitStorms: [{ kind: 'window', fromMs: 0, toMs: 1e9, fraction: 0.5 }] });
    const share = fates(half, 1000).filter(Boolean).length / 1000;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
  });

  it('FaultInjector numbers requests and restarts on configure', () => {
    let now = 0;
    const injector = new FaultInjector(
      faults({ rateLimitStorms: [{ kind: 'firstRequests', count: 1 }] }),
      1,
      () => now,
    );
    expect([injector.next(), injector.next()]).toEqual(['rateLimit', undefined]);
    now = 500;
    injector.configure(faults({ rateLimitStorms: [{ kind: 'window', fromMs: 0, toMs: 10, fraction: 1 }] }));
    now = 505;
    expect(injector.next()).toBe('rateLimit');
  });
});

describe('faults over HTTP', () => {
  let sim: SimServer;
  afterEach(() => sim.close());
  const chat = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

  it('429 with retry-after (seconds) and retry-after-ms, counted', async () => {
    sim = await startSim({ timeScale: 0.01, faults: { rateLimitRate: 1, retryAfterMs: 2500 } });
    const res = await post(sim, '/chat/completions', chat);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('retry-after-ms')).toBe('25');
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
    await expect(
      sdk(sim).chat.completions.create({ ...chat, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(RateLimitError);
    sim.setFaults({ rateLimitRate: 1, retryAfterMs: 3000, retryAfterMsHeader: false });
    const plain = await post(sim, '/completions', { model: 'm', prompt: 'p' });
    expect([plain.headers.get('retry-after'), plain.headers.get('retry-after-ms')]).toEqual(['1', null]);
    await plain.body?.cancel();
    expect(sim.metrics().faults.rateLimit).toBe(3);
    expect(sim.metrics().requests).toEqual({ chat: { '429': 2 }, completions: { '429': 1 } });
  });

  it('a storm of the first N requests, then normal service', async () => {
    sim = await startSim({ timeScale: 0.01, faults: { rateLimitStorms: [{ kind: 'firstRequests', count: 3 }] } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(sim, '/completions', { model: 'm', prompt: `p${i}` });
      statuses.push(res.status);
      await res.body?.cancel();
    }
    expect(statuses).toEqual([429, 429, 429, 200, 200]);
  });

  it('onRequest hears each work request with its prompts and its fault, not /v1/models nor a 400', async () => {
    const heard: SimRequestEvent[] = [];
    sim = await startSim({
      timeScale: 0.01,
      faults: { rateLimitStorms: [{ kind: 'firstRequests', count: 1 }] },
      onRequest: (event) => heard.push(event),
    });
    const statuses: number[] = [];
    for (const [path, body] of [
      ['/chat/completions', { ...chat, messages: [...chat.messages, { role: 'assistant', content: 'a' }] }],
      ['/completions', { model: 'm', prompt: ['p0', 'p1'] }],
      ['/embeddings', { model: 'm', input: 'e' }],
      ['/completions', { model: 'm', prompt: 'x', temperature: 7 }],
    ] as const) {
      const res = await post(sim, path, body);
      statuses.push(res.status);
      await res.body?.cancel();
    }
    await (await fetch(`${sim.url}/models`)).body?.cancel();
    expect(statuses).toEqual([429, 200, 200, 400]);
    expect(heard).toEqual([
      { route: 'chat', prompts: ['hi'], fault: 'rateLimit' },
      { route: 'completions', prompts: ['p0', 'p1'], fault: undefined },
      { route: 'embeddings', prompts: ['e'], fault: undefined },
    ]);
  });

  it('500s, dropped connections, malformed bodies', async () => {
    sim = await startSim({ timeScale: 0.01, faults: { serverErrorRate: 1 } });
    const client = sdk(sim);
    await expect(client.chat.completions.create(chat)).rejects.toBeInstanceOf(InternalServerError);
    sim.setFaults({ dropRate: 1 });
    await expect(client.chat.completions.create(chat)).rejects.toBeInstanceOf(APIConnectionError);
    sim.setFaults({ malformedRate: 1 });
    const res = await post(sim, '/chat/completions', chat);
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow(SyntaxError);
    await expect(client.completions.create({ model: 'm', prompt: 'x' })).rejects.toThrow();
    const quiet = new OpenAI({ baseURL: sim.url, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off' });
    const consume = async () => {
      const stream = await quiet.chat.completions.create({ ...chat, stream: true });
      for await (const _ of stream) void _;
    };
    await expect(consume()).rejects.toThrow();
    const m = sim.metrics();
    expect(m.faults).toEqual({ rateLimit: 0, serverError: 1, drop: 1, malformed: 3, stall: 0, stallBody: 0 });
    expect(m.requests.chat).toEqual({ '500': 1, none: 1, '200': 2 });
    expect(m.earlyCloses).toEqual([]); // a drop is the server's doing, not the client's
    expect(m.promptsServed).toBe(0);
  });

  it('a stall never answers until the client aborts', async () => {
    sim = await startSim({ timeScale: 0.01, faults: { stallRate: 1 } });
    const ac = new AbortController();
    const pending = sdk(sim).chat.completions.create(chat, { signal: ac.signal });
    await waitFor(() => (sim.metrics().faults.stall === 1 ? true : undefined), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    ac.abort();
    await expect(pending).rejects.toThrow();
    const close = await waitFor(() => sim.metrics().earlyCloses[0], 10_000);
    expect(close.phase).toBe('stalled');
    expect(close.msSinceLastWrite).toBeNull();
  });

  it('a body stall sends the head and the start of the body, then nothing until the client aborts', async () => {
    sim = await startSim({ timeScale: 0.01, faults: { stallBodyRate: 1 } });
    for (const stream of [false, true]) {
      const ac = new AbortController();
      const res = await post(sim, '/chat/completions', { ...chat, stream }, ac.signal);
      expect([res.status, res.headers.get('content-type')]).toEqual([
        200,
        stream ? 'text/event-stream' : 'application/json',
      ]);
      const reader = res.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toMatch(
        stream ? /^data: \{"id":"chatcmpl-sim-\d+","object":"chat.completion.chunk"/ : /^\{"id":"chatcmpl-sim-\d+"/,
      );
      const next = reader.read().then(
        () => 'more',
        () => 'aborted',
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      ac.abort();
      expect(await next).toBe('aborted');
    }
    const closes = await waitFor(
      () => (sim.metrics().earlyCloses.length === 2 ? sim.metrics().earlyCloses : undefined),
      10_000,
    );
    expect(closes.map((c) => [c.phase, c.msSinceLastWrite === null])).toEqual([
      ['stalled', false],
      ['stalled', false],
    ]);
    expect(sim.metrics().faults.stallBody).toBe(2);
  });

  it('embeddings requests meet faults too, numbered with chat and completions; /models does not', async () => {
    sim = await startSim({ timeScale: 0.01, faults: { rateLimitStorms: [{ kind: 'firstRequests', count: 2 }] } });
    const statuses: number[] = [];
    const requests = [
      ['/embeddings', { model: 'e', input: 'a' }],
      ['/completions', { model: 'm', prompt: 'p' }],
      ['/embeddings', { model: 'e', input: 'b' }],
    ] as const;
    for (const [path, body] of requests) {
      const models = await fetch(`${sim.url}/models`);
      statuses.push(models.status);
      await models.body?.cancel();
      const res = await post(sim, path, body);
      statuses.push(res.status);
      await res.body?.cancel();
    }
    expect(statuses).toEqual([200, 429, 200, 429, 200, 200]);
    expect(sim.metrics().faults.rateLimit).toBe(2);
  });

  it('the same seed fails the same requests', async () => {
    const run = async () => {
      sim = await startSim({ timeScale: 0.01, faults: { seed: 7, serverErrorRate: 0.3, rateLimitRate: 0.2 } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await post(sim, '/completions', { model: 'm', prompt: 'p' });
        statuses.push(res.status);
        await res.body?.cancel();
      }
      await sim.close();
      return statuses;
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([200, 429, 500]));
    expect(await run()).toEqual(first);
  });
});
