/**
 * The lexical rules of the textual core syntax, shared by the printer (`print.ts`) and the
 * lexer (`lexer.ts`) so that what one writes the other reads. The grammar is in `parse.ts`.
 */
import type { LitValue } from './term.js';

/** Words that start a special form right after `(`; anywhere else they are ordinary names. */
const KEYWORDS: ReadonlySet<string> = new Set(['fn', 'let', 'letrec', 'proj']);

/** Words that are literals wherever a term is expected, and so are never bare names. */
export const LITERAL_WORDS: ReadonlyMap<string, LitValue> = new Map<string, LitValue>([
  ['true', true],
  ['false', false],
  ['null', null],
  ['undefined', undefined],
  ['NaN', NaN],
  ['Infinity', Infinity],
]);

/** A bare identifier: `[A-Za-z_$][A-Za-z0-9_$]*`. */
export const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Whether `name` may be written bare as a variable or binder. Keywords are printed quoted even
 * though the parser reads them as names outside head position: the printer never relies on it.
 *
 * @example
 * isBareName('x') // true
 * isBareName('fn') // false: printed `fn`
 */
function isBareName(name: string): boolean {
  return IDENTIFIER.test(name) && !KEYWORDS.has(name) && !LITERAL_WORDS.has(name);
}

/**
 * `name` between backticks with JSON's backslash escapes, plus `` \` `` for the backtick itself.
 * Lone surrogates come out as `\uXXXX`, so every JS string survives printing and parsing.
 *
 * @example
 * quoteName('a b') // "`a b`"
 */
export function quoteName(name: string): string {
  const json = JSON.stringify(name).slice(1, -1);
  // Walk escape pairs left to right so a `\\` is never mistaken for the start of `\"`.
  return `\`${json.replace(/\\.|`/g, (m) => (m === '\\"' ? '"' : m === '`' ? '\\`' : m))}\``;
}

/**
 * A name as a variable or binder: bare when possible, else quoted.
 *
 * @example
 * printName('x') // "x"
 * printName('let') // "`let`"
 */
export function printName(name: string): string {
  return isBareName(name) ? name : quoteName(name);
}

/**
 * A literal as it is written: JSON numbers and strings, `-0`, `NaN`, `Infinity`, `-Infinity`,
 * `true`, `false`, `null`, `undefined`.
 *
 * Gotcha: `String(-0)` is `"0"`, so negative zero is handled on its own.
 *
 * @example
 * printLit(-0) // "-0"
 * printLit('a"b') // "\"a\\\"b\""
 */
export function printLit(value: LitValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  return String(value);
}
