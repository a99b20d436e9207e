import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawnBars } from '../timeline/svg-bars.js';
import { epic, withoutLlmEnvironment } from './cli-harness.js';

withoutLlmEnvironment();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epic-timeline-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.concurrent('--timeline', () => {
  it('epic run demos/trip-planner.ts --timeline t.html: an offline page with 4 bars, the 4th starting after the first 3', async () => {
    const file = join(dir, 't.html');
    const r = await epic(['run', 'demos/trip-planner.ts', '--timeline', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`timeline: 4 calls opportunistic drawn in ${file}`);
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/<script|https?:|src=|href=|@import/); // nothing to fetch, nothing to run
    const bars = drawnBars(html);
    expect(bars.map((b) => b.host)).toEqual(['weather', 'flights', 'hotels', 'plan']);
    const [fourth, ...firstThree] = [bars[3]!, ...bars.slice(0, 3)];
    for (const bar of firstThree) expect(fourth.x).toBeGreaterThanOrEqual(bar.x + bar.width - 1e-9);
    expect(bars.filter((b) => b.critical).at(-1)?.host).toBe('plan');
    const planLine =
      readFileSync('demos/trip-planner.ts', 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('plan(w, f, h)')) + 1;
    expect(html).toMatch(new RegExp(`>plan {2}demos/trip-planner\\.ts:${planLine}</text>`));
  });

  it('epic demo trip --timeline FILE: both runs, sequential beside opportunistic', async () => {
    const file = join(dir, 'demo.html');
    const r = await epic(['demo', 'trip', '--timeline', file]);
    expect(r.code, r.stderr).toBe(0);
    const bars = drawnBars(await readFile(file, 'utf8'));
    expect(bars.map((b) => `${b.panel} ${b.host}`)).toEqual([
      '0 weather',
      '0 flights',
      '0 hotels',
      '0 plan',
      '1 weather',
      '1 flights',
      '1 hotels',
      '1 plan',
    ]);
    const sequential = bars.filter((b) => b.panel === 1);
    sequential
      .slice(1)
      .forEach((bar, i) => expect(bar.x).toBeGreaterThanOrEqual(sequential[i]!.x + sequential[i]!.width - 1e-9));
    expect(sequential.every((b) => b.critical)).toBe(true);
  });

  it('draws a demo that has its own runner through the standard comparison (cities: the streamed list and its follow-ups)', async () => {
    const file = join(dir, 'cities.html');
    const r = await epic(['demo', 'cities', '--timeline', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('(--timeline: the standard comparison');
    const bars = drawnBars(await readFile(file, 'utf8'));
    const opportunistic = bars.filter((b) => b.panel === 0);
    expect(opportunistic.map((b) => b.host)).toEqual(['list', ...Array(10).fill('chat')]);
    const list = opportunistic[0]!;
    expect(opportunistic[1]!.x).toBeLessThan(list.x + list.width); // the first follow-up starts while the list streams
    expect(new Set(bars.map((b) => b.request)).size).toBe(22); // one request per call, each run
  });

  it('is a usage error beside the game24 replay options', async () => {
    const r = await epic(['demo', 'game24', '--puzzles', '900', '--timeline', join(dir, 'g.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeline does not go with --log, --puzzles/);
  });

  it('refuses an unwritable file before running', async () => {
    const missing = await epic(['run', 'demos/trip-planner.ts', '--timeline', join(dir, 'no-such-dir', 't.html')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot write the timeline file .*its directory does not exist/);
    expect(missing.stdout).toBe('');
  });
});
