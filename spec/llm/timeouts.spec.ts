/**
 * The timeouts of one HTTP attempt (`timedFetch`), first on a fake fetch with a manual clock
 * (no real time at all), then end to end against the simulator's stall faults, with short
 * timeouts and bounds far above what a loaded machine needs.
 */
import { firstValueFrom, lastValueFrom, tap, toArray } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EpicLlmError } from '../../lib/errors.js';
import { createBackend, timedFetch, type StartTimer } from '../../lib/llm/backend.js';
import { LlmStallError } from '../../lib/llm/errors.js';
import { resolveLlmConfig, type LlmOptions } from '../../lib/llm/llm-options.js';
import { createRequester } from '../../lib/llm/request.js';
import { startSim, type SimServer } from '../../lib/sim/index.js';
import { waitFor } from '../support/wait.js';
import { simLlm } from './helpers.js';

/** A clock that only moves when told to; timers fire in due order. */
class ManualClock {
  now = 0;
  private timers: { at: number; fire: () => void; live: boolean }[] = [];
  readonly start: StartTimer = (fire, ms) => {
    const timer = { at: this.now + ms, fire, live: true };
    this.timers.push(timer);
    return () => void (timer.live = false);
  };
  /** Moves the clock `ms` ahead, firing every timer due by then. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      this.now = due.at;
      due.fire();
    }
    this.now = until;
  }
  /** Timers neither fired nor cancelled. */
  get pending(): number {
    return this.timers.filter((t) => t.live).length;
  }
}

const TIMEOUTS = { firstByteTimeoutMs: 100, idleTimeoutMs: 50, timeoutMs: 1000 };
const text = (s: string) => new TextEncoder().encode(s);
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** A fake fetch whose response head arrives on `respond()`, and whose body chunks on `push()`. */
function fakeFetch() {
  let respond: (r: Response) => void = () => undefined;
  let body: ReadableStreamDefaultController<Uint8Array> | undefined;
  let signal: AbortSignal | undefined;
  const fetchImpl = ((_input: unknown, init?: RequestInit) => {
    signal = init?.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      respond = resolve;
      signal?.addEventListener('abort', () => {
        reject(signal?.reason);
        body?.error(signal?.reason);
      });
    });
  }) as typeof fetch;
  return {
    fetchImpl,
    signal: () => signal,
    respondWithBody: () =>
      respond(
        new Response(new ReadableStream<Uint8Array>({ start: (c) => void (body = c) }), {
          status: 200,
          headers: { 'x-a': '1' },
        }),
      ),
    push: (s: string) => body?.enqueue(text(s)),
    end: () => body?.close(),
  };
}

