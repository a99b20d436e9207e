import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EpicError } from '../../../lib/errors.js';
import { checkAnswer } from '../../../demos/game24/check.js';
import { loadTotLog, logSolved, totLogRecord, valueCacheAfter } from '../../../demos/game24/log.js';
import { parsePuzzles, runPuzzles, selectPuzzles, type RunPuzzlesReport } from '../../../demos/game24/run.js';
import { startReplay } from '../../../demos/game24/session.js';
import type { Strategy } from '../../../lib/index.js';

/** GPT-4-like latency 5000× faster: sequential 900–949 makes about 3,500 requests. */
const TIME_SCALE = 0.0002;
/** The puzzles whose final trajectories the replay got wrong when it keyed proposals by prompt. */
const DIVERGED_BEFORE = [906, 913, 919, 930, 937, 949];

/** Runs `puzzles` of the shipped log, collecting the printed lines. */
async function run(
  puzzles: string,
  strategy: Strategy = 'opportunistic',
): Promise<{ report: RunPuzzlesReport; lines: string[] }> {
  const lines: string[] = [];
  const report = await runPuzzles({ puzzles, strategy, timeScale: TIME_SCALE, print: (line) => lines.push(line) });
  return { report, lines };
}

describe('all 50 shared puzzles, opportunistic', () => {
  const strategy = 'opportunistic';
  it("reproduce the log's final trajectories, solve count and value cache, carrying the cache from 900", async () => {
    const log = loadTotLog();
    const { report, lines } = await run('900-949', strategy);
    expect(report.runs.map((r) => r.record.idx)).toEqual(log.map((r) => r.idx));
    report.runs.forEach((r, i) => {
      expect(r.result.ys, `${r.record.idx}: final trajectories`).toEqual(r.record.ys);
      expect(r.result.ys.map((y) => (checkAnswer(r.record.steps[0]!.x, y) ? 1 : 0))).toEqual(
        r.record.infos.map((info) => info.r),
      );
      expect(r.result.cache, `${r.record.idx}: value cache`).toEqual(valueCacheAfter(log.slice(0, i + 1)));
    });
    const solved = log.filter(logSolved).length;
    expect(report).toMatchObject({ solved, logSolved: solved, asLogged: 50 });
    for (const idx of DIVERGED_BEFORE)
      expect(lines.find((l) => l.startsWith(`puzzle ${idx} `))).toContain('trajectories as logged: yes');
    expect(lines.at(-1)).toBe(
      `solved ${solved}/50 (the log: ${solved}/50) · trajectories as logged: 50/50 · ${strategy}, time scale ${TIME_SCALE}`,
    );
    expect(solved).toBe(35);
  }, 240_000);
});

// Sequentially, the strategy asks in another order: the puzzles a prompt-keyed replay got wrong
// are the ones that show whether the replay depends on that order (each from the cache rebuilt
// from the log records before it; all 50 sequentially are ~3,500 requests, in the benchmark).
describe('the puzzles sensitive to asking order, sequential', () => {
  it("reproduce the log's final trajectories and value cache", async () => {
    const log = loadTotLog();
    const { report } = await run(DIVERGED_BEFORE.join(','), 'sequential');
    expect(report.runs.map((r) => r.record.idx)).toEqual(DIVERGED_BEFORE);
    for (const r of report.runs) {
      const before = log.findIndex((x) => x.idx === r.record.idx);
      expect(r.result.ys, `${r.record.idx}: final trajectories`).toEqual(r.record.ys);
      expect(r.result.cache, `${r.record.idx}: value cache`).toEqual(valueCacheAfter(log.slice(0, before + 1)));
    }
    expect(report.asLogged).toBe(DIVERGED_BEFORE.length);
  }, 120_000);
});

describe('runPuzzles', () => {
  it('prints a line per puzzle, in log order, and the total against the log', async () => {
    const { report, lines } = await run('937,900');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^puzzle 900 \(4 5 6 10\): solved \(log: solved\) · trajectories as logged: yes · 85 prompts in 8 requests · \d+\.\d\d s$/,
    );
    expect(lines[1]).toMatch(
      /^puzzle 937 \(2 2 8 8\): (un)?solved \(log: (un)?solved\) · trajectories as logged: yes · \d+ prompts in \d+ requests · /,
    );
    expect(lines[2]).toMatch(
      /^solved \d\/2 \(the log: \d\/2\) · trajectories as logged: 2\/2 · opportunistic, time scale 0\.0002$/,
    );
    expect(report.runs.map((r) => r.solved)).toEqual(report.runs.map((r) => logSolved(r.record)));
  });

  it('starting at 910 from the cache rebuilt from the log gives what a run from 900 gives', async () => {
    const fromStart = await run('900-914');
    const from910 = await run('910-914');
    expect(from910.report.runs.map((r) => r.result)).toEqual(fromStart.report.runs.slice(10).map((r) => r.result));
    expect(from910.report.asLogged).toBe(5);
    // The rebuilt cache matters: from an empty one, 910 ends elsewhere (cached values outrank
    // ToT's "4 lines without an answer are worth 0").
    const record = totLogRecord(910);
    const session = await startReplay(record, { timeScale: 0 });
    try {
      expect((await session.program.evaluate(record.steps[0]!.x, {})).ys).not.toEqual(record.ys);
    } finally {
      await session.close();
    }
  });

  it('takes any log file in the format, and refuses a malformed one before running anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tot-run-'));
    const lines: string[] = [];
    try {
      const file = join(dir, 'two.json');
      writeFileSync(file, JSON.stringify(loadTotLog().slice(5, 7)));
      const report = await runPuzzles({ log: file, timeScale: 0, print: (line) => lines.push(line) });
      expect(report.runs.map((r) => r.record.idx)).toEqual([905, 906]);
      expect(report.asLogged).toBe(2);
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, JSON.stringify([{ ...loadTotLog()[0], infos: 'none' }]));
      await expect(runPuzzles({ log: broken, print: (line) => lines.push(line) })).rejects.toThrow(
        `${broken}: record 0 (puzzle 900): infos must be an array, got string "none"`,
      );
      expect(lines).toHaveLength(3); // 905, 906 and the total: nothing from the broken log
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('refuses a selection it cannot run, naming it', async () => {
    await expect(runPuzzles({ puzzles: '940-955', print: () => undefined })).rejects.toThrow(
      new EpicError('puzzles 950, 951, 952, 953, 954, 955 not in the log (it covers 900–949)'),
    );
    await expect(runPuzzles({ puzzles: 'all', print: () => undefined })).rejects.toThrow(
      /^puzzles "all": expected rows of 24\.csv/,
    );
    await expect(runPuzzles({ puzzles: [], print: () => undefined })).rejects.toThrow(/^no puzzles to run/);
  });
});

describe('choosing puzzles', () => {
  it('reads numbers, ranges and lists, and returns records in log order', () => {
    expect(parsePuzzles('900-902,910')).toEqual([900, 901, 902, 910]);
    expect(parsePuzzles(' 905 – 906 ')).toEqual([905, 906]);
    expect(selectPuzzles(loadTotLog(), '905,900-901').map((r) => r.idx)).toEqual([900, 901, 905]);
    expect(selectPuzzles(loadTotLog())).toHaveLength(50);
    expect(() => parsePuzzles('910-900')).toThrow('puzzles "910-900": the range 910-900 is empty');
    expect(() => parsePuzzles('9x')).toThrow(
      /^puzzles "9x": expected rows of 24\.csv such as 905, a range such as 900-949/,
    );
  });
});
