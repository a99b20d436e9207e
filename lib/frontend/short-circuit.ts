/**
 * Short-circuiting expressions, Church-encoded so the side that is not needed is never
 * evaluated (and makes no host call): `&&`, `||`, `??`, `?:` and optional chains.
 *
 * - `a && b` → `let $t = a in if $t then b else $t`
 * - `a || b` → `let $t = a in if $t then $t else b`
 * - `a ?? b` → `let $t = a in if $t == null then b else $t`
 * - `c ? a : b` → `if c then a else b`
 * - `o?.k` → `getOpt(o, "k")`; `o?.k.m` → `let $t = o in if $t == null then undefined else get(getOpt($t, "k"), "m")`
 *
 * The `let` is left out when the left side is already a variable or a literal.
 */
import type * as A from 'acorn';
import { assertNever } from '../errors.js';
import { ifThenElse, let_, lit, prim, v, type Term } from '../terms/term.js';
import type { Loc } from '../locations.js';
import { locOf, type Ctx, type Env } from './context.js';
import { memberKey } from './keys.js';
import { translateImported } from './identifiers.js';
import { importedName } from './loader-forms.js';
import type { Split } from './spine.js';
import { unsupported } from './unsupported.js';

/** Whether `term` may be used twice without computing anything twice (a variable, literal or host). */
export function isAtomic(term: Term): boolean {
  return term.kind === 'Var' || term.kind === 'Lit' || term.kind === 'Host';
}

/** `body(t)` where `t` names `value` once: `value` itself when it is atomic, else a `let`. */
export function bindOnce(ctx: Ctx, value: Term, loc: Loc, body: (t: Term) => Term): Term {
  if (isAtomic(value)) return body(value);
  const name = ctx.names.fresh('$t');
  return let_(name, value, body(v(name, loc)), loc);
}

/** `left op right` for a logical operator; `right` is built only into the branch that needs it. */
export function shortCircuit(ctx: Ctx, op: A.LogicalOperator, left: Term, right: () => Term, loc: Loc): Term {
  return bindOnce(ctx, left, loc, (t) => {
    switch (op) {
      case '&&':
        return ifThenElse(t, right(), t, loc);
      case '||':
        return ifThenElse(t, t, right(), loc);
      case '??':
        return ifThenElse(prim('==', [t, lit(null, loc)], loc), right(), t, loc);
      default:
        return assertNever(op, 'logical operator');
    }
  });
}

/** `a && b`, `a || b`, `a ?? b`, split at `a` (spine.ts). */
export function splitLogical(ctx: Ctx, env: Env, node: A.LogicalExpression): Split {
  const right = (): Term => ctx.expr(env, node.right);
  return { inner: node.left, finish: (left) => shortCircuit(ctx, node.operator, left, right, locOf(ctx, node)) };
}

/** `c ? a : b`. */
export function translateConditional(ctx: Ctx, env: Env, node: A.ConditionalExpression): Term {
  const test = ctx.expr(env, node.test);
  return ifThenElse(test, ctx.expr(env, node.consequent), ctx.expr(env, node.alternate), locOf(ctx, node));
}

/** An optional chain of member accesses (`a?.b.c`, `a.b?.[k]`); calls in a chain are rejected. */
export function translateChain(ctx: Ctx, env: Env, node: A.ChainExpression): Term {
  const links: A.MemberExpression[] = [];
  let base: A.Expression | A.Super = node.expression;
  for (; base.type === 'MemberExpression'; base = base.object) links.push(base);
  links.reverse();
  if (node.expression.type === 'CallExpression' || (base.type === 'CallExpression' && hasOptional(base))) {
    return unsupported(ctx, node, 'optionalCall');
  }
  if (base.type === 'Super') return unsupported(ctx, base, 'superRef');
  const first = links[0];
  const imported = first && !first.optional ? importedName(ctx, env, first) : undefined;
  if (first && imported !== undefined)
    return applyLinks(ctx, env, translateImported(ctx, env, first, imported), links.slice(1));
  return applyLinks(ctx, env, ctx.expr(env, base), links);
}

function hasOptional(node: A.Expression | A.Super): boolean {
  for (let n = node; ; ) {
    if (n.type === 'MemberExpression') {
      if (n.optional) return true;
      n = n.object;
    } else if (n.type === 'CallExpression') {
      if (n.optional) return true;
      n = n.callee;
    } else return false;
  }
}

/**
 * `term` followed by the member accesses `links`; after an optional one that is not last, the
 * rest of the chain goes in the branch where the object is not null (in a loop: chains are long).
 */
function applyLinks(ctx: Ctx, env: Env, base: Term, links: readonly A.MemberExpression[]): Term {
  const guards: ((rest: Term) => Term)[] = [];
  let term = base;
  links.forEach((link, i) => {
    const loc = locOf(ctx, link);
    const key = memberKey(ctx, env, link);
    if (!link.optional || (i === links.length - 1 && isAtomic(key))) {
      term = prim(link.optional ? 'getOpt' : 'get', [term, key], loc);
      return;
    }
    const value = term;
    const name = isAtomic(value) ? undefined : ctx.names.fresh('$t');
    const t = name === undefined ? value : v(name, loc);
    guards.push((rest) => {
      const guarded = ifThenElse(prim('==', [t, lit(null, loc)], loc), lit(undefined, loc), rest, loc);
      return name === undefined ? guarded : let_(name, value, guarded, loc);
    });
    term = prim('getOpt', [t, key], loc);
  });
  for (let i = guards.length - 1; i >= 0; i--) term = guards[i]!(term);
  return term;
}
