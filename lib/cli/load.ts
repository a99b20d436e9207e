/**
 * Loading a module that exports a program, for `epic run`. The module may be TypeScript or
 * JavaScript, ESM or CommonJS. It names its program as the default export (for CommonJS also
 * `module.exports = program(…)`), or as the only exported `Program`, or the one named by
 * `--export`. It may also export `input` (an array of default arguments), `notes()` (lines to
 * print first, e.g. which LLM backend answers), `show(value)` (how to print the result),
 * `afterRun()` (a line after the run, e.g. its LLM requests) and `dispose()` (stops what it
 * started, e.g. a simulated server) — the same contract as the demos (demos/index.ts).
 *
 * Gotchas. A module is loaded as tsx runs it: ESM through tsx's ESM loader, registered once per
 * process under a namespace of its own, CommonJS through tsx's `require` — which kind is Node's
 * rule (the extension, else the nearest package.json's "type"). A plain `import()` fails on
 * CommonJS TypeScript ("Cannot require() ES Module … in a cycle"). Both load the module in a
 * loader namespace of its own, so the epic-rx it imports is a second module instance beside the
 * CLI's, and its programs fail `instanceof Program`: they are recognised by `Program.isProgram`,
 * a brand every instance shares. Loaded again in the same process, an ESM module is evaluated
 * afresh, but the modules it imports are not: they are loaded once per process and shared by
 * every load (so state a program keeps in a module it imports outlives its `dispose()`); a
 * CommonJS module comes from the require cache, as with `require`.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { require as tsxRequire } from 'tsx/cjs/api';
import { register, type NamespacedUnregister } from 'tsx/esm/api';
import { EpicError } from '../errors.js';
import { Program } from '../program.js';

/** What a program module provides. */
export interface LoadedProgram {
  readonly program: Program<readonly unknown[], unknown>;
  readonly exportName: string;
  /** Default arguments from the module's `input` export. */
  readonly input: readonly unknown[] | undefined;
  readonly notes: (() => readonly string[]) | undefined;
  readonly show: ((value: unknown) => string) | undefined;
  readonly afterRun: (() => string | undefined) | undefined;
  readonly dispose: (() => Promise<void> | void) | undefined;
  /** Every export of the module (e.g. `llm`, which `epic batch` reads the simulator's traffic from). */
  readonly exports: Readonly<Record<string, unknown>>;
}

/** Loads `path` and finds its program (see the module comment). */
export async function loadProgram(path: string, exportName?: string): Promise<LoadedProgram> {
  return programModule(await loadModule(path), path, exportName);
}

/**
 * The exports of the module at `path` (see the module comment): an ESM module evaluated afresh,
 * so what one load's `dispose()` stopped is not what the next load uses. Each ESM load keeps one
 * more module (Node never drops one it loaded), but not a loader nor the modules it imports.
 */
export async function loadModule(path: string): Promise<Record<string, unknown>> {
  const file = resolve(path);
  if (!existsSync(file)) throw new EpicError(`Cannot load ${path}: no such file`);
  try {
    return isCommonJs(file)
      ? commonJsExports(tsxRequire(file, import.meta.url))
      : ((await esmLoader().import(freshUrl(file), import.meta.url)) as Record<string, unknown>);
  } catch (error) {
    if (isEpicError(error)) throw error; // e.g. a located syntax error in the module's program
    throw new EpicError(`Cannot load ${path}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** The file's URL with a query no earlier load had, so Node evaluates it as a module of its own. */
function freshUrl(file: string): string {
  return `${pathToFileURL(file).href}?epic-load=${randomUUID()}`;
}

/**
 * tsx's ESM loader in the namespace of program modules, registered on the first ESM load and
 * kept for the life of the process: a registered loader cannot be taken out of Node's chain of
 * hooks, so one per load (what `tsImport` does: a fresh namespace, a loader and a require hook
 * each time) leaked a loader and a whole module graph per load — 200 loads of a small program
 * held 1 GB of heap, and each load took longer than the one before (234 → 960 ms).
 */
let loader: NamespacedUnregister | undefined;

function esmLoader(): NamespacedUnregister {
  loader ??= register({ namespace: 'epic-rx-program' });
  return loader;
}

/** Whether Node runs `file` as CommonJS: by its extension, else by the nearest package.json. */
function isCommonJs(file: string): boolean {
  const ext = extname(file);
  if (ext === '.cjs' || ext === '.cts') return true;
  if (ext === '.mjs' || ext === '.mts') return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: unknown }).type !== 'module';
    if (dirname(dir) === dir) return true;
  }
}

/** A CommonJS module's exports as named exports (`module.exports = program(…)` is the default). */
function commonJsExports(exports: unknown): Record<string, unknown> {
  return typeof exports === 'object' && exports !== null && !Program.isProgram(exports)
    ? (exports as Record<string, unknown>)
    : { default: exports };
}

/** An epic-rx error, also one from the module's own epic-rx instance (so: by its name, not `instanceof`). */
function isEpicError(error: unknown): boolean {
  return error instanceof Error && /^Epic\w*Error$/.test(error.name);
}

/** Finds the program and the optional exports of a loaded module (`path` names it in errors). */
export function programModule(mod: Record<string, unknown>, path: string, exportName?: string): LoadedProgram {
  const programs = Object.entries(mod).filter(([, value]) => Program.isProgram(value));
  const chosen =
    exportName !== undefined
      ? programs.find(([name]) => name === exportName)
      : (programs.find(([name]) => name === 'default') ?? (programs.length === 1 ? programs[0] : undefined));
  if (!chosen) {
    const found = programs.map(([name]) => name).join(', ') || 'none';
    const wanted =
      exportName !== undefined
        ? `an exported program named "${exportName}"`
        : 'a default export that is a program (or exactly one exported program)';
    throw new EpicError(`${path}: expected ${wanted}; exported programs: ${found}`);
  }
  const input = mod.input;
  if (input !== undefined && !Array.isArray(input))
    throw new EpicError(`${path}: the "input" export must be an array of arguments`);
  const fn = <T>(name: string): T | undefined => {
    const value = mod[name];
    if (value !== undefined && typeof value !== 'function')
      throw new EpicError(`${path}: the "${name}" export must be a function`);
    return value as T | undefined;
  };
  return {
    program: chosen[1] as Program<readonly unknown[], unknown>,
    exportName: chosen[0],
    input: input as readonly unknown[] | undefined,
    notes: fn('notes'),
    show: fn('show'),
    afterRun: fn('afterRun'),
    dispose: fn('dispose'),
    exports: mod,
  };
}
