/**
 * Batch benchmark (`npm run bench -- batch`): the map-reduce demo (demos/map-reduce.ts) over
 * many inputs, against one embedded simulator in a worker thread (sim-thread.ts; default
 * latencies and 8 slots, `timeScale` 0.05): one input at a time (`prog.evaluate` in a loop), `epic batch` with concurrency 1 and
 * 50 (in-process, through `main`, journal file included), and `epic batch --queue` over 1, 2
 * and 4 `epic worker` processes (concurrency 50 each) on a real redis-server. Figures: items
 * per second and LLM requests per prompt (the simulator's counts).
 *
 * Inputs: demos/map-reduce-inputs.jsonl cycled, each document tagged with the item's number so
 * no two items share a prompt (the demo's deterministic calls would otherwise be shared in
 * flight). The two one-at-a-time modes run the first 100 items (500 would take minutes); the
 * others run all 500. Each worker has its own LLM client, so N workers send up to N× the
 * requests in flight that one does: flow control is not shared across workers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../lib/cli/main.js';
import { startRedis, type RedisServer } from '../spec/support/redis.js';
import type { Figure, Suite } from './harness.js';
import { startSimThread, type SimThread } from './sim-thread.js';

const ITEMS = 500;
const SLOW_ITEMS = 100;
const TIME_SCALE = 0.05;
const DEMO = 'demos/map-reduce.ts';

interface Measured {
  readonly items: number;
  readonly ms: number;
  readonly requests: number;
  readonly prompts: number;
}

const quiet = { write: () => true };

/** The inputs: the demo's input lines cycled to `n`, documents tagged with the item number. */
async function inputs(n: number): Promise<string[]> {
  const base = (await readFile('demos/map-reduce-inputs.jsonl', 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as [string[], string]);
  return Array.from({ length: n }, (_, i) => {
    const [docs, question] = base[i % base.length]!;
    return JSON.stringify([docs.map((d) => `${d} (item ${i})`), question]);
  });
}

async function measure(sim: SimThread, items: number, run: () => Promise<void>): Promise<Measured> {
  await sim.resetMetrics();
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  const { batchSizes } = await sim.metrics();
  return { items, ms, requests: batchSizes.length, prompts: batchSizes.reduce((a, b) => a + b, 0) };
}

/** `epic batch` in this process; throws unless it exits 0. */
async function epicBatch(args: string[]): Promise<void> {
  let err = '';
  const code = await main(['batch', DEMO, ...args], {
    stdout: quiet,
    stderr: { write: (s: string) => (err += s) },
    signal: new AbortController().signal,
  });
  if (code !== 0) throw new Error(`epic batch ${args.join(' ')} exited ${code}:\n${err}`);
}

function startWorker(redis: RedisServer, sim: SimThread, queue: string): Promise<ChildProcess> {
  const args = [
    'bin/epic.mjs',
    'worker',
    DEMO,
    '--queue',
    redis.url,
    '--queue-name',
    queue,
    '--concurrency',
    '50',
    '--progress-ms',
    '600000',
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, OPENAI_BASE_URL: sim.url, OPENAI_API_KEY: 'sk-bench' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes('ready for')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}):\n${err}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return child.exitCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM')));
}

function figures(name: string, m: Measured): Figure[] {
  return [
    {
      name: `${name}: items per second`,
      value: Math.round((m.items / m.ms) * 1000 * 10) / 10,
      unit: 'items/s',
      note: `${m.items} items in ${(m.ms / 1000).toFixed(1)} s`,
    },
    {
      name: `${name}: LLM requests per prompt`,
      value: Math.round((m.requests / m.prompts) * 1000) / 1000,
      unit: '',
      note: `${m.requests} requests, ${m.prompts} prompts`,
    },
  ];
}

export const suite: Suite = {
  name: 'batch',
  description:
    `the map-reduce demo over ${ITEMS} inputs: one at a time, epic batch concurrency 1 / 50, ` +
    `and 1 / 2 / 4 workers (simulator timeScale ${TIME_SCALE}, 8 slots)`,
  async run(log) {
    const [sim, redis, dir] = await Promise.all([
      startSimThread({ timeScale: TIME_SCALE }),
      startRedis(),
      mkdtemp(join(tmpdir(), 'epic-bench-batch-')),
    ]);
    const env = { OPENAI_BASE_URL: process.env.OPENAI_BASE_URL, OPENAI_API_KEY: process.env.OPENAI_API_KEY };
    process.env.OPENAI_BASE_URL = sim.url;
    process.env.OPENAI_API_KEY = 'sk-bench';
    const out: Figure[] = [];
    try {
      const lines = await inputs(ITEMS);
      const all = join(dir, 'all.jsonl');
      const slow = join(dir, 'slow.jsonl');
      await writeFile(all, `${lines.join('\n')}\n`);
      await writeFile(slow, `${lines.slice(0, SLOW_ITEMS).join('\n')}\n`);

      const demo = await import('../demos/map-reduce.js');
      const one = await measure(sim, SLOW_ITEMS, async () => {
        for (const line of lines.slice(0, SLOW_ITEMS))
          await demo.default.evaluate(...(JSON.parse(line) as [string[], string]));
      });
      await demo.dispose();
      log(`one at a time: ${(one.ms / 1000).toFixed(1)} s`);
      out.push(...figures(`one at a time (${SLOW_ITEMS} items)`, one));

      const c1 = await measure(sim, SLOW_ITEMS, () =>
        epicBatch(['--input', slow, '--out', join(dir, 'c1.jsonl'), '--concurrency', '1']),
      );
      log(`epic batch --concurrency 1: ${(c1.ms / 1000).toFixed(1)} s`);
      out.push(...figures(`epic batch, concurrency 1 (${SLOW_ITEMS} items)`, c1));

      const c50 = await measure(sim, ITEMS, () =>
        epicBatch(['--input', all, '--out', join(dir, 'c50.jsonl'), '--concurrency', '50']),
      );
      log(`epic batch --concurrency 50: ${(c50.ms / 1000).toFixed(1)} s`);
      out.push(...figures(`epic batch, concurrency 50 (${ITEMS} items)`, c50));
      const speedUp = c50.items / c50.ms / (one.items / one.ms);
      out.push({
        name: 'items per second, epic batch concurrency 50 ÷ one at a time',
        value: Math.round(speedUp * 100) / 100,
        unit: '×',
      });

      for (const n of [1, 2, 4]) {
        const queue = `bench-${n}-${Date.now()}`;
        const workers = await Promise.all(Array.from({ length: n }, () => startWorker(redis, sim, queue)));
        try {
          const m = await measure(sim, ITEMS, () =>
            epicBatch(['--input', all, '--out', join(dir, `w${n}.jsonl`), '--queue', redis.url, '--queue-name', queue]),
          );
          log(`${n} worker(s): ${(m.ms / 1000).toFixed(1)} s`);
          out.push(...figures(`${n} worker${n === 1 ? '' : 's'}, concurrency 50 each (${ITEMS} items)`, m));
        } finally {
          await Promise.all(workers.map(stop));
        }
      }
      return out;
    } finally {
      for (const [k, v] of Object.entries(env)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await Promise.all([sim.close(), redis.stop(), rm(dir, { recursive: true, force: true })]);
    }
  },
};
