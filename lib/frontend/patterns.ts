/**
 * Destructuring, in declarations (`const [a, { b: c = 1 }] = e`), parameters, for…of heads and
 * assignments (`[a, b] = [b, a]`).
 *
 * `const [a, b] = e` → `let $t = e in let a = getOpt($t, 0) in let b = getOpt($t, 1) in …`;
 * objects use the property names as keys. `getOpt` gives undefined for a missing element, as JS
 * does. A default `x = d` → `let $t = value in let x = if $t === undefined then d else $t`:
 * `d` is evaluated only when needed, as in JS. Rest elements are rejected.
 *
 * Gotcha: in `declare` mode the names must already be pending in the environment (the block,
 * the function or the loop registers them first, so a default cannot see an outer variable of
 * the same name).
 */
import type * as A from 'acorn';
import { ifThenElse, let_, lit, prim, type Term } from '../terms/term.js';
import { locOf, reject, type Binding, type Ctx, type Env, type Rest } from './context.js';
import { bindOnce } from './control.js';
import { initialise, lookup, reassign } from './env.js';
import { propertyKey, translateExpr } from './expressions.js';
import { isGlobalName, unbound } from './identifiers.js';
import { unknownNode, unsupported } from './unsupported.js';

/** Whether a pattern declares new bindings or assigns existing ones. */
export type PatternMode = 'declare' | 'assign';

/**
 * Binds `pattern` to `value` and continues with `next` in the environment that has the names.
 *
 * @example
 * // const [a, b] = xs
 * bindPattern(ctx, env, pattern, v('xs'), 'declare', next)
 * // let a = getOpt(xs, 0) in let b = getOpt(xs, 1) in next(…)
 */
export function bindPattern(ctx: Ctx, env: Env, pattern: A.Pattern, value: Term, mode: PatternMode, next: Rest): Term {
  const loc = locOf(ctx, pattern);
  switch (pattern.type) {
    case 'Identifier':
      return bindName(ctx, env, pattern, value, mode, next);
    case 'ArrayPattern':
      return bindOnce(ctx, value, loc, (t) => bindAll(ctx, env, pattern.elements.flatMap((el, i) =>
        (el ? [[el, prim('getOpt', [t, lit(i, loc)], locOf(ctx, el))] as const] : [])), mode, next));
    case 'ObjectPattern':
      return bindOnce(ctx, value, loc, (t) => bindAll(ctx, env, pattern.properties.map((p) => {
        if (p.type === 'RestElement') return unsupported(ctx, p, 'restElement');
        return [p.value, prim('getOpt', [t, lit(propertyKey(ctx, p), loc)], locOf(ctx, p))] as const;
      }), mode, next));
    case 'AssignmentPattern':
      return bindOnce(ctx, value, loc, (t) => {
        const name = pattern.left.type === 'Identifier' ? pattern.left.name : undefined;
        const otherwise = translateExpr(ctx, env, pattern.right, name);
        const chosen = ifThenElse(prim('===', [t, lit(undefined, loc)], loc), otherwise, t, loc);
        return bindPattern(ctx, env, pattern.left, chosen, mode, next);
      });
    case 'RestElement':
      return unsupported(ctx, pattern, 'restElement');
    case 'MemberExpression':
      return unsupported(ctx, pattern, pattern.computed ? 'indexAssign' : 'fieldAssign');
    default:
      return unknownNode(ctx, pattern);
  }
}

function bindAll(ctx: Ctx, env: Env, items: readonly (readonly [A.Pattern, Term])[], mode: PatternMode, next: Rest): Term {
  const [first, ...rest] = items;
  if (!first) return next(env);
  return bindPattern(ctx, env, first[0], first[1], mode, (e) => bindAll(ctx, e, rest, mode, next));
}

function bindName(ctx: Ctx, env: Env, id: A.Identifier, value: Term, mode: PatternMode, next: Rest): Term {
  const loc = locOf(ctx, id);
  if (mode === 'declare') {
    const binding = lookup(env, id.name);
    if (!binding) throw new Error(`internal: ${id.name} was not declared before its initialisation`);
    const [after, name] = initialise(ctx, env, binding);
    return let_(name, value, next(after), loc);
  }
  const [after, name] = reassign(ctx, env, assignable(ctx, env, id), id);
  return let_(name, value, next(after), loc);
}

/** The binding an assignment to `id` changes; rejects hosts, globals and unknown names. */
export function assignable(ctx: Ctx, env: Env, id: A.Identifier): Binding {
  const binding = lookup(env, id.name);
  if (binding) return binding;
  if (ctx.hosts.has(id.name)) return reject(ctx, id, `Cannot assign to the host value ${id.name}; declare a local: let x = ${id.name}`);
  if (isGlobalName(ctx, env, id.name)) return reject(ctx, id, `Cannot assign to the global ${id.name}`);
  return unbound(ctx, env, id, id.name);
}
