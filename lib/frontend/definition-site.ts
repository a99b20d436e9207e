/**
 * Where `program()` was called from, and the map from the function's parsed text (what the
 * loader produced) back to the file the person wrote, so errors and events point at their lines.
 */
import { readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OriginalSource } from '../terms/source.js';
import { alignWithFile } from './original-source.js';

/** The file and line that called `program()`. */
export interface DefinitionSite {
  readonly file: string;
  /** The path relative to the working directory when inside it. */
  readonly display: string;
  readonly line: number;
}

/** The file and line of the code that called `program()` (source-mapped by the loader). */
export function definitionSite(): DefinitionSite | undefined {
  const frame = new Error().stack?.split('\n')[3];
  const match = frame && /\(?((?:file:\/\/)?[^()\s]+):(\d+):\d+\)?$/.exec(frame);
  if (!match) return undefined;
  const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
  const cwd = process.cwd() + sep;
  return { file, display: file.startsWith(cwd) ? file.slice(cwd.length) : file, line: Number(match[2]) };
}

/** The map from the parsed text back to the file that called `program()`, if it can be read. */
export function readOriginal(text: string, site: DefinitionSite): OriginalSource | undefined {
  let fileText: string;
  try {
    fileText = readFileSync(site.file, 'utf8');
  } catch {
    return undefined; // not a readable file (e.g. an eval or a bundle): locations stay in the parsed text
  }
  return alignWithFile(text, site.display, fileText, site.line);
}

