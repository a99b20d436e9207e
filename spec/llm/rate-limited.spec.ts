import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Llm } from '../../lib/llm/index.js';
import {
  createRateLimitPause,
  LLM_RATE_LIMITED,
  onLlmRateLimited,
  type LlmRateLimited,
} from '../../lib/llm/rate-limited.js';
import { startSim, type SimServer } from '../../lib/sim/index.js';
import { responses, simLlm } from './helpers.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A 429 as the openai SDK reports it, with a Retry-After hint in ms. */
const tooMany = (ms: number) => ({ status: 429, headers: { 'retry-after-ms': String(ms) } });

describe('createRateLimitPause (virtual time)', () => {
  it('holds attempts until the hint has passed, and waits out a pause extended meanwhile', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pause = createRateLimitPause({ scheduler });
      expectObservable(pause.hold(cold('a|'))).toBe('a|'); // no pause: at once
      scheduler.schedule(() => pause.note('chat', tooMany(100)), 10); // until 110
      scheduler.schedule(() => pause.note('complete', tooMany(200)), 50); // until 250
      expectObservable(pause.hold(cold('x|')), '20ms ^').toBe('250ms x|');
      expectObservable(pause.hold(cold('y|')), '300ms ^').toBe('300ms y|');
    });
  });

  it('ignores errors that are not a 429 with a hint, and cuts a hint to maxRetryAfterMs', () => {
    const scheduler = newScheduler();
    const heard: LlmRateLimited[] = [];
    const stop = onLlmRateLimited((event) => heard.push(event));
    scheduler.run(({ cold, expectObservable }) => {
      const pause = createRateLimitPause({ scheduler, maxRetryAfterMs: 30 });
      pause.note('chat', { status: 500, headers: { 'retry-after-ms': '100' } });
      pause.note('chat', { status: 429, headers: {} });
      pause.note('chat', new Error('socket hang up'));
      expectObservable(pause.hold(cold('a|'))).toBe('a|');
      scheduler.schedule(() => pause.note('embed', tooMany(100)), 5); // cut to 30: until 35
      expectObservable(pause.hold(cold('b|')), '10ms ^').toBe('35ms b|');
    });
    stop();
    createRateLimitPause({}).note('chat', tooMany(5)); // after stop: not heard
    expect(heard).toEqual([{ retryAfterMs: 30, operation: 'embed' }]);
  });
});

describe('an Llm meeting a 429 (over HTTP)', () => {
  let sim: SimServer;
  afterEach(() => sim.close());

  it('holds its other requests until the Retry-After has passed, not only the refused one', async () => {
    const arrivals: { prompt: string; at: number; fault: string | undefined }[] = [];
    sim = await startSim({
      overheadMs: 0,
      ttftMs: 1,
      perTokenMs: 0,
      faults: { rateLimitStorms: [{ kind: 'firstRequests', count: 1 }], retryAfterMs: 400 },
      onRequest: ({ prompts, fault }) => arrivals.push({ prompt: prompts[0]!, at: performance.now(), fault }),
    });
    const llm = simLlm(sim);
    let second: Promise<string> | undefined;
    // the moment this process hears the 429, another call of the same Llm is made
    const stop = onLlmRateLimited(() => (second ??= firstValueFrom(llm.chat('second'))));
    try {
      await firstValueFrom(llm.chat('first'));
      await second;
    } finally {
      stop();
      await llm.close();
    }
    const [refused, ...after] = arrivals;
    expect(refused).toMatchObject({ prompt: 'first', fault: 'rateLimit' });
    expect(after.map((a) => [a.prompt, a.fault]).toSorted()).toEqual([
      ['first', undefined],
      ['second', undefined],
    ]);
    // lower bounds only: a loaded machine makes them later, never earlier (less a few ms: the
    // pause is on Date.now(), a timer may fire a ms early)
    for (const a of after) expect(a.at - refused!.at).toBeGreaterThanOrEqual(395);
  });
});

describe("a 429's report, published in the async context of each call its request carried (over HTTP)", () => {
  const context = new AsyncLocalStorage<string>();
  const heardIn: (string | undefined)[] = [];
  const record = (): void => void heardIn.push(context.getStore());
  let sim: SimServer;
  let llm: Llm;
  beforeEach(() => {
    heardIn.length = 0;
    subscribe(LLM_RATE_LIMITED, record);
  });
  afterEach(async () => {
    unsubscribe(LLM_RATE_LIMITED, record);
    await llm.close();
    await sim.close();
  });
  /** A simulator refusing its first `refusals` requests with a 429 (Retry-After 20 ms). */
  const refusing = (refusals: number) =>
    startSim({
      overheadMs: 0,
      ttftMs: 1,
      perTokenMs: 0,
      faults: { rateLimitStorms: [{ kind: 'firstRequests', count: refusals }], retryAfterMs: 20 },
    });

  it('identical deterministic chats made in two contexts share one request, and both hear its 429', async () => {
    sim = await refusing(1);
    llm = simLlm(sim);
    const ask = () => firstValueFrom(llm.chat('the same', { temperature: 0 }));
    const [x, y] = await Promise.all([context.run('x', ask), context.run('y', ask)]);
    expect([x, responses(sim, 'chat', '429'), responses(sim, 'chat')]).toEqual([y, 1, 1]);
    expect(heardIn.toSorted()).toEqual(['x', 'y']);
  });

  it('prompts of two contexts batched into one completions request both hear its 429', async () => {
    sim = await refusing(1);
    llm = simLlm(sim);
    const ask = (prompt: string) => () => firstValueFrom(llm.complete(prompt));
    await Promise.all([context.run('x', ask('a')), context.run('y', ask('b'))]);
    expect([responses(sim, 'completions', '429'), responses(sim, 'completions')]).toEqual([1, 1]);
    expect(heardIn.toSorted()).toEqual(['x', 'y']);
  });

  it('a request the limiter starts when another releases its slot hears its 429 in its own context', async () => {
    sim = await refusing(2); // x's first attempt, then y's, which starts as x's refused attempt leaves the slot
    llm = simLlm(sim, { maxConcurrency: 1 });
    const ask = (prompt: string) => () => firstValueFrom(llm.chat(prompt));
    await Promise.all([context.run('x', ask('x')), context.run('y', ask('y'))]);
    expect(heardIn).toEqual(['x', 'y']);
  });

  it('a streamed chat hears its 429 in the context that subscribed it', async () => {
    sim = await refusing(1);
    llm = simLlm(sim);
    await context.run('s', () => lastValueFrom(llm.chatStream('hi').source));
    expect(heardIn).toEqual(['s']);
  });
});
