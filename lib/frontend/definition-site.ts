/**
 * Where `program()` was called from, and the map from the function's parsed text (what the
 * loader produced) back to the file the person wrote, so errors and events point at their lines.
 *
 * The function is usually written where `program()` is called, but not always: a helper such as
 * `const makeProgram = (fn) => program(hosts, fn)` in helper.ts, called from user.ts, calls
 * `program()` from helper.ts while the function is written in user.ts. So the site keeps the
 * call sites further out on the stack too (but for Node's own and installed packages' files),
 * and the map comes from the first of them whose file holds the whole function
 * (original-source.ts); when none does, no location maps, and errors show the parsed text's own
 * excerpt.
 *
 * Gotcha: the map is made when a location is first asked for (an error message, a run's first
 * event), not by `program()`: aligning a 100,000-statement program costs as much as translating
 * it, and most programs never need it.
 */
import { readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OriginalSource } from '../locations.js';
import { alignWithFile, parsedTokens } from './original-source.js';

/** A file and line on the call stack. */
export interface CallSite {
  readonly file: string;
  /** The path relative to the working directory when inside it. */
  readonly display: string;
  readonly line: number;
}

/** The file and line that called `program()`, and the call sites around it. */
export interface DefinitionSite extends CallSite {
  /** The callers of that code, nearest first (as far as the stack trace goes). */
  readonly outer: readonly CallSite[];
}

/**
 * The file and line of the code that called `program()` (source-mapped by the loader), with
 * the call sites further out; undefined when the stack names no file.
 *
 * Gotcha: it reads the stack of its own call, so `program()` must call it directly.
 */
export function definitionSite(): DefinitionSite | undefined {
  const frames = (new Error().stack ?? '').split('\n').slice(3).flatMap(callSite);
  const [first, ...outer] = frames;
  return first && { ...first, outer };
}

function callSite(frame: string): CallSite[] {
  const match = /\(?((?:file:\/\/)?[^()\s]+):(\d+):\d+\)?$/.exec(frame);
  if (!match || match[1]!.startsWith('node:')) return [];
  const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
  if (file.split(/[\\/]/).includes('node_modules')) return [];
  const cwd = process.cwd() + sep;
  return [{ file, display: file.startsWith(cwd) ? file.slice(cwd.length) : file, line: Number(match[2]) }];
}

/**
 * The map from the parsed text back to the first file on the stack (from `site` outwards) that
 * holds the whole function; made on first use. No location maps when no file holds it.
 *
 * @example
 * const site = definitionSite();
 * const original = site && readOriginal(fn.toString(), site); // maps into user.ts, not helper.ts
 */
export function readOriginal(text: string, site: DefinitionSite): OriginalSource {
  let found: OriginalSource | null | undefined; // null: looked, and no file holds it
  const resolve = (): OriginalSource | null => {
    if (found === undefined) found = findOriginal(text, site) ?? null;
    return found;
  };
  return {
    get file() {
      return resolve()?.file ?? site.display;
    },
    lineText: (line) => resolve()?.lineText(line) ?? '',
    position: (line, column) => resolve()?.position(line, column),
  };
}

function findOriginal(text: string, site: DefinitionSite): OriginalSource | undefined {
  const parsed = parsedTokens(text);
  for (const s of [site, ...site.outer]) {
    const fileText = readText(s.file);
    const original = fileText === undefined ? undefined : alignWithFile(parsed, s.display, fileText, s.line);
    if (original) return original;
  }
  return undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // not a readable file (e.g. an eval or a bundle): try the next call site
  }
}
