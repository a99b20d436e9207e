/**
 * The parser of the textual core syntax of terms (tests, conformance programs stored as data
 * files, traces, debugging). `printTerm` in `print.ts` writes the same syntax.
 *
 * Hand-written recursive descent in the style of graphql-js: one `parseX` per rule below, the
 * helpers `peek` / `expect` / `unexpected`, and errors of the form "Expected X, found Y" thrown as
 * `EpicSyntaxError` with the location, so the message carries an excerpt and a caret. The descent
 * keeps off the JS stack: a rule that contains terms is a generator that yields `SUBTERM` where
 * it needs one, and the loop in `parseTerm` parses that term and resumes the rule with it, so a
 * term nested 100,000 deep (a long `let` chain, nested calls) parses like a shallow one.
 *
 * Grammar (S-expressions; whitespace is free and `;` starts a comment to the end of the line):
 *
 *     Term    ::= Var | Lit | Host | Tuple | "(" Form ")"
 *     Form    ::= Lam | Let | LetRec | Proj | Prim | App
 *     Lam     ::= "fn" Name? "(" Name* ")" Term           (fn name (x y) body)
 *     Let     ::= "let" Name Term Term                    (let x value body)
 *     LetRec  ::= "letrec" "(" Binding* ")" Term          (letrec ((f (fn (n) …))) body)
 *     Binding ::= "(" Name Term ")"                       the Term must be a (fn …)
 *     Proj    ::= "proj" Index Term                       (proj 0 t); Index: a non-negative integer
 *     Prim    ::= PrimOp Term*                            (%+ a b), (%get o "k"), (%bool c)
 *     App     ::= Term Term*                              (f a b), (f); the head is no keyword or PrimOp
 *     Tuple   ::= "[" Term* "]"                           [a b c], []
 *     Var     ::= Name
 *     Host    ::= "@" Word | "@" QuotedName               @judge, @`odd name` (no space after "@")
 *     Lit     ::= Number | String | "true" | "false" | "null" | "undefined" | "NaN" | "Infinity"
 *     Name    ::= Word | QuotedName                       a Word that is not a literal word
 *
 * Tokens:
 * - Word: `[A-Za-z_$][A-Za-z0-9_$]*`. The keywords `fn let letrec proj` are special only right
 *   after `(`; elsewhere (and quoted anywhere) they are plain names. The literal words above are
 *   literals wherever a Term is expected and are rejected as bare binders.
 * - QuotedName: `` `…` `` with JSON's escapes plus `` \` ``; any string, including the empty one.
 * - Number: a JSON number, optionally negative (`-0` stays negative zero), or `-Infinity`.
 * - String: a JSON string (`\uXXXX` may encode a lone surrogate); also accepts `` \` ``.
 * - PrimOp: `%` directly followed by a known op (`isPrimOp`), e.g. `%+`, `%===`, `%getOpt`.
 *
 * The printer writes a name bare only when it is a Word that is neither a keyword nor a literal
 * word, so a variable named `fn` prints as `` `fn` `` and a variable named `true` as `` `true` ``.
 * A host name is bare whenever it is a Word (`@fn`, `@true`), else quoted (`` @`a.b` ``).
 *
 * Every node gets a `loc` (1-based line and column of its first token, with the `Source`). Nodes
 * are built as object literals rather than with the constructors of `term.ts`, whose object
 * spread dominated the parse time of large terms.
 */
import { assertNever, EpicSyntaxError } from '../errors.js';
import { isPrimOp, PRIM_OPS } from './prims.js';
import { Lexer, type Token, type TokenKind } from './lexer.js';
import { LITERAL_WORDS, quoteName } from './syntax.js';
import type { Binding, Lam, Term } from './term.js';

/**
 * Parses one term of the textual core syntax (grammar at the top of this file), attaching a
 * `loc` with `source: { name: sourceName, body: text }` to every node.
 *
 * Gotcha: throws `EpicSyntaxError` on the first error and never returns a partial term; trailing
 * input after the term is an error. Nesting depth is bounded by memory, not by the JS stack.
 *
 * @example
 * parseTerm('(let x 1 (%+ x 2))')
 * // Let x = Lit 1 in Prim('+', [Var x, Lit 2]), each node with its loc
 */
export function parseTerm(text: string, sourceName = '<term>'): Term {
  return new Parser(new Lexer({ name: sourceName, body: text })).parseDocument();
}

/**
 * What a rule yields when it needs the next term: `Parser.parseTerm` parses it and resumes the
 * rule with it (the `Term` a `yield SUBTERM` evaluates to).
 */
const SUBTERM: unique symbol = Symbol('subterm');

/** A grammar rule that contains terms, returning a `T` (see `SUBTERM`). */
type Rule<T> = Generator<typeof SUBTERM, T, Term>;

