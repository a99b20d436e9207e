/**
 * The printer of the textual core syntax (grammar in `parse.ts`): `parseTerm(printTerm(t))`
 * gives back `t` without its locations, for every term, in both layouts.
 */
import { assertNever } from '../errors.js';
import { IDENTIFIER, printLit, printName, quoteName } from './syntax.js';
import { foldTerm } from './locs.js';
import type { Term } from './term.js';

/** Options of `printTerm`. */
export interface PrintOptions {
  /** The line width the compact form must fit in before the printer breaks lines (default 100). */
  readonly width?: number;
}

/**
 * Prints a term in the textual core syntax: on one line when it fits in `width` columns,
 * otherwise broken over indented lines, Lisp style (a form's head stays on its first line, each
 * further part goes on its own line two columns in, closing brackets stack at the end). The
 * body of a `let` or `letrec` that is itself a `let` or `letrec` stays in the same column, so a
 * long chain of lets (what the front end makes of a sequence of statements) does not drift
 * right; and indentation stops at column `width`, so the output stays linear in the size of the
 * term however deep it nests. Iterative: any depth prints, a 100,000-long let chain included.
 *
 * Gotcha: locations are not printed; names that are not plain identifiers, keywords included,
 * are quoted with backticks (a variable named `let` prints as `` `let` ``); the width check does
 * not count the closing brackets that stack after a part, and an atom longer than the width
 * (a long string) is never split.
 *
 * @example
 * printTerm(let_('x', lit(1), prim('+', [v('x'), lit(2)])))
 * // '(let x 1 (%+ x 2))'
 * printTerm(app(host('judge'), [lit('a long prompt…')]), { width: 10 })
 * // '(@judge\n  "a long prompt…")'
 */
export function printTerm(term: Term, options: PrintOptions = {}): string {
  return render(foldTerm(term, toDoc), options.width ?? 100);
}

/**
 * A layout: an atom, or a bracketed group whose `head` parts stay on the first line and whose
 * `body` parts each take a line when the group is broken.
 */
type Doc = string | Group;
interface Group {
  readonly open: string;
  readonly head: readonly Doc[];
  readonly body: readonly Doc[];
  readonly close: string;
  /** The length of the one-line form, which is written out only where it fits (`flatText`). */
  readonly flatLength: number;
  /** Whether the last body part goes in the group's own column (a chain of lets). */
  readonly alignLast: boolean;
}

function group(open: string, head: readonly Doc[], body: readonly Doc[], close: string, alignLast = false): Group {
  let flatLength = open.length + close.length + Math.max(0, head.length + body.length - 1);
  for (const part of head) flatLength += flatLengthOf(part);
  for (const part of body) flatLength += flatLengthOf(part);
  return { open, head, body, close, alignLast, flatLength };
}

const isBinder = (t: Term): boolean => t.kind === 'Let' || t.kind === 'LetRec';

function flatLengthOf(doc: Doc): number {
  return typeof doc === 'string' ? doc.length : doc.flatLength;
}

/** The layout of `t`, given the layouts of its children (`children` in `locs.ts`, in order). */
function toDoc(t: Term, kids: Doc[]): Doc {
  switch (t.kind) {
    case 'Var':
      return printName(t.name);
    case 'Lit':
      return printLit(t.value);
    case 'Host':
      return `@${IDENTIFIER.test(t.name) ? t.name : quoteName(t.name)}`;
    case 'Lam': {
      const name = t.name === undefined ? [] : [printName(t.name)];
      return group('(', ['fn', ...name, group('(', t.params.map(printName), [], ')')], kids, ')');
    }
    case 'App':
      return group('(', kids.slice(0, 1), kids.slice(1), ')');
    case 'Let':
      return group('(', ['let', printName(t.name), kids[0]!], [kids[1]!], ')', isBinder(t.body));
    case 'LetRec': {
      const bindings = t.bindings.map((b, i) => group('(', [printName(b.name)], [kids[i]!], ')'));
      return group('(', ['letrec', group('(', [], bindings, ')')], [kids.at(-1)!], ')', isBinder(t.body));
    }
    case 'Tuple':
      return group('[', [], kids, ']');
    case 'Proj':
      return group('(', ['proj', String(t.index)], kids, ')');
    case 'Prim':
      return group('(', [`%${t.op}`], kids, ')');
    default:
      return assertNever(t, 'term');
  }
}

/**
 * `doc` written from column 0: each group flat where it fits from the column it starts at, else
 * broken. A group without a head (a tuple, a binding list) keeps its first part on the opening
 * line and aligns the rest under it. Iterative: `todo` holds what is still to write, next last.
 */
function render(doc: Doc, width: number): string {
  const out: string[] = [];
  let column = 0;
  const todo: Doc[] = [doc];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    if (typeof next !== 'string' && column + next.flatLength > width) {
      pushBroken(todo, next, column, width);
      continue;
    }
    const text = typeof next === 'string' ? next : flatText(next);
    out.push(text);
    column = columnAfter(column, text);
  }
  return out.join('');
}

/**
 * Pushes onto `todo` the parts of `g` broken over lines, `g` starting at `column`. Indentation
 * stops growing at `width`: nothing deeper would fit anyway, and it keeps the output linear in
 * the size of the term (100,000 nested calls print in 100,000 short lines, where indenting each
 * two columns further would take 10^10 characters).
 */
function pushBroken(todo: Doc[], g: Group, column: number, width: number): void {
  const indent = Math.min(g.head.length === 0 ? column + g.open.length : column + 2, width);
  const parts: Doc[] = [g.open];
  for (const [i, part] of g.head.entries()) {
    if (i > 0) parts.push(' ');
    parts.push(part);
  }
  for (const [i, part] of g.body.entries()) {
    const at = g.alignLast && i === g.body.length - 1 ? column : indent;
    if (i > 0 || g.head.length > 0) parts.push(`\n${' '.repeat(at)}`);
    parts.push(part);
  }
  parts.push(g.close);
  for (let i = parts.length - 1; i >= 0; i -= 1) todo.push(parts[i]!);
}

/** The one-line form of `doc` (iterative, like `render`). */
function flatText(doc: Doc): string {
  const out: string[] = [];
  const todo: Doc[] = [doc];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    if (typeof next === 'string') {
      out.push(next);
      continue;
    }
    const parts = [...next.head, ...next.body];
    todo.push(next.close);
    for (let i = parts.length - 1; i >= 0; i -= 1) {
      todo.push(parts[i]!);
      if (i > 0) todo.push(' ');
    }
    todo.push(next.open);
  }
  return out.join('');
}

/** The column just after `text`, which was written starting at `column`. */
function columnAfter(column: number, text: string): number {
  const lastBreak = text.lastIndexOf('\n');
  return lastBreak < 0 ? column + text.length : text.length - lastBreak - 1;
}
