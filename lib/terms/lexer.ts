/**
 * The lexer of the textual core syntax: text → tokens, one at a time, each with its 1-based line
 * and column. The token rules are documented with the grammar in `parse.ts`.
 *
 * Lines break at `\r\n`, `\r` or `\n` (as `excerpt` splits them) and columns count UTF-16 code
 * units, so a caret lands under the character it means.
 */
import { EpicSyntaxError } from '../errors.js';
import type { Loc, Source } from '../locations.js';

export type TokenKind = '(' | ')' | '[' | ']' | 'Word' | 'QuotedName' | 'Number' | 'String' | 'Host' | 'Prim' | 'EOF';

/** A token: `value` is the decoded name, string or op, or the number's text. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  /** The token as written, for messages. */
  readonly text: string;
  readonly loc: Loc;
}

const PUNCTUATION = new Set(['(', ')', '[', ']']);
const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|-Infinity/y;
/** Characters that end a number or a prim op without whitespace. */
const DELIMITER = /[\s()[\];"`]/;
const PRIM_OP = /[^\s()[\];"`]+/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '`': '`',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Reads tokens from a source on demand: `advance()` returns the next one and throws an
 * `EpicSyntaxError` at the offending character for text that is no token.
 *
 * @example
 * const lexer = new Lexer({ name: 't', body: '(f x)' });
 * lexer.advance().kind // '('
 */
export class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;

  constructor(readonly source: Source) {}

  /** The next token; `EOF` at the end, and again on every later call. */
  advance(): Token {
    this.skipIgnored();
    const body = this.source.body;
    const start = this.pos;
    const loc = this.loc();
    const c = body[start];
    if (c === undefined) return { kind: 'EOF', value: '', text: '', loc };
    if (PUNCTUATION.has(c)) {
      this.pos += 1;
      return { kind: c as TokenKind, value: c, text: c, loc };
    }
    if (c === '"' || c === '`') {
      const value = this.readQuoted(c, loc);
      return { kind: c === '"' ? 'String' : 'QuotedName', value, text: body.slice(start, this.pos), loc };
    }
    if (c === '@') return this.readHost(loc);
    if (c === '%') return this.readPrim(loc);
    if (c === '-' || (c >= '0' && c <= '9')) return this.readNumber(loc);
    WORD.lastIndex = start;
    const word = WORD.exec(body)?.[0];
    if (word === undefined) throw this.error(loc, `Expected a term, found unexpected character ${describeChar(c)}`);
    this.pos += word.length;
    return { kind: 'Word', value: word, text: word, loc };
  }

  /** Skips whitespace, line breaks and `;` comments, counting lines. */
  private skipIgnored(): void {
    const body = this.source.body;
    for (;;) {
      const c = body[this.pos];
      if (c === ' ' || c === '\t' || c === '\uFEFF') this.pos += 1;
      else if (c === '\n' || c === '\r') this.newline();
      else if (c === ';') {
        while (this.pos < body.length && body[this.pos] !== '\n' && body[this.pos] !== '\r') this.pos += 1;
      } else return;
    }
  }

  private newline(): void {
    this.pos += this.source.body.startsWith('\r\n', this.pos) ? 2 : 1;
    this.line += 1;
    this.lineStart = this.pos;
  }

  private loc(): Loc {
    return { line: this.line, column: this.pos - this.lineStart + 1, source: this.source };
  }

  private error(loc: Loc, message: string): EpicSyntaxError {
    return new EpicSyntaxError(message, { loc });
  }

  /**
   * A `"string"` or a `` `quoted name` `` from its opening quote: JSON's rules (no raw control
   * characters, escapes `\" \\ \/ \b \f \n \r \t \uXXXX`) plus `` \` ``. Returns the decoded text.
   */
  private readQuoted(quote: string, start: Loc): string {
    const body = this.source.body;
    const what = quote === '"' ? 'string' : 'quoted name';
    this.pos += 1;
    let out = '';
    for (;;) {
      const c = body[this.pos];
      if (c === quote) {
        this.pos += 1;
        return out;
      }
      if (c === undefined || c === '\n' || c === '\r') {
        const found = c === undefined ? '<EOF>' : 'end of line';
        const opened = `opened at ${start.line}:${start.column}`;
        throw this.error(this.loc(), `Unterminated ${what} (${opened}): expected a closing ${quote}, found ${found}`);
      }
      if (c === '\\') out += this.readEscape();
      else if (c < ' ') throw this.error(this.loc(), `Expected ${describeChar(c)} escaped in a ${what}, found it raw`);
      else {
        out += c;
        this.pos += 1;
      }
    }
  }

  private readEscape(): string {
    const body = this.source.body;
    const loc = this.loc();
    const e = body[this.pos + 1];
    if (e === 'u') {
      const hex = body.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw this.error(loc, `Expected four hex digits after "\\u", found "${hex}"`);
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const decoded = e === undefined ? undefined : ESCAPES[e];
    if (decoded === undefined) {
      const found = e === undefined ? '<EOF>' : `"\\${e}"`;
      throw this.error(
        loc,
        `Expected an escape sequence (\\" \\\` \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found ${found}`,
      );
    }
    this.pos += 2;
    return decoded;
  }

  /** `@name` or `` @`odd name` ``. */
  private readHost(loc: Loc): Token {
    const body = this.source.body;
    const start = this.pos;
    this.pos += 1;
    const c = body[this.pos];
    let value: string;
    if (c === '`') value = this.readQuoted('`', this.loc());
    else {
      WORD.lastIndex = this.pos;
      const word = WORD.exec(body)?.[0];
      if (word === undefined) throw this.error(this.loc(), `Expected a host name after "@", found ${describeChar(c)}`);
      this.pos += word.length;
      value = word;
    }
    return { kind: 'Host', value, text: body.slice(start, this.pos), loc };
  }

  /** `%op`: the op is every character up to whitespace, a bracket, `;` or a quote. */
  private readPrim(loc: Loc): Token {
    const body = this.source.body;
    PRIM_OP.lastIndex = this.pos + 1;
    const op = PRIM_OP.exec(body)?.[0];
    if (op === undefined)
      throw this.error(
        this.locAt(this.pos + 1),
        `Expected a prim op after "%", found ${describeChar(body[this.pos + 1])}`,
      );
    this.pos += 1 + op.length;
    return { kind: 'Prim', value: op, text: `%${op}`, loc };
  }

  /** A JSON number, `-0` or `-Infinity`; it must end at a delimiter (no `01`, no `1x`). */
  private readNumber(loc: Loc): Token {
    const body = this.source.body;
    NUMBER.lastIndex = this.pos;
    const text = NUMBER.exec(body)?.[0];
    if (text === undefined) {
      throw this.error(loc, `Expected a number after "-", found ${describeChar(body[this.pos + 1])}`);
    }
    const next = body[this.pos + text.length];
    if (next !== undefined && !DELIMITER.test(next)) {
      throw this.error(
        this.locAt(this.pos + text.length),
        `Expected a delimiter after number ${text}, found ${describeChar(next)}`,
      );
    }
    this.pos += text.length;
    return { kind: 'Number', value: text, text, loc };
  }

  /** The location of an offset on the current line. */
  private locAt(pos: number): Loc {
    return { line: this.line, column: pos - this.lineStart + 1, source: this.source };
  }
}

/** A character for a message: `"x"`, or `U+0007` for an invisible one, or `<EOF>`. */
function describeChar(c: string | undefined): string {
  if (c === undefined) return '<EOF>';
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f || /\s/.test(c)) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return JSON.stringify(c);
}
