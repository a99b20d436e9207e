import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadModule, loadProgram, programModule } from '../../lib/cli/load.js';
import { DEMOS } from '../../demos/index.js';
import type { Llm } from '../../lib/llm/index.js';
import { Program } from '../../lib/program.js';
import { parseTerm } from '../../lib/terms/parse.js';
import type { Lam } from '../../lib/terms/term.js';
import { epic } from './cli-harness.js';

/**
 * epic-rx as a user's program imports it: by path, from outside this package. (CommonJS modules
 * share one epic-rx instance through the require cache, so only the first pays for loading it.)
 */
const EPIC_RX = JSON.stringify(resolve('lib/index.js'));

/** A TypeScript program module: `double(n) + 1`, its input, and how to show its result. */
const TS_PROGRAM = [
  `import { external, program } from ${EPIC_RX};`,
  'const double = external((n: number) => n * 2);',
  'export const plusOne = program({ double }, (n: number) => double(n) + 1, { name: "plusOne" });',
  'export const input = [20];',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a module's source
  'export const show = (value: number): string => `= ${value}`;',
].join('\n');

/** The same program written as CommonJS JavaScript, exported as `module.exports`. */
const CJS_PROGRAM = [
  `const { external, program } = require(${EPIC_RX});`,
  'const double = external((n) => n * 2);',
  'module.exports = program({ double }, (n) => double(n) + 1, { name: "plusOne" });',
].join('\n');

let dir: string;

/** Writes `files` into a fresh package directory `name` with the given package.json. */
async function userPackage(name: string, packageJson: object, files: Record<string, string>): Promise<string> {
  const pkg = join(dir, name);
  await mkdir(pkg);
  await writeFile(join(pkg, 'package.json'), JSON.stringify(packageJson));
  for (const [file, text] of Object.entries(files)) await writeFile(join(pkg, file), text);
  return pkg;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epic-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('epic run on user modules outside this package', () => {
  it.each([
    ['a CommonJS package (no "type")', { name: 'user-cjs' }, 'plus-one.ts'],
    ['an ESM package ("type": "module")', { name: 'user-esm', type: 'module' }, 'plus-one.ts'],
    ['a .cts file in an ESM package', { name: 'user-cts', type: 'module' }, 'plus-one.cts'],
  ])('runs a TypeScript program in %s', async (_kind, packageJson, file) => {
    const pkg = await userPackage(packageJson.name, packageJson, { [file]: TS_PROGRAM });
    const r = await epic(['run', join(pkg, file)]);
    expect(r).toMatchObject({ code: 0, stdout: '= 41\n' });
    expect(r.stderr).toMatch(/^plusOne \(opportunistic\): 1 host call · /);
  });

  it('runs a CommonJS .cjs file that sets module.exports to a program', async () => {
    const pkg = await userPackage(
      'user-cjs-js',
      { name: 'user-cjs-js', type: 'module' },
      { 'plus-one.cjs': CJS_PROGRAM },
    );
    expect(await epic(['run', join(pkg, 'plus-one.cjs'), '--input', '1'])).toMatchObject({ code: 0, stdout: '3\n' });
  });
});

describe('loadModule', () => {
  it("evaluates an ESM module afresh on each load, so one load's dispose() leaves the next a working module", async () => {
    const file = DEMOS.find((d) => d.name === 'map-reduce')!.file;
    const first = await loadModule(file);
    await (first.dispose as () => Promise<void>)();
    const second = await loadModule(file);
    expect(second.llm).not.toBe(first.llm);
    const llm = second.llm as Llm;
    expect(typeof (await llm.ready()).url).toBe('string'); // the first load's Llm is closed; this one starts
    await (second.dispose as () => Promise<void>)();
  });

  it('registers at most one loader however many loads, and loads what the module imports once', async () => {
    const pkg = await userPackage('many-loads', { name: 'many-loads', type: 'module' }, { 'plus-one.ts': TS_PROGRAM });
    const register = vi.spyOn(module, 'register');
    try {
      const loads = [];
      for (let i = 0; i < 40; i++) loads.push(await loadModule(join(pkg, 'plus-one.ts')));
      // tsImport registered a loader (and a require hook) per load, never released: 40 here
      expect(register.mock.calls.length).toBeLessThanOrEqual(1);
      const programs = new Set(loads.map((m) => m.plusOne));
      const libraries = new Set(loads.map((m) => Object.getPrototypeOf(m.plusOne)));
      expect([programs.size, libraries.size]).toEqual([40, 1]); // a fresh module each time, one epic-rx
      expect(await (loads[39]!.plusOne as Program<[number], number>).evaluate(1)).toBe(3);
    } finally {
      register.mockRestore();
    }
  });
});

describe('loadProgram', () => {
  it('recognises the program of a module that loaded its own epic-rx instance, where instanceof fails', async () => {
    const pkg = await userPackage('second-instance', { name: 'second-instance' }, { 'plus-one.ts': TS_PROGRAM });
    const loaded = await loadProgram(join(pkg, 'plus-one.ts'));
    expect(loaded.program).not.toBeInstanceOf(Program);
    expect(loaded.exportName).toBe('plusOne');
    expect(loaded.input).toEqual([20]);
    expect(await loaded.program.evaluate(20)).toBe(41);
  });

  it("keeps a located error of the module's own epic-rx instance as it is", async () => {
    const pkg = await userPackage(
      'bad-source',
      { name: 'bad-source' },
      {
        'bad.ts': `import { program } from ${EPIC_RX};\nexport default program({}, (n: number) => undeclared(n));\n`,
      },
    );
    await expect(loadProgram(join(pkg, 'bad.ts'))).rejects.toMatchObject({
      name: 'EpicUnboundNameError',
      message: expect.stringMatching(/^Unknown name "undeclared"/),
    });
  });
});

describe('programModule', () => {
  it('finds a Program made by a second module instance of epic-rx', async () => {
    const other = tsxRequire(resolve('lib/index.ts'), import.meta.url) as typeof import('../../lib/index.js');
    expect(other.Program).not.toBe(Program);
    const foreign = other.program({}, (n: number) => n + 1, { name: 'foreign' });
    const found = programModule({ default: foreign, helper: () => 1 }, 'foreign.ts');
    expect(found.program).toBe(foreign);
    expect(found.exportName).toBe('default');
  });

  it('chooses by --export among several programs, and names them when none is chosen', () => {
    const a = Program.fromTerm(parseTerm('(fn () 1)', 'a') as Lam, {});
    const mod = { a, b: a.with({ name: 'b' }) };
    expect(programModule(mod, 'm.ts', 'b').exportName).toBe('b');
    expect(() => programModule(mod, 'm.ts')).toThrow(
      'm.ts: expected a default export that is a program (or exactly one exported program); exported programs: a, b',
    );
    expect(() => programModule(mod, 'm.ts', 'c')).toThrow(
      'm.ts: expected an exported program named "c"; exported programs: a, b',
    );
  });

  it('rejects an input export that is not an array and a hook that is not a function', () => {
    const p = Program.fromTerm(parseTerm('(fn () 1)', 'p') as Lam, {});
    expect(() => programModule({ default: p, input: 'x' }, 'm.ts')).toThrow(
      'm.ts: the "input" export must be an array of arguments',
    );
    expect(() => programModule({ default: p, show: 'x' }, 'm.ts')).toThrow(
      'm.ts: the "show" export must be a function',
    );
  });
});
