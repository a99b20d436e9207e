/**
 * Timeline pictures of the case studies (`npm run bench -- timelines`): each case study runs once
 * opportunistically and once sequentially, watched through its events, and is drawn into
 * bench/results/timelines/<case>.html (lib/timeline; git-ignored, regenerated on every run):
 *
 * - tot: Tree-of-Thoughts on the Game of 24, puzzle 900 of the GPT-4 log replayed by the
 *   simulator (as bench/tot.ts, timeScale 0.02);
 * - cities: the streaming example, 10 cities (as bench/cities.ts, timeScale 0.1).
 *
 * The figures say what the pictures show — calls, requests, and the length of the critical path
 * (critical-path.ts) of each run — not timings: the timing figures are the case studies' own.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import { DEMO_CITIES } from '../demos/cities/demo.js';
import { createCities } from '../demos/cities/program.js';
import { loadTotLog } from '../demos/game24/log.js';
import { startReplay } from '../demos/game24/session.js';
import type { RunEvent } from '../lib/index.js';
import { criticalPath, runCalls, timelineHtml, type TimelineRun } from '../lib/timeline/index.js';
import type { Figure, Suite } from './harness.js';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'results', 'timelines');

/** A program as far as this suite needs it. */
interface Watchable<A extends readonly unknown[]> {
  with(options: { strategy: 'sequential' }): Watchable<A>;
  events(...args: A): Observable<RunEvent>;
}

/** Both runs' events, opportunistic first. */
async function bothWays<A extends readonly unknown[]>(prog: Watchable<A>, args: A): Promise<TimelineRun[]> {
  const opportunistic = await lastValueFrom(prog.events(...args).pipe(toArray()));
  const sequential = await lastValueFrom(
    prog
      .with({ strategy: 'sequential' })
      .events(...args)
      .pipe(toArray()),
  );
  return [
    { label: 'opportunistic', events: opportunistic },
    { label: 'sequential', events: sequential },
  ];
}

/** Writes the case's picture; its figures: per run, calls, requests and critical-path length. */
async function draw(name: string, title: string, runs: readonly TimelineRun[], log: (line: string) => void) {
  const file = join(OUT, `${name}.html`);
  await writeFile(file, timelineHtml(runs, { title }));
  log(`${name}: ${file}`);
  return runs.flatMap(({ label, events }) => {
    const { calls } = runCalls(events);
    const requests = new Set(calls.flatMap((c) => (c.request ? [c.request.id] : []))).size;
    const path = criticalPath(calls).length;
    const note = `of ${calls.length} calls in ${requests} requests`;
    const figure: Figure = { name: `${name}, ${label}: calls on the critical path`, value: path, unit: 'calls', note };
    return [figure];
  });
}

/** The timelines suite (see the module comment). */
export const suite: Suite = {
  name: 'timelines',
  description: 'timeline pictures of the case studies, opportunistic beside sequential (bench/results/timelines/)',
  async run(log) {
    await mkdir(OUT, { recursive: true });
    const record = loadTotLog().find((r) => r.idx === 900)!;
    const tot = await startReplay(record, { timeScale: 0.02 });
    let figures: Figure[];
    try {
      const runs = await bothWays(tot.program, [record.steps[0]!.x, {}] as [string, Record<string, never>]);
      const title = `Tree-of-Thoughts, Game of 24 puzzle ${record.idx} "${record.steps[0]!.x}"`;
      figures = await draw('tot', title, runs, log);
    } finally {
      await tot.close();
    }
    const cities = createCities({ timeScale: 0.1 });
    try {
      const runs = await bothWays(cities.streamed, [DEMO_CITIES] as [number]);
      figures = [...figures, ...(await draw('cities', `cities: ${DEMO_CITIES} cities, the list streamed`, runs, log))];
    } finally {
      await cities.llm.close();
    }
    return figures;
  },
};