describe('timedFetch (manual clock)', () => {
  it('fails an attempt with no response head within firstByteTimeoutMs, aborting it', async () => {
    const clock = new ManualClock();
    const fake = fakeFetch();
    const pending = timedFetch(fake.fetchImpl, TIMEOUTS, clock.start)('http://x/v1').catch((e: unknown) => e);
    clock.advance(99);
    await flush();
    expect(fake.signal()?.aborted).toBe(false);
    clock.advance(1);
    const error = await pending;
    expect(error).toBeInstanceOf(LlmStallError);
    expect(error).toMatchObject({
      kind: 'firstByte',
      ms: 100,
      option: 'firstByteTimeoutMs',
      message: 'no response within 100 ms',
    });
    expect(fake.signal()?.aborted).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('times the gaps of the body only while a read waits, and clears every timer at the end', async () => {
    const clock = new ManualClock();
    const fake = fakeFetch();
    const pending = timedFetch(fake.fetchImpl, TIMEOUTS, clock.start)('http://x/v1');
    clock.advance(90);
    fake.respondWithBody();
    const response = await pending;
    expect([response.status, response.headers.get('x-a')]).toEqual([200, '1']);
    clock.advance(500); // nobody reads yet: a slow consumer is not a stalled server
    const reader = response.body!.getReader();
    const first = reader.read();
    clock.advance(40);
    fake.push('a');
    expect(new TextDecoder().decode((await first).value)).toBe('a');
    const second = reader.read();
    clock.advance(40);
    fake.push('b');
    await second;
    const third = reader.read();
    fake.end();
    expect((await third).done).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('fails a body silent for idleTimeoutMs while read, with the stall as the read error', async () => {
    const clock = new ManualClock();
    const fake = fakeFetch();
    const pending = timedFetch(fake.fetchImpl, TIMEOUTS, clock.start)('http://x/v1');
    fake.respondWithBody();
    const text = (await pending).text().catch((e: unknown) => e);
    await flush();
    fake.push('{"partial":');
    await flush();
    clock.advance(50);
    const error = await text;
    expect(error).toMatchObject({ name: 'LlmStallError', kind: 'idle', option: 'idleTimeoutMs' });
    expect(fake.signal()?.aborted).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('fails a response not done within timeoutMs, even if it trickles', async () => {
    const clock = new ManualClock();
    const fake = fakeFetch();
    const pending = timedFetch(fake.fetchImpl, TIMEOUTS, clock.start)('http://x/v1');
    fake.respondWithBody();
    const text = (await pending).text().catch((e: unknown) => e);
    for (let t = 0; t < 1000; t += 40) {
      await flush();
      fake.push('.');
      await flush();
      clock.advance(40);
    }
    expect(await text).toMatchObject({ kind: 'total', message: 'the response was not complete within 1000 ms' });
  });

  it('passes a caller abort through, with its reason, and clears its timers', async () => {
    const clock = new ManualClock();
    const fake = fakeFetch();
    const caller = new AbortController();
    const pending = timedFetch(
      fake.fetchImpl,
      TIMEOUTS,
      clock.start,
    )('http://x/v1', { signal: caller.signal }).catch((e: unknown) => e);
    const reason = new Error('caller left');
    caller.abort(reason);
    expect(await pending).toBe(reason);
    expect(clock.pending).toBe(0);
  });

  it('keeps its words clear of /timed? ?out/, so the openai SDK keeps it as the cause', () => {
    for (const kind of ['firstByte', 'idle', 'total'] as const)
      expect(String(new LlmStallError(kind, 5))).not.toMatch(/timed? ?out/i);
  });
});

describe('stalled requests against the simulator', () => {
  let sim: SimServer;
  beforeAll(async () => {
    sim = await startSim({ timeScale: 0.01 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.setFaults({});
    sim.resetMetrics();
  });
  // One timeout short (the one under test), the other far away, so load cannot trip the wrong one.
  const short: LlmOptions = { firstByteTimeoutMs: 200, idleTimeoutMs: 10_000, retry: { maxRetries: 8 } };
  const shortIdle: LlmOptions = { firstByteTimeoutMs: 10_000, idleTimeoutMs: 200 };

  it('a stalled batch is retried once the head is overdue, and every caller gets its answer', async () => {
    sim.setFaults({ stallRate: 1 });
    const llm = simLlm(sim, { ...short, maxBatchSize: 4 });
    const start = performance.now();
    const calls = Promise.all(['a', 'b', 'c', 'd'].map((p) => firstValueFrom(llm.complete(p))));
    await waitFor(() => (sim.metrics().faults.stall >= 1 ? true : undefined), 10_000);
    sim.setFaults({}); // the retry is served
    const texts = await calls;
    expect(texts.every((t) => t.startsWith('[sim]'))).toBe(true);
    expect(performance.now() - start).toBeLessThan(15_000); // was 600 s (the SDK's timeout) per stalled attempt
    expect(sim.metrics().completed.completions).toEqual({ a: 1, b: 1, c: 1, d: 1 });
    await llm.close();
  });

  it('fails with an EpicLlmError naming firstByteTimeoutMs once the retries are spent', async () => {
    sim.setFaults({ stallRate: 1 });
    const llm = simLlm(sim, { ...short, retry: { maxRetries: 1 } });
    const error = await firstValueFrom(llm.chat('stuck')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EpicLlmError);
    expect((error as Error).message).toBe(
      'chat request failed: no response within 200 ms (firstByteTimeoutMs) (after 2 attempts)',
    );
    expect((error as Error).cause).toMatchObject({ cause: { name: 'LlmStallError', kind: 'firstByte' } });
    expect(sim.metrics().faults.stall).toBe(2);
    await llm.close();
  });

  it('a body that stops fails with idleTimeoutMs, for a plain answer and for a stream', async () => {
    sim.setFaults({ stallBodyRate: 1 });
    const options: LlmOptions = {
      baseURL: sim.url,
      apiKey: 'sk-test',
      env: {},
      ...shortIdle,
      retry: { maxRetries: 0 },
    };
    const llm = simLlm(sim, options);
    const plain = await firstValueFrom(llm.chat('half')).catch((e: unknown) => e);
    expect((plain as Error).message).toBe(
      'chat request failed: the response stopped: nothing received for 200 ms (idleTimeoutMs)',
    );
    await llm.close();
    const retrying = simLlm(sim, { ...shortIdle, retry: { maxRetries: 8 } });
    const answer = firstValueFrom(retrying.chat('half, then whole'));
    await waitFor(() => (sim.metrics().faults.stallBody >= 2 ? true : undefined), 10_000);
    sim.setFaults({});
    expect(await answer).toMatch(/^\[sim\] /); // the stalled body was retried like any transient error
    await retrying.close();
    sim.setFaults({ stallBodyRate: 1 });
    sim.resetMetrics();
    const config = resolveLlmConfig(options);
    const backend = createBackend(config);
    const send = createRequester(backend, config);
    const body = { model: 'm', messages: [{ role: 'user' as const, content: 'stream' }], stream: true as const };
    const chunks: unknown[] = [];
    const streamed = await lastValueFrom(
      send('chat', async function* (client, signal) {
        yield* await client.chat.completions.create(body, { signal });
      }).pipe(tap((chunk) => chunks.push(chunk))),
    ).catch((e: unknown) => e);
    expect((streamed as Error).message).toBe(
      'chat request failed: the response stopped: nothing received for 200 ms (idleTimeoutMs)',
    );
    expect(chunks).toHaveLength(1); // the stream's first event arrived, then nothing
    expect(sim.metrics().faults.stallBody).toBe(1);
    await backend.close();
  });

  it('a stream that lasts longer than the idle timeout, its events coming often, is not cut', async () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    const paced = await startSim({ overheadMs: 0, ttftMs: 0, perTokenMs: 50, responder: () => words }); // 2 s, a token every 50 ms
    const config = resolveLlmConfig({
      baseURL: paced.url,
      apiKey: 'sk-test',
      env: {},
      idleTimeoutMs: 800,
      retry: { maxRetries: 0 },
    });
    const backend = createBackend(config);
    const send = createRequester(backend, config);
    const body = { model: 'm', messages: [{ role: 'user' as const, content: 'long' }], stream: true as const };
    const chunks = await lastValueFrom(
      send('chat', async function* (client, signal) {
        yield* await client.chat.completions.create(body, { signal });
      }).pipe(toArray()),
    );
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(words);
    expect(paced.metrics().requests.chat).toEqual({ '200': 1 });
    await backend.close();
    await paced.close();
  });
});
