/**
 * Where errors point when `program()` is not called from the file that holds the function:
 * through a helper in another file (two real files, run under tsx in a child process, as a
 * user's program runs), or with a function that is in no file at all.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EpicSyntaxError } from '../../lib/errors.js';
import { program } from '../../lib/program.js';

const dir = mkdtempSync(join(tmpdir(), 'epic-rx-site-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lib = pathToFileURL(resolve('lib/index.ts')).href;

// The helper calls program() on line 15; the old alignment matched the user's `hosts` (an unknown
// name) to the `hosts` there and reported helper.ts:15:18.
const HELPER = [
  `import { program } from '${lib}';`,
  '',
  'const h = (x: number): number => x + 1;',
  'const g = (x: number): number => x * 2;',
  '',
  '/** Makes a program with the shared hosts. */',
  'export const makeProgram = (',
  '  fn: (x: number) => number,',
  '): unknown => {',
  '  const hosts = { h, g };',
  '  const label: string = "made";',
  '  if (label.length === 0) {',
  '    return undefined;',
  '  }',
  '  return program(hosts, fn, { name: "user" });',
  '};',
].join('\n');

const USER = [
  "import { makeProgram } from './helper.ts';",
  '',
  'declare const h: (x: number) => number;',
  '',
  'try {',
  '  makeProgram((x: number) => { const y: number = h(x); return hosts(y); });',
  '} catch (error) {',
  '  console.log((error as Error).message);',
  '}',
].join('\n');

function runUser(): string {
  writeFileSync(join(dir, 'helper.ts'), HELPER);
  writeFileSync(join(dir, 'user.ts'), USER);
  return execFileSync(process.execPath, ['--import', 'tsx', join(dir, 'user.ts')], { encoding: 'utf8' });
}

describe('program() called through a helper in another file', () => {
  it('points errors at the line of the user file that holds the function, not at the helper', () => {
    const message = runUser();
    const column = USER.split('\n')[5]!.indexOf('hosts') + 1;
    expect(message).toContain('Unknown name "hosts"');
    expect(message).toContain(`\n  at ${join(dir, 'user.ts')}:6:${column} (in user)\n`);
    expect(message).toContain('6 |   makeProgram((x: number) => { const y: number = h(x); return hosts(y); });\n');
    expect(message).not.toContain('helper.ts');
  });
});

describe('a function that is in no file on the stack', () => {
  it('keeps the location in the parsed text, with its excerpt and where program() was called', () => {
    const fn = new Function('return (x) => { throw x; }')() as (x: number) => number;
    let error: unknown;
    try {
      program({}, fn, { name: 'made' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EpicSyntaxError);
    const message = (error as Error).message;
    expect(message).toMatch(/\n {2}at made:1:\d+ \(defined at spec\/frontend\/definition-site\.spec\.ts:\d+\)\n/);
    expect(message).toContain('\n1 | (x) => { throw x; }\n');
  });
});
