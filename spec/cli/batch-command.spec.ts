import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultResponder, startSim, type SimServer } from '../../lib/sim/index.js';
import { epic } from './cli-harness.js';

const PROGRAM = 'spec/batch/fixtures/two-questions.ts';
const ITEMS = 30;

let dir: string;
let sim: SimServer;
/**
 * Called by the simulator's responder with the number of prompts it has answered so far; a
 * Promise it returns holds that answer back (so a request can be surely in flight when it acts).
 */
let onPrompt: (count: number) => void | Promise<void> = () => {};
let prompts = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epic-batch-cli-'));
  sim = await startSim({
    overheadMs: 1,
    ttftMs: 5,
    perTokenMs: 1,
    slots: Infinity,
    responder: async (request) => {
      await onPrompt(++prompts);
      return defaultResponder(request);
    },
  });
  vi.stubEnv('OPENAI_BASE_URL', sim.url);
  vi.stubEnv('OPENAI_API_KEY', 'sk-sim');
  await writeFile(
    join(dir, 'items.jsonl'),
    Array.from({ length: ITEMS }, (_, i) => JSON.stringify([`topic ${i}`, i])).join('\n'),
  );
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

const lines = async (path: string) =>
  (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
/** The prompts of the chat calls recorded in a journal file. */
const journaledPrompts = async (path: string) =>
  (await lines(path)).map((e) => JSON.parse(/^chat\((.*)\)#\d+$/.exec(e.call as string)![1]!)[0] as string);

describe('epic batch', () => {
  it('interrupted, then rerun, finishes every item once without sending a finished call again', async () => {
    const whole = join(dir, 'whole.jsonl');
    expect(
      (await epic(['batch', PROGRAM, '--input', join(dir, 'items.jsonl'), '--out', whole, '--concurrency', '4'])).code,
    ).toBe(0);
    const expected = (await lines(whole)).map((r) => r.value);
    expect(expected.map((v) => (v as { n: number }).n)).toEqual(Array.from({ length: ITEMS }, (_, i) => i));

    const out = join(dir, 'resumed.jsonl');
    const stop = new AbortController();
    const first = prompts;
    onPrompt = (count) => {
      if (count - first !== 15) return;
      stop.abort(new Error('Ctrl-C'));
      // this answer waits until the client has closed the request (Ctrl-C aborts it): never answered
      return new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
    };
    const interrupted = await epic(
      ['batch', PROGRAM, '--input', join(dir, 'items.jsonl'), '--out', out, '--concurrency', '4'],
      { signal: stop.signal },
    );
    onPrompt = () => {};
    expect(interrupted.code, interrupted.stderr).toBe(1);
    expect(interrupted.stderr).toMatch(
      /interrupted: \d+ of 30 items have values in .*resumed\.jsonl; run the same command again/,
    );
    // the request being answered when Ctrl-C came was aborted by the client (the server sees the close a little later)
    await vi.waitFor(() => expect(sim.metrics().earlyCloses.length).toBeGreaterThan(0), { timeout: 5000 });
    const kept = await lines(out);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(ITEMS);
    const journaled = await journaledPrompts(`${out}.journal`);
    // the finished items' calls, and some of unfinished ones
    expect(journaled.length).toBeGreaterThan(2 * kept.length - 1);

    sim.resetMetrics();
    const rerun = await epic([
      'batch',
      PROGRAM,
      '--input',
      join(dir, 'items.jsonl'),
      '--out',
      out,
      '--concurrency',
      '4',
    ]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain(`${kept.length} of 30 items already have values`);
    const resent = Object.keys(sim.metrics().completed.chat).filter((p) => journaled.includes(p));
    expect(resent).toEqual([]);
    const final = await lines(out);
    expect(final.map((r) => r.index)).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
    expect(final.map((r) => r.value)).toEqual(expected);
    expect(final.reduce((n, r) => n + (r.replayed as number), 0)).toBeGreaterThan(0);
  });

  it('with --calls-per-second, sends every call through the rate gate and gets the same values', async () => {
    const input = join(dir, 'few.jsonl');
    await writeFile(input, ['["gated", 1]', '["gated", 2]', '["gated", 3]'].join('\n'));
    const free = join(dir, 'free.jsonl');
    const gated = join(dir, 'gated.jsonl');
    expect((await epic(['batch', PROGRAM, '--input', input, '--out', free])).code).toBe(0);
    sim.resetMetrics();
    const r = await epic(['batch', PROGRAM, '--input', input, '--out', gated, '--calls-per-second', '200']);
    expect(r.code, r.stderr).toBe(0);
    expect(sim.metrics().promptsServed).toBe(6);
    expect((await lines(gated)).map((l) => l.value)).toEqual((await lines(free)).map((l) => l.value));
    expect(
      (
        await epic([
          'batch',
          PROGRAM,
          '--input',
          input,
          '--out',
          gated,
          '--queue',
          'redis://127.0.0.1:1',
          '--calls-per-second',
          '5',
        ])
      ).stderr,
    ).toMatch(/give --calls-per-second to each `epic worker`/);
  });

  it('reads CSV rows as one object argument and writes a located error line for a failing item', async () => {
    const csv = join(dir, 'rows.csv');
    await writeFile(csv, 'topic,n\nbirds,1\n');
    const out = join(dir, 'rows.jsonl');
    const r = await epic(['batch', PROGRAM, '--input', csv, '--out', out]);
    // the program takes (topic, n), and a CSV row is one argument: the item fails, located
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('1 items failed; their lines in');
    const [line] = await lines(out);
    expect(line).toMatchObject({ index: 0, calls: 0 });
    expect(line!.error).toMatch(/^EpicRuntimeError: Function two-questions expects 2 arguments but was called with 1 /);
    expect(line!.error).toMatch(/\n {2}at .*two-questions\.ts:\d+:\d+ \(in two-questions\)/);
  });

  it('fails before loading anything on a bad input line, and with a usage error without --out', async () => {
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, '["a", 1]\n{nope\n');
    const r = await epic(['batch', PROGRAM, '--input', bad, '--out', join(dir, 'bad-out.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^EpicError: .*bad\.jsonl:2: not JSON/);
    expect((await epic(['batch', PROGRAM, '--input', bad])).code).toBe(2);
    expect((await epic(['batch', PROGRAM, '--input', bad, '--out', 'x.jsonl', '--concurrency', '0'])).code).toBe(2);
  });
});
