import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOutputFile } from '../../lib/cli/output-file.js';
import { EpicError } from '../../lib/errors.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epic-output-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openOutputFile', () => {
  it('creates the file up front and replaces its content on commit', async () => {
    const path = join(dir, 'new.json');
    const file = await openOutputFile(path, 'trace file');
    expect(await readFile(path, 'utf8')).toBe('');
    await file.commit('first, longer text\n');
    await file.commit('second\n');
    await file.close();
    expect(await readFile(path, 'utf8')).toBe('second\n');
  });

  it('keeps an existing file untouched until commit, and after a close without one', async () => {
    const path = join(dir, 'existing.json');
    await writeFile(path, 'earlier\n');
    await (await openOutputFile(path, 'trace file')).close();
    expect(await readFile(path, 'utf8')).toBe('earlier\n');
    const file = await openOutputFile(path, 'trace file');
    await file.commit('new\n');
    await file.close();
    expect(await readFile(path, 'utf8')).toBe('new\n');
  });

  it('removes a file it created when closed without a commit', async () => {
    const path = join(dir, 'abandoned.json');
    await (await openOutputFile(path, 'trace file')).close();
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    ['a missing directory', () => join(dir, 'missing', 'out.json'), 'its directory does not exist'],
    ['a directory', () => dir, 'it is a directory'],
    ['a path under a file', () => join(dir, 'plain-file', 'out.json'), 'a parent of it is not a directory'],
  ])('fails at once with an EpicError naming the reason for %s', async (_case, path, reason) => {
    await writeFile(join(dir, 'plain-file'), '');
    const error = await openOutputFile(path(), 'trace file').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EpicError);
    expect((error as Error).message).toBe(`cannot write the trace file ${path()}: ${reason}`);
  });
});