const isTerm = (next: Term | Rule<Term>): next is Term => 'kind' in next;

class Parser {
  private token: Token;

  constructor(private readonly lexer: Lexer) {
    this.token = lexer.advance();
  }

  /** Document ::= Term EOF */
  parseDocument(): Term {
    const term = this.parseTerm();
    if (!this.peek('EOF')) throw this.unexpected('end of input');
    return term;
  }

  /**
   * Term ::= Var | Lit | Host | Tuple | "(" Form ")"
   *
   * An atom is read at once. A form or tuple is a `Rule`, run until it yields `SUBTERM`; then
   * the term it asks for is started the same way, and the rule waits on `waiting` (innermost
   * last) until that term is done and resumes it.
   */
  private parseTerm(): Term {
    const waiting: Rule<Term>[] = [];
    let next = this.startTerm();
    for (;;) {
      let step: IteratorResult<typeof SUBTERM, Term>;
      if (isTerm(next)) {
        const rule = waiting.at(-1);
        if (!rule) return next;
        step = rule.next(next);
      } else {
        waiting.push(next);
        step = next.next();
      }
      if (step.done) {
        waiting.pop();
        next = step.value;
      } else {
        next = this.startTerm();
      }
    }
  }

  /** The atom that starts here, parsed, or the rule of the form or tuple that starts here. */
  private startTerm(): Term | Rule<Term> {
    const token = this.token;
    switch (token.kind) {
      case '(':
        return this.parseForm();
      case '[':
        return this.parseTuple();
      case 'Word':
        this.advance();
        return LITERAL_WORDS.has(token.value)
          ? { kind: 'Lit', value: LITERAL_WORDS.get(token.value), loc: token.loc }
          : { kind: 'Var', name: token.value, loc: token.loc };
      case 'QuotedName':
        this.advance();
        return { kind: 'Var', name: token.value, loc: token.loc };
      case 'Number':
        this.advance();
        return { kind: 'Lit', value: Number(token.value), loc: token.loc };
      case 'String':
        this.advance();
        return { kind: 'Lit', value: token.value, loc: token.loc };
      case 'Host':
        this.advance();
        return { kind: 'Host', name: token.value, loc: token.loc };
      case ')':
      case ']':
      case 'Prim':
      case 'EOF':
        throw this.unexpected('a term');
      default:
        return assertNever(token.kind, 'token kind');
    }
  }

  /**
   * Form ::= Lam | Let | LetRec | Proj | Prim | App, between the parentheses: reads the "(" and
   * the keyword that says which form it is, and returns the rule for the rest.
   */
  private parseForm(): Rule<Term> {
    const open = this.expect('(');
    const head = this.token;
    if (head.kind === 'Prim') return this.parsePrim(open);
    if (head.kind === 'Word') {
      switch (head.value) {
        case 'fn':
          this.advance();
          return this.parseLam(open);
        case 'let':
          this.advance();
          return this.parseLet(open);
        case 'letrec':
          this.advance();
          return this.parseLetRec(open);
        case 'proj':
          this.advance();
          return this.parseProj(open);
      }
    }
    return this.parseApp(open);
  }

  /** Lam ::= "fn" Name? "(" Name* ")" Term */
  private *parseLam(open: Token): Rule<Lam> {
    const name = this.peek('(') ? undefined : this.parseName('a name or a parameter list "("');
    const params = this.names(this.expect('(', 'a parameter list "("'));
    const body = yield SUBTERM;
    this.expectClose(open);
    const loc = open.loc;
    return name === undefined ? { kind: 'Lam', params, body, loc } : { kind: 'Lam', params, body, name, loc };
  }

  /** Let ::= "let" Name Term Term */
  private *parseLet(open: Token): Rule<Term> {
    const name = this.parseName('a name');
    const value = yield SUBTERM;
    const body = yield SUBTERM;
    this.expectClose(open);
    return { kind: 'Let', name, value, body, loc: open.loc };
  }

  /** LetRec ::= "letrec" "(" Binding* ")" Term */
  private *parseLetRec(open: Token): Rule<Term> {
    const list = this.expect('(', 'a binding list "("');
    const bindings: Binding[] = [];
    while (!this.atClose(list)) bindings.push(yield* this.parseBinding());
    this.advance();
    const body = yield SUBTERM;
    this.expectClose(open);
    return { kind: 'LetRec', bindings, body, loc: open.loc };
  }

  /** Binding ::= "(" Name Term ")", where the Term is a Lam. */
  private *parseBinding(): Rule<Binding> {
    const open = this.expect('(', 'a binding "(name (fn …))"');
    const name = this.parseName('a binding name');
    const start = this.token;
    const value = yield SUBTERM;
    if (value.kind !== 'Lam') {
      const found = `${/^[AEIOU]/.test(value.kind) ? 'an' : 'a'} ${value.kind}`;
      throw this.error(start, `Expected (fn …) as the value of letrec binding ${quoteName(name)}, found ${found}`);
    }
    this.expectClose(open);
    return { name, lam: value };
  }

