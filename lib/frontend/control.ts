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
import type { Loc } from '../terms/source.js';
import { locOf, type Ctx, type Env } from './context.js';
import { memberKey, translateExpr } from './expressions.js';
import { translateImported } from './identifiers.js';
import { importedName } from './loader-forms.js';
import { unsupported } from './unsupported.js';

/** `body(t)` where `t` names `value` once: `value` itself when it is atomic, else a `let`. */
export function bindOnce(ctx: Ctx, value: Term, loc: Loc, body: (t: Term) => Term): Term {
  if (value.kind === 'Var' || value.kind === 'Lit' || value.kind === 'Host') return body(value);
  const name = ctx.names.fresh('$t');
  return let_(name, value, body(v(name, loc)), loc);
}

/** `left op right` for a logical operator; `right` is built only into the branch that needs it. */
export function shortCircuit(ctx: Ctx, op: A.LogicalOperator, left: Term, right: () => Term, loc: Loc): Term {
  return bindOnce(ctx, left, loc, (t) => {
    switch (op) {
      case '&&': return ifThenElse(t, right(), t, loc);
      case '||': return ifThenElse(t, t, right(), loc);
      case '??': return ifThenElse(prim('==', [t, lit(null, loc)], loc), right(), t, loc);
      default: return assertNever(op, 'logical operator');
    }
  });
}

/** `a && b`, `a || b`, `a ?? b`. */
export function translateLogical(ctx: Ctx, env: Env, node: A.LogicalExpression): Term {
  const left = translateExpr(ctx, env, node.left);
  return shortCircuit(ctx, node.operator, left, () => translateExpr(ctx, env, node.right), locOf(ctx, node));
}

/** `c ? a : b`. */
export function translateConditional(ctx: Ctx, env: Env, node: A.ConditionalExpression): Term {
  const test = translateExpr(ctx, env, node.test);
  return ifThenElse(test, translateExpr(ctx, env, node.consequent), translateExpr(ctx, env, node.alternate), locOf(ctx, node));
}

/** An optional chain of member accesses (`a?.b.c`, `a.b?.[k]`); calls in a chain are rejected. */
export function translateChain(ctx: Ctx, env: Env, node: A.ChainExpression): Term {
  const links: A.MemberExpression[] = [];
  let base: A.Expression | A.Super = node.expression;
  while (base.type === 'MemberExpression') {
    links.unshift(base);
    base = base.object;
  }
  if (node.expression.type === 'CallExpression' || (base.type === 'CallExpression' && hasOptional(base))) {
    return unsupported(ctx, node, 'optionalCall');
  }
  if (base.type === 'Super') return unsupported(ctx, base, 'superRef');
  const first = links[0];
  const imported = first && !first.optional ? importedName(ctx, env, first) : undefined;
  if (first && imported !== undefined) return applyLinks(ctx, env, translateImported(ctx, env, first, imported), links.slice(1));
  return applyLinks(ctx, env, translateExpr(ctx, env, base), links);
}

function hasOptional(node: A.Expression | A.Super): boolean {
  if (node.type === 'MemberExpression') return node.optional || hasOptional(node.object);
  if (node.type === 'CallExpression') return node.optional || hasOptional(node.callee);
  return false;
}

function applyLinks(ctx: Ctx, env: Env, term: Term, links: readonly A.MemberExpression[]): Term {
  const [link, ...rest] = links;
  if (!link) return term;
  const loc = locOf(ctx, link);
  const key = memberKey(ctx, env, link);
  if (!link.optional) return applyLinks(ctx, env, prim('get', [term, key], loc), rest);
  const atomicKey = key.kind === 'Lit' || key.kind === 'Var' || key.kind === 'Host';
  if (rest.length === 0 && atomicKey) return prim('getOpt', [term, key], loc);
  return bindOnce(ctx, term, loc, (t) => ifThenElse(prim('==', [t, lit(null, loc)], loc), lit(undefined, loc),
    applyLinks(ctx, env, prim('getOpt', [t, key], loc), rest), loc));
}
