import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvItems, parseJsonlItems, readItems } from '../../lib/batch/read-items.js';

describe('parseJsonlItems', () => {
  it('takes an array line as the argument list and any other value as the one argument; skips blank lines', () => {
    expect(parseJsonlItems('[1, "a"]\n\n"text"\n{"k":1}\n[[1,2]]\n', 'in.jsonl')).toEqual([
      { index: 0, args: [1, 'a'] },
      { index: 1, args: ['text'] },
      { index: 2, args: [{ k: 1 }] },
      { index: 3, args: [[1, 2]] },
    ]);
  });

  it('names the file and line of a line that is not JSON', () => {
    expect(() => parseJsonlItems('1\n\n{oops\n', 'in.jsonl')).toThrow(
      /^in\.jsonl:3: not JSON \(.*\); each line must be one JSON value$/,
    );
  });
});

describe('parseCsvItems', () => {
  it('makes one object per row from the header, with quoted commas, quotes and newlines', () => {
    const csv = 'name,note\r\nAda,"likes ""math"", logic"\nBob,"two\nlines"\n\n';
    expect(parseCsvItems(csv, 'in.csv')).toEqual([
      { index: 0, args: [{ name: 'Ada', note: 'likes "math", logic' }] },
      { index: 1, args: [{ name: 'Bob', note: 'two\nlines' }] },
    ]);
  });

  it('names the line of a row with the wrong number of fields, and of an unclosed quote', () => {
    expect(() => parseCsvItems('a,b\n1,2\n3\n', 'in.csv')).toThrow('in.csv:3: 1 fields, but the header has 2 (a, b)');
    expect(() => parseCsvItems('a\n"open\nstill\n', 'in.csv')).toThrow(/^in\.csv:2: a quoted field is never closed/);
    expect(() => parseCsvItems('', 'in.csv')).toThrow(/the CSV file is empty/);
    expect(() => parseCsvItems('a,a\n1,2\n', 'in.csv')).toThrow('in.csv:1: the header names the column "a" twice');
  });
});

describe('readItems', () => {
  it('chooses the format by extension and says which are accepted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'epic-items-'));
    await writeFile(join(dir, 'a.csv'), 'x\n1\n');
    await writeFile(join(dir, 'a.ndjson'), '[1]\n');
    expect(await readItems(join(dir, 'a.csv'))).toEqual([{ index: 0, args: [{ x: '1' }] }]);
    expect(await readItems(join(dir, 'a.ndjson'))).toEqual([{ index: 0, args: [1] }]);
    await expect(readItems(join(dir, 'a.txt'))).rejects.toThrow(/expected a \.jsonl, \.ndjson or \.csv file/);
    await expect(readItems(join(dir, 'missing.jsonl'))).rejects.toThrow(/missing\.jsonl: no such file/);
  });
});
