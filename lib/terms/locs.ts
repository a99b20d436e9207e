/**
 * Small structural passes over terms: dropping locations, free variables, and the children of
 * a node and a bottom-up fold for other traversals. Every pass here is iterative, so a term
 * nested 100,000 deep (a long `let` chain, nested calls) costs heap, not JS stack.
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
  return foldTerm<Term>(term, (t, kids) => {
    switch (t.kind) {
      case 'Var':
        return v(t.name);
      case 'Lit':
        return lit(t.value);
      case 'Host':
        return host(t.name);
      case 'Lam':
        return lam(t.params, kids[0]!, undefined, t.name);
      case 'App':
        return app(kids[0]!, kids.slice(1));
      case 'Let':
        return let_(t.name, kids[0]!, kids[1]!);
      case 'LetRec': {
        // The copy of a Lam is a Lam (the case above).
        const bindings = t.bindings.map((b, i) => ({ name: b.name, lam: kids[i] as Lam }));
        return letrec(bindings, kids.at(-1)!);
      }
      case 'Tuple':
        return tuple(kids);
      case 'Proj':
        return proj(kids[0]!, t.index);
      case 'Prim':
        return prim(t.op, kids);
      default:
        return assertNever(t, 'term');
    }
  });
}

/**
 * Folds `term` bottom up: `combine` gets each node with the results for its `children`, in
 * their order, and the result for the root is returned. Iterative (an explicit stack), so it
 * takes terms of any depth; for passes that build something from every node (copies, printing).
 *
 * @example
 * foldTerm<number>(parseTerm('(f (g x))'), (_t, kids) => 1 + Math.max(0, ...kids)) // 3: its depth
 */
export function foldTerm<R>(term: Term, combine: (t: Term, kids: R[]) => R): R {
  const results: R[] = [];
  // Each node is on `todo` twice: first to push its children, then (their count known, their
  // results on top of `results`) to combine them.
  const todo: Term[] = [term];
  const counts: number[] = [-1];
  for (let t = todo.pop(); t; t = todo.pop()) {
    const count = counts.pop()!;
    if (count >= 0) {
      results.push(combine(t, results.splice(results.length - count)));
      continue;
    }
    const kids = children(t);
    todo.push(t);
    counts.push(kids.length);
    for (let i = kids.length - 1; i >= 0; i -= 1) {
      todo.push(kids[i]!);
      counts.push(-1);
    }
  }
  return results[0]!;
}

/**
 * The names of the variables that occur free in `term`, in the order they first occur (left to
 * right, in evaluation order).
 *
 * Scoping: `fn` parameters bind in its body; `let x v b` binds `x` in `b` only (not in `v`);
 * `letrec` binds all its names in every bound function and in its body. Gotchas: a `Lam`'s
 * optional `name` is for messages only and binds nothing, and `Host` names are not variables.
 *
 * Iterative, with one count per name in scope (no set copied per binder): any depth of nesting
 * (a 100,000-long `let` chain, an application nested as deep) takes linear time and memory.
 *
 * @example
 * freeVars(parseTerm('(let x y (fn (z) (x z w)))')) // Set { 'y', 'w' }
 */
export function freeVars(term: Term): Set<string> {
  const free = new Set<string>();
  const inScope = new Map<string, number>();
  const todo: FreeVarsTask[] = [term];
  for (let task = todo.pop(); task; task = todo.pop()) {
    switch (task.kind) {
      case 'Var':
        if (!inScope.has(task.name)) free.add(task.name);
        break;
      case 'Bind':
        for (const name of task.names) inScope.set(name, (inScope.get(name) ?? 0) + 1);
        break;
      case 'Unbind':
        for (const name of task.names) unbind(inScope, name);
        break;
      default:
        pushChildren(todo, task);
    }
  }
  return free;
}

/** A step of `freeVars`: a term to visit, or entering or leaving the scope of some names. */
type FreeVarsTask = Term | { readonly kind: 'Bind' | 'Unbind'; readonly names: readonly string[] };

function unbind(inScope: Map<string, number>, name: string): void {
  const count = inScope.get(name)!;
  if (count === 1) inScope.delete(name);
  else inScope.set(name, count - 1);
}

/**
 * Pushes the steps of visiting `t`'s children onto `todo` (a stack: the last pushed runs first),
 * so that they run in evaluation order and the names `t` binds are in scope in exactly the
 * children they scope over.
 */
function pushChildren(todo: FreeVarsTask[], t: Exclude<Term, { kind: 'Var' }>): void {
  switch (t.kind) {
    case 'Lit':
    case 'Host':
      return;
    case 'Lam':
      return pushInScope(todo, t.params, [t.body]);
    case 'Let':
      pushInScope(todo, [t.name], [t.body]);
      todo.push(t.value);
      return;
    case 'LetRec':
      return pushInScope(
        todo,
        t.bindings.map((b) => b.name),
        children(t),
      );
    case 'App':
    case 'Tuple':
    case 'Proj':
    case 'Prim':
      return pushReversed(todo, children(t));
    default:
      return assertNever(t, 'term');
  }
}

function pushInScope(todo: FreeVarsTask[], names: readonly string[], scope: readonly Term[]): void {
  todo.push({ kind: 'Unbind', names });
  pushReversed(todo, scope);
  todo.push({ kind: 'Bind', names });
}

function pushReversed(todo: FreeVarsTask[], terms: readonly Term[]): void {
  for (let i = terms.length - 1; i >= 0; i -= 1) todo.push(terms[i]!);
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
