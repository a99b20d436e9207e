/**
 * A batch's gate pauses for the 429s of its own runs' requests only: scoped by async context,
 * checked over real HTTP (the simulator on 127.0.0.1, through the openai SDK's fetch, the Llm's
 * limiter, batcher, sharing and retries), with two batches, or a batch and an unrelated Llm, in
 * this one process. Every expectation is counted from what the simulator refused, not from timing.
 */
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { localRateGate, type CallGate } from '../../lib/batch/rate-gate.js';
import { pauseOnRateLimit } from '../../lib/batch/rate-limit-scope.js';
import { runBatch, type BatchResult } from '../../lib/batch/run-batch.js';
import { external, program } from '../../lib/index.js';
import type { Llm } from '../../lib/llm/index.js';
import { callerContext, createRateLimitPause, onLlmRateLimited } from '../../lib/llm/rate-limited.js';
import { startSim, type SimRequestEvent, type SimServer } from '../../lib/sim/index.js';
import { simLlm } from '../llm/helpers.js';

/** A 429 as the openai SDK reports it, with a Retry-After hint in ms. */
const tooMany = (ms: number) => ({ status: 429, headers: { 'retry-after-ms': String(ms) } });

/** A gate that holds nothing but pauses, and keeps the length of each pause it is given. */
function countingGate(): CallGate & { readonly pauses: number[] } {
  const gate = localRateGate(Infinity);
  const pauses: number[] = [];
  return { ...gate, pauses, pause: (ms) => (pauses.push(ms), gate.pause(ms)) };
}

describe('pauseOnRateLimit', () => {
  it('pauses its gate for the 429s of calls made within its scope, once each, until stopped', () => {
    const [a, b] = [countingGate(), countingGate()];
    const [scopeA, scopeB] = [pauseOnRateLimit(a), pauseOnRateLimit(b)];
    const endpoint = createRateLimitPause({});
    const [inA, inB, outside] = [scopeA.within(callerContext), scopeB.within(callerContext), callerContext()];
    scopeA.within(() => endpoint.note('chat', tooMany(100))); // a call of A, where it was made
    endpoint.note('chat', tooMany(200), [inB]); // a call of B, wherever the error arrives
    endpoint.note('complete', tooMany(300), [inA, inB, inA]); // one request carrying calls of both
    endpoint.note('chat', tooMany(400), [outside]); // a call of neither
    endpoint.note('chat', tooMany(500)); // here: outside both
    scopeA.within(() => endpoint.note('chat', { status: 500, headers: { 'retry-after-ms': '9000' } })); // not a 429
    scopeA.stop();
    endpoint.note('chat', tooMany(600), [inA, inB]);
    scopeB.stop();
    endpoint.note('chat', tooMany(700), [inB]);
    expect([a.pauses, b.pauses]).toEqual([
      [100, 300],
      [200, 300, 600],
    ]);
  });
});

describe('two batches in one process, over HTTP', () => {
  let sims: SimServer[] = [];
  let llms: Llm[] = [];
  afterEach(async () => {
    await Promise.all(llms.map((llm) => llm.close()));
    await Promise.all(sims.map((sim) => sim.close()));
    [sims, llms] = [[], []];
  });

  /** A simulator refusing its first `refusals` requests with a 429 (Retry-After 20 ms), logging each request. */
  const startRefusing = async (refusals: number, log: SimRequestEvent[] = []): Promise<SimServer> => {
    const sim = await startSim({
      overheadMs: 0,
      ttftMs: 1,
      perTokenMs: 0,
      faults: { rateLimitStorms: [{ kind: 'firstRequests', count: refusals }], retryAfterMs: 20 },
      onRequest: (event) => log.push(event),
    });
    sims.push(sim);
    return sim;
  };
  const llmOf = (sim: SimServer, maxConcurrency = 8): Llm => {
    const llm = simLlm(sim, { maxConcurrency, retry: { maxRetries: 20 } });
    llms.push(llm);
    return llm;
  };
  type Operation = 'chat' | 'complete' | 'embed';
  /** A batch of `size` items named `name0`, `name1`, …, each making two calls of `operation` of `llm`. */
  const batchOf = (name: string, llm: Llm, operation: Operation, gate: CallGate, size = 24) => {
    const ask = llm[operation];
    const prog = program({ ask }, (q: string) => [ask(q), ask(`${q}?`)]);
    const items = Array.from({ length: size }, (_, i) => ({ index: i, args: [`${name}${i}`] }));
    return lastValueFrom(runBatch(prog, items, { gate, concurrency: 8 }).pipe(toArray()));
  };
  const failures = (results: BatchResult[]) => results.filter((r) => 'error' in r);

  it.each<Operation>(['chat', 'complete', 'embed'])(
    'each with its own Llm (%s): a batch pauses for its own 429s only',
    async (operation) => {
      const [simA, simB] = await Promise.all([startRefusing(3), startRefusing(2)]);
      const [gateA, gateB] = [countingGate(), countingGate()];
      const results = await Promise.all([
        batchOf('A', llmOf(simA), operation, gateA),
        batchOf('B', llmOf(simB), operation, gateB),
      ]);
      expect(results.flatMap(failures)).toEqual([]);
      expect([gateA.pauses.length, gateB.pauses.length]).toEqual([3, 2]);
    },
  );

  it.each<[Operation, number]>([
    ['chat', 1],
    ['complete', 8],
  ])(
    'sharing one Llm (%s, maxConcurrency %i): a batch pauses for each refused request that carried a call of its own',
    async (operation, maxConcurrency) => {
      const log: SimRequestEvent[] = [];
      // 20: more than the calls of batch A's first runs, so some of B's requests meet a 429 too
      const llm = llmOf(await startRefusing(20, log), maxConcurrency);
      const [gateA, gateB] = [countingGate(), countingGate()];
      const results = await Promise.all([batchOf('A', llm, operation, gateA), batchOf('B', llm, operation, gateB)]);
      expect(results.flatMap(failures)).toEqual([]);
      const refused = log.filter((event) => event.fault === 'rateLimit');
      const carried = (name: string) => refused.filter((event) => event.prompts.some((p) => p.startsWith(name))).length;
      expect(refused).toHaveLength(20);
      expect([gateA.pauses.length, gateB.pauses.length]).toEqual([carried('A'), carried('B')]);
    },
  );

  it('a batch does not pause for an Llm used outside it (e.g. by a web server) meanwhile', async () => {
    const [elsewhere, own] = [llmOf(await startRefusing(2)), llmOf(await startRefusing(0))];
    const heard: number[] = [];
    const listening = onLlmRateLimited(({ retryAfterMs }) => heard.push(retryAfterMs));
    try {
      const answered = firstValueFrom(elsewhere.chat('not the batch')); // subscribed outside the batch
      // the batch runs until that call has met its two 429s and been answered
      const ask = external(async (q: string) => (await answered, firstValueFrom(own.chat(q))));
      const gate = countingGate();
      const results = await lastValueFrom(
        runBatch(
          program({ ask }, (q: string) => ask(q)),
          [{ index: 0, args: ['x'] }],
          { gate },
        ).pipe(toArray()),
      );
      expect(failures(results)).toEqual([]);
      expect([heard, gate.pauses]).toEqual([[20, 20], []]);
    } finally {
      listening();
    }
  });
});
