/**
 * Source text and locations. A location points into the source a term was translated from, so
 * errors can show the line a person wrote, with an excerpt and a caret.
 *
 * Gotcha: a program's source is what `Function.prototype.toString` returns, which under tsx or
 * another TypeScript loader is the transformed (often minified, one-line) code. The excerpt is
 * therefore windowed around the column, and `Source.origin` (where the program was defined, e.g.
 * `demos/tot.ts:14`) is printed beside it so the reader can find the code they typed.
 */

/** A body of source text with a display name. */
export interface Source {
  /** Display name, e.g. the program's name. */
  readonly name: string;
  /** The text that was parsed. */
  readonly body: string;
  /** Where the text came from for a human (file:line of the `program(...)` call), if known. */
  readonly origin?: string;
  /** The file the person wrote, when locations in `body` can be mapped back to it. */
  readonly original?: OriginalSource;
}

/** The file a parsed text came from, and the map of locations into it (see frontend/original-source.ts). */
export interface OriginalSource {
  /** The file's path, relative to the working directory when inside it. */
  readonly file: string;
  /** The text of a line of the file that a mapped location falls on (only those are kept). */
  lineText(line: number): string;
  /** The file location of a location in the parsed text, if it is known. */
  position(line: number, column: number): { readonly line: number; readonly column: number } | undefined;
}

/** Where `loc` is in the file the person wrote, if known. */
export function originalLoc(
  loc: Loc | undefined,
): { file: string; line: number; column: number; text: string } | undefined {
  const original = loc?.source?.original;
  const at = original?.position(loc!.line, loc!.column);
  if (!original || !at) return undefined;
  return { file: original.file, line: at.line, column: at.column, text: original.lineText(at.line) };
}

/** A position in a source: 1-based line, 1-based column. */
export interface Loc {
  readonly line: number;
  readonly column: number;
  readonly source?: Source;
}

const WINDOW = 36;

/**
 * `file:line:column (in name)` when the location maps back to the file the person wrote,
 * else `name:line:column` in the parsed text, plus the origin when the source has one.
 */
export function formatLoc(loc: Loc | undefined): string {
  if (!loc) return '<unknown location>';
  const name = loc.source?.name ?? '<source>';
  const original = originalLoc(loc);
  if (original) return `${original.file}:${original.line}:${original.column} (in ${name})`;
  const where = `${name}:${loc.line}:${loc.column}`;
  return loc.source?.origin ? `${where} (defined at ${loc.source.origin})` : where;
}

/**
 * The line of `loc` with a caret under its column, windowed to a readable width for long
 * (minified) lines. Empty when the location carries no source text.
 *
 * @example
 * excerpt({ line: 1, column: 5, source: { name: 'p', body: 'a + (b' } })
 * // "1 | a + (b\n  |     ^"
 */
export function excerpt(loc: Loc | undefined): string {
  const original = originalLoc(loc);
  if (original) return caretLine(original.text, original.line, original.column);
  const text = loc?.source?.body.split(/\r\n|\r|\n/)[loc.line - 1];
  if (!loc || text === undefined) return '';
  return caretLine(text, loc.line, loc.column);
}

function caretLine(text: string, line: number, column: number): string {
  let start = 0;
  let end = text.length;
  if (text.length > WINDOW * 2 + 10) {
    start = Math.max(0, column - 1 - WINDOW);
    end = Math.min(text.length, column - 1 + WINDOW);
  }
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const gutter = `${line} | `;
  const caretPad = `${' '.repeat(gutter.length - 2)}| ${' '.repeat(prefix.length + column - 1 - start)}`;
  return `${gutter}${prefix}${text.slice(start, end)}${suffix}\n${caretPad}^`;
}
