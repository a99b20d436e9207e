/**
 * The printer of the textual core syntax (grammar in `parse.ts`): `parseTerm(printTerm(t))`
 * gives back `t` without its locations, for every term, in both layouts.
 */
import { assertNever } from '../errors.js';
import { IDENTIFIER, printLit, printName, quoteName } from './syntax.js';
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
 * right and its output stays linear in size.
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
  return render(toDoc(term), 0, options.width ?? 100);
}

/**
 * A layout: an atom, or a bracketed group whose `head` parts stay on the first line and whose
 * `body` parts each take a line when the group is broken. `flat` is the one-line form.
 */
type Doc = string | Group;
interface Group {
  readonly open: string;
  readonly head: readonly Doc[];
  readonly body: readonly Doc[];
  readonly close: string;
  readonly flat: string;
  /** Whether the last body part goes in the group's own column (a chain of lets). */
  readonly alignLast: boolean;
}

function group(open: string, head: readonly Doc[], body: readonly Doc[], close: string, alignLast = false): Group {
  return { open, head, body, close, alignLast, flat: open + [...head, ...body].map(flatOf).join(' ') + close };
}

const isBinder = (t: Term): boolean => t.kind === 'Let' || t.kind === 'LetRec';

function flatOf(doc: Doc): string {
  return typeof doc === 'string' ? doc : doc.flat;
}

function toDoc(t: Term): Doc {
  switch (t.kind) {
    case 'Var':
      return printName(t.name);
    case 'Lit':
      return printLit(t.value);
    case 'Host':
      return `@${IDENTIFIER.test(t.name) ? t.name : quoteName(t.name)}`;
    case 'Lam': {
      const name = t.name === undefined ? [] : [printName(t.name)];
      return group('(', ['fn', ...name, group('(', t.params.map(printName), [], ')')], [toDoc(t.body)], ')');
    }
    case 'App':
      return group('(', [toDoc(t.fn)], t.args.map(toDoc), ')');
    case 'Let':
      return group('(', ['let', printName(t.name), toDoc(t.value)], [toDoc(t.body)], ')', isBinder(t.body));
    case 'LetRec': {
      const bindings = t.bindings.map((b) => group('(', [printName(b.name)], [toDoc(b.lam)], ')'));
      return group('(', ['letrec', group('(', [], bindings, ')')], [toDoc(t.body)], ')', isBinder(t.body));
    }
    case 'Tuple':
      return group('[', [], t.items.map(toDoc), ']');
    case 'Proj':
      return group('(', ['proj', String(t.index)], [toDoc(t.tuple)], ')');
    case 'Prim':
      return group('(', [`%${t.op}`], t.args.map(toDoc), ')');
    default:
      return assertNever(t, 'term');
  }
}

/**
 * `doc` starting at `column`: flat if it fits, else broken. A group without a head (a tuple, a
 * binding list) keeps its first part on the opening line and aligns the rest under it.
 */
function render(doc: Doc, column: number, width: number): string {
  if (typeof doc === 'string' || column + doc.flat.length <= width) return flatOf(doc);
  let out = doc.open;
  for (const [i, part] of doc.head.entries()) {
    if (i > 0) out += ' ';
    out += render(part, columnAfter(column, out), width);
  }
  const indent = doc.head.length === 0 ? column + doc.open.length : column + 2;
  for (const [i, part] of doc.body.entries()) {
    const at = doc.alignLast && i === doc.body.length - 1 ? column : indent;
    if (i > 0 || doc.head.length > 0) out += `\n${' '.repeat(at)}`;
    out += render(part, at, width);
  }
  return out + doc.close;
}

/** The column just after `text`, which was written starting at `column`. */
function columnAfter(column: number, text: string): number {
  const lastBreak = text.lastIndexOf('\n');
  return lastBreak < 0 ? column + text.length : text.length - lastBreak - 1;
}