  /** Proj ::= "proj" Index Term */
  private *parseProj(open: Token): Rule<Term> {
    const token = this.token;
    const index = Number(token.value);
    if (!this.peek('Number') || token.value.startsWith('-') || !Number.isSafeInteger(index)) {
      throw this.unexpected('a non-negative integer index');
    }
    this.advance();
    const target = yield SUBTERM;
    this.expectClose(open);
    return { kind: 'Proj', tuple: target, index, loc: open.loc };
  }

  /** Prim ::= PrimOp Term* */
  private *parsePrim(open: Token): Rule<Term> {
    const token = this.expect('Prim');
    if (!isPrimOp(token.value)) {
      throw this.error(token, `Expected a known prim op, found ${token.text} (known: ${[...PRIM_OPS].join(' ')})`);
    }
    return { kind: 'Prim', op: token.value, args: yield* this.terms(open), loc: open.loc };
  }

  /** App ::= Term Term* */
  private *parseApp(open: Token): Rule<Term> {
    const fn = yield SUBTERM;
    return { kind: 'App', fn, args: yield* this.terms(open), loc: open.loc };
  }

  /** Tuple ::= "[" Term* "]" */
  private *parseTuple(): Rule<Term> {
    const open = this.expect('[');
    return { kind: 'Tuple', items: yield* this.terms(open), loc: open.loc };
  }

  /** Name ::= Word | QuotedName, where the Word is not a literal word. */
  private parseName(expected: string): string {
    const token = this.token;
    if (token.kind === 'QuotedName' || (token.kind === 'Word' && !LITERAL_WORDS.has(token.value))) {
      this.advance();
      return token.value;
    }
    const hint = token.kind === 'Word' ? ` (a literal; write ${quoteName(token.value)} for a name)` : '';
    throw this.unexpected(expected, hint);
  }

  /** Names up to the bracket that closes `open`, which is consumed. */
  private names(open: Token): string[] {
    const names: string[] = [];
    while (!this.atClose(open)) names.push(this.parseName('a parameter name'));
    this.advance();
    return names;
  }

  /** Terms up to the bracket that closes `open`, which is consumed. */
  private *terms(open: Token): Rule<Term[]> {
    const items: Term[] = [];
    while (!this.atClose(open)) items.push(yield SUBTERM);
    this.advance();
    return items;
  }

  /** Whether the next token closes `open`; throws if it is another closer or the end. */
  private atClose(open: Token): boolean {
    if (this.peek(closerOf(open))) return true;
    if (this.peek('EOF') || this.peek(')') || this.peek(']')) throw this.unclosed(open);
    return false;
  }

  /** Consumes the bracket that closes `open`. */
  private expectClose(open: Token): void {
    if (!this.peek(closerOf(open))) throw this.unclosed(open);
    this.advance();
  }

  private peek(kind: TokenKind): boolean {
    return this.token.kind === kind;
  }

  /** Consumes a token of `kind`, or throws "Expected `expected`, found …". */
  private expect(kind: TokenKind, expected = `"${kind}"`): Token {
    const token = this.token;
    if (token.kind !== kind) throw this.unexpected(expected);
    this.advance();
    return token;
  }

  private advance(): void {
    this.token = this.lexer.advance();
  }

  private unexpected(expected: string, hint = ''): EpicSyntaxError {
    return this.error(this.token, `Expected ${expected}, found ${describe(this.token)}${hint}`);
  }

  private unclosed(open: Token): EpicSyntaxError {
    const at = `${open.loc.line}:${open.loc.column}`;
    return this.unexpected(`"${closerOf(open)}" to close "${open.kind}" at ${at}`);
  }

  private error(token: Token, message: string): EpicSyntaxError {
    return new EpicSyntaxError(message, { loc: token.loc });
  }
}

function closerOf(open: Token): TokenKind {
  return open.kind === '[' ? ']' : ')';
}

/** A token for a message: `"("`, `"x"`, `` `a b` ``, `number 1`, `string "s"`, `@h`, `%+`, `<EOF>`. */
function describe(token: Token): string {
  const text = token.text.length > 40 ? `${token.text.slice(0, 39)}…` : token.text;
  switch (token.kind) {
    case 'EOF':
      return '<EOF>';
    case '(':
    case ')':
    case '[':
    case ']':
    case 'Word':
      return `"${text}"`;
    case 'Number':
      return `number ${text}`;
    case 'String':
      return `string ${text}`;
    case 'QuotedName':
    case 'Host':
    case 'Prim':
      return text;
    default:
      return assertNever(token.kind, 'token kind');
  }
}
