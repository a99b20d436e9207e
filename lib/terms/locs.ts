/**
 * Small structural passes over terms: dropping locations, free variables, and the children of
 * a node for other traversals.
 */
import { assertNever } from '../errors.js';
import { app, host, lam, let_, letrec, lit, prim, proj, tuple, v } from './term.js';
import type { Lam, Term } from './term.js';

/**
 * A copy of `term` with every `loc` removed (at every depth, bindings included), for structural
 * comparison in tests: `expect(withoutLocs(parseTerm(s))).toStrictEqual(expected)`.
 *
 * Gotcha: a `Lam` keeps its `name` when it has one; no key is ever set to `undefined`, so
 * `toStrictEqual` against terms built with the constructors of `term.ts` works.
 *
 * @example
 * withoutLocs(parseTerm('(f x)')) // app(v('f'), [v('x')]), with no loc anywhere
 */
export function withoutLocs(term: Term): Term {
  switch (term.kind) {
    case 'Var':
      return v(term.name);
    case 'Lit':
      return lit(term.value);
    case 'Host':
      return host(term.name);
    case 'Lam':
      return lamWithoutLocs(term);
    case 'App':
      return app(withoutLocs(term.fn), term.args.map(withoutLocs));
    case 'Let':
      return let_(term.name, withoutLocs(term.value), withoutLocs(term.body));
    case 'LetRec': {
      const bindings = term.bindings.map((b) => ({ name: b.name, lam: lamWithoutLocs(b.lam) }));
      return letrec(bindings, withoutLocs(term.body));
    }
    case 'Tuple':
      return tuple(term.items.map(withoutLocs));
    case 'Proj':
      return proj(withoutLocs(term.tuple), term.index);
    case 'Prim':
      return prim(term.op, term.args.map(withoutLocs));
    default:
      return assertNever(term, 'term');
  }
}

function lamWithoutLocs(l: Lam): Lam {
  return lam(l.params, withoutLocs(l.body), undefined, l.name);
}

/**
 * The names of the variables that occur free in `term`.
 *
 * Scoping: `fn` parameters bind in its body; `let x v b` binds `x` in `b` only (not in `v`);
 * `letrec` binds all its names in every bound function and in its body. Gotchas: a `Lam`'s
 * optional `name` is for messages only and binds nothing, and `Host` names are not variables.
 *
 * @example
 * freeVars(parseTerm('(let x y (fn (z) (x z w)))')) // Set { 'y', 'w' }
 */
export function freeVars(term: Term): Set<string> {
  const free = new Set<string>();
  collectFree(term, new Set(), free);
  return free;
}

function collectFree(t: Term, bound: ReadonlySet<string>, free: Set<string>): void {
  const visit = (child: Term, scope: ReadonlySet<string> = bound): void => collectFree(child, scope, free);
  switch (t.kind) {
    case 'Var':
      if (!bound.has(t.name)) free.add(t.name);
      return;
    case 'Lit':
    case 'Host':
      return;
    case 'Lam':
      return visit(t.body, new Set([...bound, ...t.params]));
    case 'App':
      visit(t.fn);
      return t.args.forEach((a) => visit(a));
    case 'Let':
      visit(t.value);
      return visit(t.body, new Set([...bound, t.name]));
    case 'LetRec': {
      const scope = new Set([...bound, ...t.bindings.map((b) => b.name)]);
      t.bindings.forEach((b) => visit(b.lam, scope));
      return visit(t.body, scope);
    }
    case 'Tuple':
      return t.items.forEach((item) => visit(item));
    case 'Proj':
      return visit(t.tuple);
    case 'Prim':
      return t.args.forEach((a) => visit(a));
    default:
      return assertNever(t, 'term');
  }
}

/**
 * The direct subterms of `t`, in evaluation order (a `letrec`'s functions, then its body).
 * For iterative traversals that must not recurse on long `let` chains.
 *
 * @example
 * children(parseTerm('(f x 1)')) // [Var f, Var x, Lit 1]
 */
export function children(t: Term): readonly Term[] {
  switch (t.kind) {
    case 'Var':
    case 'Lit':
    case 'Host':
      return [];
    case 'Lam':
      return [t.body];
    case 'App':
      return [t.fn, ...t.args];
    case 'Let':
      return [t.value, t.body];
    case 'LetRec':
      return [...t.bindings.map((b) => b.lam), t.body];
    case 'Tuple':
      return t.items;
    case 'Proj':
      return [t.tuple];
    case 'Prim':
      return t.args;
    default:
      return assertNever(t, 'term');
  }
}
