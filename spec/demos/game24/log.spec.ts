import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EpicError } from '../../../lib/errors.js';
import { loadTotLog, logRange, parseTotLog, totLogRecord, valueCacheAfter } from '../../../demos/game24/log.js';
import { valueCacheKey } from '../../../demos/game24/prompts.js';

/** The shipped log's first records as plain JSON data, to break in one place. */
function records(n = 3): Record<string, unknown>[] {
  return JSON.parse(JSON.stringify(loadTotLog().slice(0, n))) as Record<string, unknown>[];
}

/** The error `parseTotLog` gives for `data`. */
function errorFor(data: unknown): string {
  try {
    parseTotLog(typeof data === 'string' ? data : JSON.stringify(data), 'log.json');
  } catch (error) {
    expect(error).toBeInstanceOf(EpicError);
    return (error as Error).message;
  }
  throw new Error('expected the log to be refused');
}

type Step = Record<string, unknown[] | number | string>;
const stepOf = (rs: Record<string, unknown>[], r: number, s: number): Step => (rs[r]!['steps'] as Step[])[s]!;

describe('loading and validating a ToT log', () => {
  it('loads the shipped log: 50 puzzles, 900–949, 4 steps each', () => {
    const log = loadTotLog();
    expect(log.map((r) => r.idx)).toEqual(Array.from({ length: 50 }, (_, i) => 900 + i));
    expect(log.every((r) => r.steps.length === 4)).toBe(true);
    expect(logRange(log)).toBe('900–949');
    expect(totLogRecord(937).steps[0]!.x).toBe('2 2 8 8');
    expect(() => totLogRecord(950)).toThrow('The ToT log has no puzzle 950 (it covers 900–949)');
  });

  it('names the file, the record and the field at fault', () => {
    const rs = records();
    (stepOf(rs, 2, 2)['values'] as unknown[])[5] = 'likely';
    expect(errorFor(rs)).toBe(
      'log.json: record 2 (puzzle 902): steps[2].values[5] must be a number, got string "likely"',
    );
  });

  it.each([
    ['not JSON', () => '[{"idx": 900,', /^log\.json: not JSON \(/],
    ['not an array', () => ({ idx: 900 }), /^log\.json: expected an array of ToT log records, got an object$/],
    ['no records', () => [], /^log\.json: the log has no records$/],
    [
      'a record without idx',
      () => {
        const rs = records();
        delete rs[1]!['idx'];
        return rs;
      },
      /^log\.json: record 1: idx must be a row of 24\.csv \(an integer ≥ 0\), got nothing$/,
    ],
    [
      'three steps',
      () => {
        const rs = records();
        (rs[0]!['steps'] as unknown[]).pop();
        return rs;
      },
      /^log\.json: record 0 \(puzzle 900\): steps must have 4 entries, got 3$/,
    ],
    [
      'a step that is no object',
      () => {
        const rs = records();
        (rs[1]!['steps'] as unknown[])[3] = null;
        return rs;
      },
      /^log\.json: record 1 \(puzzle 901\): steps\[3\]: expected an object, got null$/,
    ],
    [
      'a missing new_ys',
      () => {
        const rs = records();
        delete stepOf(rs, 0, 1)['new_ys'];
        return rs;
      },
      /^log\.json: record 0 \(puzzle 900\): steps\[1\]\.new_ys must be an array, got nothing$/,
    ],
    [
      'a value too few',
      () => {
        const rs = records();
        (stepOf(rs, 1, 2)['values'] as unknown[]).pop();
        return rs;
      },
      /^log\.json: record 1 \(puzzle 901\): steps\[2\]\.values has \d+ entries for \d+ new_ys \(one per candidate\)$/,
    ],
    [
      "states that are not the step before's selection",
      () => {
        const rs = records();
        (stepOf(rs, 0, 2)['ys'] as unknown[]).reverse();
        return rs;
      },
      /^log\.json: record 0 \(puzzle 900\): steps\[2\]\.ys differs from steps\[1\]\.select_new_ys$/,
    ],
    [
      'another puzzle in one step',
      () => {
        const rs = records();
        stepOf(rs, 2, 3)['x'] = '1 1 1 1';
        return rs;
      },
      /^log\.json: record 2 \(puzzle 902\): steps\[3\]\.x is "1 1 1 1", but steps\[0\]\.x is "\d+ \d+ \d+ \d+"$/,
    ],
    [
      'a kept state never proposed',
      () => {
        const rs = records();
        (stepOf(rs, 0, 0)['select_new_ys'] as unknown[])[0] = 'x\n';
        return rs;
      },
      /^log\.json: record 0 \(puzzle 900\): steps\[0\]\.select_new_ys\[0\] is none of new_ys$/,
    ],
    [
      'final trajectories that are not the last selection',
      () => {
        const rs = records();
        (rs[1]!['ys'] as unknown[])[0] = 'x';
        return rs;
      },
      /^log\.json: record 1 \(puzzle 901\): ys differs from steps\[3\]\.select_new_ys$/,
    ],
    [
      'a reward that is not 0 or 1',
      () => {
        const rs = records();
        (rs[0]!['infos'] as unknown[])[2] = { r: 2 };
        return rs;
      },
      /^log\.json: record 0 \(puzzle 900\): infos\[2\]: expected \{ r: 0 \| 1 \}, got \{"r":2\}$/,
    ],
    [
      'a puzzle twice',
      () => {
        const rs = records();
        rs[2]!['idx'] = 900;
        return rs;
      },
      /^log\.json: record 2: idx 900 is also the idx of record 0$/,
    ],
  ])('refuses %s', (_, make, message) => {
    expect(errorFor(make())).toMatch(message);
  });

  it('says which file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tot-log-'));
    try {
      expect(() => loadTotLog(join(dir, 'missing.json'))).toThrow(/^Cannot read the ToT log .*missing\.json: ENOENT/);
      const file = join(dir, 'broken.json');
      writeFileSync(file, JSON.stringify([{ ...records(1)[0], steps: 'none' }]));
      expect(() => loadTotLog(file)).toThrow(
        `${file}: record 0 (puzzle 900): steps must be an array, got string "none"`,
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe("rebuilding ToT's value cache from a log", () => {
  it('holds every value prompt valued so far, with its logged value', () => {
    const log = loadTotLog();
    const cache = valueCacheAfter(log.slice(0, 2));
    const step = log[1]!.steps[1]!;
    const i = step.new_ys.findIndex((y, j) => step.new_ys.indexOf(y) === j && step.values[j]! > 0);
    expect(cache[valueCacheKey(step.x, step.new_ys[i]!)]).toBe(step.values[i]);
    expect(Object.keys(valueCacheAfter(log.slice(0, 1)))).toHaveLength(69); // puzzle 900 asked 69 value prompts
    expect(Object.keys(valueCacheAfter(log)).length).toBeGreaterThan(Object.keys(cache).length);
  });

  it('counts only the first of repeated candidates (ToT scores the repeats 0 without asking)', () => {
    const step = totLogRecord(937).steps[0]!;
    const twice = '8 - 2 = 6 (left: 2 6 8)\n';
    expect(step.new_ys.filter((y) => y === twice)).toHaveLength(2);
    expect(step.values[step.new_ys.lastIndexOf(twice)]).toBe(0);
    expect(valueCacheAfter([totLogRecord(937)])[valueCacheKey(step.x, twice)]).toBe(
      step.values[step.new_ys.indexOf(twice)],
    );
  });

  it('refuses a log that values one prompt twice differently, naming where', () => {
    const log = loadTotLog();
    const step = log[0]!.steps[1]!;
    const i = step.new_ys.findIndex((y, j) => step.new_ys.indexOf(y) === j && step.values[j]! > 0);
    const cache = { [valueCacheKey(step.x, step.new_ys[i]!)]: step.values[i]! + 1 };
    expect(() => valueCacheAfter(log.slice(0, 1), cache)).toThrow(
      new RegExp(
        `^puzzle 900: steps\\[1\\]\\.values\\[${i}\\] is ${step.values[i]}, but the run valued the same value prompt ${step.values[i]! + 1} before`,
      ),
    );
  });
});
