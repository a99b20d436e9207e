import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileJournal } from '../../lib/batch/journal.js';
import { openResultsFile } from '../../lib/batch/results-file.js';

const tmp = () => mkdtemp(join(tmpdir(), 'epic-batch-files-'));

describe('openFileJournal', () => {
  it('reads back what it recorded, ignores a torn last line and starts the next record on a fresh line', async () => {
    const path = join(await tmp(), 'out.jsonl.journal');
    const journal = await openFileJournal(path);
    await journal.record('0:h', 'ask(["a"])#0', '"A"');
    await journal.close();
    await appendFile(path, '{"item":"0:h","call":"ask(["b'); // the process died mid-write
    const again = await openFileJournal(path);
    expect([...(await again.load('0:h'))]).toEqual([['ask(["a"])#0', '"A"']]);
    await again.record('0:h', 'ask(["c"])#0', '"C"');
    await again.close();
    expect([...(await (await openFileJournal(path)).load('0:h'))]).toEqual([
      ['ask(["a"])#0', '"A"'],
      ['ask(["c"])#0', '"C"'],
    ]);
  });

  it('names a broken line that is not the last', async () => {
    const path = join(await tmp(), 'j');
    await writeFile(path, 'nope\n{"item":"0:h","call":"c","json":"1"}\n');
    await expect(openFileJournal(path)).rejects.toThrow(`${path}:1: the journal has a line that is not JSON`);
  });
});

describe('openResultsFile', () => {
  it('keeps the latest line per index, and rewrites the file in index order once every item has one', async () => {
    const path = join(await tmp(), 'out.jsonl');
    await writeFile(path, '{"index":1,"error":"E: x","calls":1,"replayed":0,"ms":1}\n{"index":0,"val');
    const file = await openResultsFile(path, 2);
    expect([...file.results.keys()]).toEqual([1]);
    await file.append({ index: 1, value: 'b', calls: 0, replayed: 1, ms: 1 });
    await file.append({ index: 0, value: undefined, calls: 1, replayed: 0, ms: 1 });
    await file.close();
    expect(
      (await readFile(path, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { index: 0, value: null, calls: 1, replayed: 0, ms: 1 },
      { index: 1, value: 'b', calls: 0, replayed: 1, ms: 1 },
    ]);
  });

  it('refuses a file whose lines are not results of this input', async () => {
    const path = join(await tmp(), 'out.jsonl');
    await writeFile(path, '{"index":5,"value":1}\n');
    await expect(openResultsFile(path, 3)).rejects.toThrow(`${path}:1: a result for item 5, but the input has 3 items`);
    await writeFile(path, '{"index":0}\n');
    await expect(openResultsFile(path, 3)).rejects.toThrow(`${path}:1: not a result line`);
  });
});
