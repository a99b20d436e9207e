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
}

/** A position in a source: 1-based line, 1-based column. */
export interface Loc {
  readonly line: number;
  readonly column: number;
  readonly source?: Source;
}

const WINDOW = 36;

/** `name:line:column`, plus the origin when the source has one. */
export function formatLoc(loc: Loc | undefined): string {
  if (!loc) return '<unknown location>';
  const where = `${loc.source?.name ?? '<source>'}:${loc.line}:${loc.column}`;
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
  const text = loc?.source?.body.split(/\r\n|\r|\n/)[loc.line - 1];
  if (!loc || text === undefined) return '';
  let start = 0;
  let end = text.length;
  if (text.length > WINDOW * 2 + 10) {
    start = Math.max(0, loc.column - 1 - WINDOW);
    end = Math.min(text.length, loc.column - 1 + WINDOW);
  }
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const gutter = `${loc.line} | `;
  const caretPad = ' '.repeat(gutter.length - 2) + '| ' + ' '.repeat(prefix.length + loc.column - 1 - start);
  return `${gutter}${prefix}${text.slice(start, end)}${suffix}\n${caretPad}^`;
}
