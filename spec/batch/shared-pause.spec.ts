/**
 * A 429 seen by one worker holds every worker of the queue: two real `epic worker` processes
 * sharing a rate limit through a real redis-server, and the simulator (in this process) logging
 * when each request arrives and which worker sent it. Once both workers are sending, one request
 * is answered 429 with a Retry-After; from then until the Retry-After has passed no worker may
 * send anything — after a margin for calls already on their way when the 429 was sent.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collectFromQueue } from '../../lib/batch/queue.js';
import type { BatchResult } from '../../lib/batch/run-batch.js';
import { startSim, type SimServer } from '../../lib/sim/index.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { startWorker, stopWorker } from '../support/workers.js';

const PROGRAM = 'spec/batch/fixtures/tagged-question.ts';
const QUEUE = 'spec-shared-pause';
const ITEMS = 150;
const RETRY_AFTER_MS = 3000;
/** Calls admitted before the pause reached Redis may still arrive this long after the 429. */
const IN_FLIGHT_MARGIN_MS = 1000;
/** Clocks (Redis's TIME, Date.now(), timers) have ms granularity, and a timer may fire a ms early. */
const CLOCK_SLACK_MS = 20;

interface Arrival {
  readonly worker: string;
  readonly at: number;
  readonly refused: boolean;
}

let redis: RedisServer;
let sim: SimServer;
const arrivals: Arrival[] = [];
const workers: ChildProcess[] = [];

beforeAll(async () => {
  let stormed = false;
  const heard = (worker: string): number => arrivals.filter((a) => a.worker === worker).length;
  [redis, sim] = await Promise.all([
    startRedis(),
    startSim({
      overheadMs: 0,
      ttftMs: 5,
      perTokenMs: 1,
      slots: Infinity,
      onRequest: ({ prompts, fault }) => {
        arrivals.push({ worker: prompts[0]!.split(':')[0]!, at: performance.now(), refused: fault === 'rateLimit' });
        // once both workers are sending: the next request is refused
        if (!stormed && heard('A') >= 5 && heard('B') >= 5) {
          stormed = true;
          sim.setFaults({ rateLimitStorms: [{ kind: 'firstRequests', count: 1 }], retryAfterMs: RETRY_AFTER_MS });
        }
      },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all(workers.map(stopWorker));
  await Promise.all([sim?.close(), redis?.stop()]);
});

/** Starts `epic worker` tagged `name`; resolves once it says it is ready. */
function startTaggedWorker(name: string): Promise<ChildProcess> {
  const args = [PROGRAM, '--queue', redis.url, '--queue-name', QUEUE];
  const options = ['--concurrency', '4', '--calls-per-second', '50', '--progress-ms', '60000'];
  const env = { OPENAI_BASE_URL: sim.url, OPENAI_API_KEY: 'sk-sim', EPIC_SPEC_WORKER: name };
  const { child, ready } = startWorker([...args, ...options], env, 'tagged-question');
  workers.push(child);
  return ready;
}

it("after one worker's 429, no worker sends a request until its Retry-After has passed", async () => {
  await Promise.all([startTaggedWorker('A'), startTaggedWorker('B')]);
  const results: BatchResult[] = [];
  await collectFromQueue({
    url: redis.url,
    name: QUEUE,
    program: 'tagged-question',
    items: Array.from({ length: ITEMS }, (_, index) => ({ index, args: [`topic ${index}`] })),
    signal: new AbortController().signal,
    onResult: async (r) => void results.push(r),
  });
  expect(results.filter((r) => 'error' in r)).toEqual([]);
  expect(results).toHaveLength(ITEMS);

  const refused = arrivals.filter((a) => a.refused);
  expect(refused).toHaveLength(1);
  const { worker, at } = refused[0]!;
  const other = worker === 'A' ? 'B' : 'A';
  const during = arrivals.filter((a) => a.at > at + IN_FLIGHT_MARGIN_MS && a.at < at + RETRY_AFTER_MS - CLOCK_SLACK_MS);
  expect(during.map((a) => `${a.worker} at +${Math.round(a.at - at)} ms`)).toEqual([]);
  // not vacuous: the other worker was sending before the 429, and went on after the pause
  expect(arrivals.some((a) => a.worker === other && a.at < at)).toBe(true);
  expect(arrivals.filter((a) => a.worker === other && a.at >= at + RETRY_AFTER_MS).length).toBeGreaterThan(10);
}, 60_000);
