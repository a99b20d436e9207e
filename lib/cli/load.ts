/**
 * Loading a module that exports a program, for `epic run`. The module may be TypeScript (the
 * CLI runs under tsx). It names its program as the default export, or as the only exported
 * `Program`, or the one named by `--export`. It may also export `input` (an array of default
 * arguments), `notes()` (lines to print first, e.g. which LLM backend answers), `show(value)`
 * (how to print the result), `afterRun()` (a line after the run, e.g. its LLM requests) and `dispose()` (stops what it started, e.g. a simulated server) —
 * the same contract as the demos (demos/index.ts).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EpicError } from '../errors.js';
import { Program } from '../frontend/program.js';

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
}

/** Imports `path` and finds its program (see the module comment). */
export async function loadProgram(path: string, exportName?: string): Promise<LoadedProgram> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof EpicError) throw error;
    throw new EpicError(`Cannot load ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return programModule(mod, path, exportName);
}

/** Finds the program and the optional exports of a loaded module (`path` names it in errors). */
export function programModule(mod: Record<string, unknown>, path: string, exportName?: string): LoadedProgram {
  const programs = Object.entries(mod).filter(([, value]) => value instanceof Program);
  const chosen = exportName !== undefined
    ? programs.find(([name]) => name === exportName)
    : programs.find(([name]) => name === 'default') ?? (programs.length === 1 ? programs[0] : undefined);
  if (!chosen) {
    const found = programs.map(([name]) => name).join(', ') || 'none';
    const wanted = exportName !== undefined ? `an exported program named "${exportName}"` : 'a default export that is a program (or exactly one exported program)';
    throw new EpicError(`${path}: expected ${wanted}; exported programs: ${found}`);
  }
  const input = mod.input;
  if (input !== undefined && !Array.isArray(input)) throw new EpicError(`${path}: the "input" export must be an array of arguments`);
  const fn = <T>(name: string): T | undefined => {
    const value = mod[name];
    if (value !== undefined && typeof value !== 'function') throw new EpicError(`${path}: the "${name}" export must be a function`);
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
  };
}
