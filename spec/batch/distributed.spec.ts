/**
 * The queue end to end: `epic batch --queue` (in-process) over 3 real `epic worker` processes
 * and a real redis-server, one worker SIGKILLed mid-run; the simulator (in this process) counts
 * every prompt it is sent.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runBatch } from '../../lib/batch/run-batch.js';
import { defaultResponder, startSim, type SimServer } from '../../lib/sim/index.js';
import { epic } from '../cli/cli-harness.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { startWorker, stopWorker } from '../support/workers.js';

const PROGRAM = 'spec/batch/fixtures/two-questions.ts';
const ITEMS = 200;
const QUEUE = 'spec-distributed';

let dir: string;
let redis: RedisServer;
let sim: SimServer;
let prompts = 0;
let onPrompt: (count: number) => void = () => {};
const workers: ChildProcess[] = [];

beforeAll(async () => {
  [dir, redis, sim] = await Promise.all([
    mkdtemp(join(tmpdir(), 'epic-distributed-')),
    startRedis(),
    startSim({
      overheadMs: 1,
      ttftMs: 10,
      perTokenMs: 2,
      slots: Infinity,
      responder: (request) => (onPrompt(++prompts), defaultResponder(request)),
    }),
  ]);
  vi.stubEnv('OPENAI_BASE_URL', sim.url);
  vi.stubEnv('OPENAI_API_KEY', 'sk-sim');
});
afterAll(async () => {
  await Promise.all(workers.map(stopWorker));
  vi.unstubAllEnvs();
  await Promise.all([sim?.close(), redis?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Starts `epic worker` as a process; resolves once it says it is ready. */
function startTwoQuestionsWorker(): Promise<ChildProcess> {
  const args = [PROGRAM, '--queue', redis.url, '--queue-name', QUEUE, '--concurrency', '8'];
  const options = ['--lock-ms', '1500', '--progress-ms', '60000'];
  const { child, ready } = startWorker(
    [...args, ...options],
    { OPENAI_BASE_URL: sim.url, OPENAI_API_KEY: 'sk-sim' },
    'two-questions',
  );
  workers.push(child);
  return ready;
}

it('200 items on 3 workers, one SIGKILLed mid-run: each item once, the same values, ≤ 1.05× the prompts', async () => {
  const argLists = Array.from({ length: ITEMS }, (_, i) => [`topic ${i}`, i]);
  const input = join(dir, 'items.jsonl');
  await writeFile(input, argLists.map((a) => JSON.stringify(a)).join('\n'));

  const starting = Promise.all([startTwoQuestionsWorker(), startTwoQuestionsWorker(), startTwoQuestionsWorker()]); // they wait for jobs meanwhile
  // the single-process run, for the values and the prompts of an uninterrupted run
  const local = await import('./fixtures/two-questions.js');
  const started = prompts;
  const alone = await lastValueFrom(
    runBatch(
      local.default,
      argLists.map((args, index) => ({ index, args })),
      { concurrency: 24 },
    ).pipe(toArray()),
  );
  await local.dispose();
  const uninterrupted = prompts - started;
  const expected = alone.toSorted((a, b) => a.index - b.index).map((r) => ('value' in r ? r.value : r.error));
  expect(uninterrupted).toBe(2 * ITEMS);

  const [victim] = await starting;
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const events = new QueueEvents(QUEUE, { connection });
  let stalled = 0;
  events.on('stalled', () => stalled++);
  await events.waitUntilReady();

  const before = prompts;
  onPrompt = (count) => {
    if (count - before === Math.round(uninterrupted / 3)) victim!.kill('SIGKILL');
  };
  const out = join(dir, 'out.jsonl');
  const r = await epic(['batch', PROGRAM, '--input', input, '--out', out, '--queue', redis.url, '--queue-name', QUEUE]);
  onPrompt = () => {};
  const sent = prompts - before;
  await events.close();
  connection.disconnect();

  expect(r.code, r.stderr).toBe(0);
  expect(victim!.signalCode).toBe('SIGKILL');
  expect(stalled).toBeGreaterThan(0); // the victim had jobs, and others took them over
  const lines = (await readFile(out, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { index: number; value: unknown });
  expect(lines.map((l) => l.index)).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
  expect(lines.map((l) => l.value)).toEqual(expected);
  expect(sent).toBeGreaterThanOrEqual(uninterrupted);
  expect(sent).toBeLessThanOrEqual(1.05 * uninterrupted);

  // the same batch again into a fresh --out: every job is already done on the queue, nothing is sent
  const again = join(dir, 'again.jsonl');
  const before2 = prompts;
  const r2 = await epic([
    'batch',
    PROGRAM,
    '--input',
    input,
    '--out',
    again,
    '--queue',
    redis.url,
    '--queue-name',
    QUEUE,
  ]);
  expect(r2.code, r2.stderr).toBe(0);
  expect(prompts).toBe(before2);
  expect(await readFile(again, 'utf8')).toBe(await readFile(out, 'utf8'));
}, 60_000);
