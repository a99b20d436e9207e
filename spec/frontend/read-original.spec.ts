import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOriginal } from '../../lib/frontend/definition-site.js';

const dir = mkdtempSync(join(tmpdir(), 'epic-rx-original-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readOriginal', () => {
  it('looks for the file once, also when no file holds the function (then every lookup is cheap)', () => {
    const file = join(dir, 'user.ts');
    writeFileSync(file, 'export const nothing = 1;\n');
    const original = readOriginal('(x) => h(x)', { file, display: 'user.ts', line: 1, outer: [] });
    expect(original.position(1, 8)).toBeUndefined();
    // Were the file read again, the function would now be found: it must not be.
    writeFileSync(file, 'const p = program({ h }, (x) => h(x));\n');
    expect(original.position(1, 8)).toBeUndefined();
    expect(original.file).toBe('user.ts');
  });

  it('maps a function the file holds', () => {
    const file = join(dir, 'found.ts');
    writeFileSync(file, 'const p = program({ h }, (x: number) => h(x));\n');
    expect(readOriginal('(x) => h(x)', { file, display: 'found.ts', line: 1, outer: [] }).position(1, 8)).toEqual({
      line: 1,
      column: 41,
    });
  });
});
