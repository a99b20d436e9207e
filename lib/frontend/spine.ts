/**
 * Left spines. `a + b + c`, `o.a.b.c`, `s.trim().slice(1).trim()` and `f(x)(y)` nest on the left:
 * the left operand, object or callee of each node is the node below it, so a long chain is a
 * deep tree, and a translation that recursed on the left would overflow the stack on a chain of
 * a few thousand links. Instead each such node is *split* (expressions.ts `splitExpr`): its
 * checks run, and it names its left part and how to finish once that part is translated. The
 * chain is followed down in a loop to a node that does not split, which is translated, and the
 * finishes are applied back up in a second loop — the order of translation (and so of checks,
 * errors and fresh names) is the same as the recursion's.
 *
 * The term of a long chain is deep too, and the evaluators' compilers recurse on terms. So every
 * CUT links the chain so far is bound to a fresh variable (`let $c = … in …`), which they handle
 * in a loop. This changes nothing observable: each link evaluates its left part first and always.
 */
import type * as A from 'acorn';
import { let_, v, type Term } from '../terms/term.js';

/** Links of a chain between two `let`s in its term (here, and in optional chains: short-circuit.ts). */
export const CUT = 64;

/** An expression split at its left part, or translated whole. */
export type Split =
  | { readonly term: Term }
  | { readonly inner: A.Expression | A.Super | A.PrivateIdentifier; readonly finish: (inner: Term) => Term };

/** The split of an expression translated whole. */
export function whole(term: Term): Split {
  return { term };
}

/**
 * The term of `node`, following its left spine in a loop: `split(n, n === node)` splits each
 * node on it.
 *
 * @example
 * translateSpine(node, (n, top) => splitExpr(ctx, env, n, top ? name : undefined), () => ctx.names.fresh('$c'))
 */
export function translateSpine(
  node: A.Expression | A.Super | A.PrivateIdentifier,
  split: (n: A.Expression | A.Super | A.PrivateIdentifier, top: boolean) => Split,
  fresh: () => string,
): Term {
  const finishes: ((inner: Term) => Term)[] = [];
  let s = split(node, true);
  while ('finish' in s) {
    finishes.push(s.finish);
    s = split(s.inner, false);
  }
  let term = s.term;
  const cuts: Array<[string, Term]> = [];
  for (let i = finishes.length - 1; i >= 0; i--) {
    term = finishes[i]!(term);
    if (i > 0 && i % CUT === 0) {
      const name = fresh();
      cuts.push([name, term]);
      term = v(name);
    }
  }
  for (let k = cuts.length - 1; k >= 0; k--) term = let_(cuts[k]![0], cuts[k]![1], term);
  return term;
}
