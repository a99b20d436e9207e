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
import type { Loc } from '../locations.js';
import { ifThenElse, let_, lit, prim, v, type Term } from '../terms/term.js';
import { locOf, reject, type Binding, type Ctx, type Env, type PatternMode } from './context.js';
import { isAtomic } from './short-circuit.js';
import { initialise, lookup, reassign } from './env.js';
import { propertyKey } from './keys.js';
import { isGlobalName, unbound } from './identifiers.js';
import { nested } from './nesting.js';
import { open, Sequence, type Step } from './steps.js';
import { unknownNode, unsupported } from './unsupported.js';
import { EpicInternalError } from '../errors.js';

/**
 * Binds `pattern` to `value`: the step whose environment has the names.
 *
 * @example
 * // const [a, b] = xs
 * bindPattern(ctx, env, pattern, v('xs'), 'declare')
 * // frames: let a = getOpt(xs, 0) in □, let b = getOpt(xs, 1) in □
 */
export function bindPattern(ctx: Ctx, env: Env, pattern: A.Pattern, value: Term, mode: PatternMode): Step {
  return nested(ctx, pattern, () => bind(ctx, env, pattern, value, mode));
}

function bind(ctx: Ctx, env: Env, pattern: A.Pattern, value: Term, mode: PatternMode): Step {
  const loc = locOf(ctx, pattern);
  switch (pattern.type) {
    case 'Identifier':
      return bindName(ctx, env, pattern, value, mode);
    case 'ArrayPattern':
      return bindParts(
        ctx,
        env,
        value,
        loc,
        (t) =>
          pattern.elements.flatMap((el, i) =>
            el ? [[el, prim('getOpt', [t, lit(i, loc)], locOf(ctx, el))] as const] : [],
          ),
        mode,
      );
    case 'ObjectPattern':
      return bindParts(
        ctx,
        env,
        value,
        loc,
        (t) =>
          pattern.properties.map((p) => {
            if (p.type === 'RestElement') return unsupported(ctx, p, 'restElement');
            return [p.value, prim('getOpt', [t, lit(propertyKey(ctx, p), loc)], locOf(ctx, p))] as const;
          }),
        mode,
      );
    case 'AssignmentPattern': {
      const name = pattern.left.type === 'Identifier' ? pattern.left.name : undefined;
      return bindParts(
        ctx,
        env,
        value,
        loc,
        (t) => {
          const otherwise = ctx.expr(env, pattern.right, name);
          return [[pattern.left, ifThenElse(prim('===', [t, lit(undefined, loc)], loc), otherwise, t, loc)]];
        },
        mode,
      );
    }
    case 'RestElement':
      return unsupported(ctx, pattern, 'restElement');
    case 'MemberExpression':
      return unsupported(ctx, pattern, pattern.computed ? 'indexAssign' : 'fieldAssign');
    default:
      return unknownNode(ctx, pattern);
  }
}

type Parts = readonly (readonly [A.Pattern, Term])[];

/**
 * Names `value` once (a `let $t` unless it is atomic, short-circuit.ts `bindOnce`), then binds the
 * patterns `parts(t)` gives to their terms, in order.
 */
function bindParts(ctx: Ctx, env: Env, value: Term, loc: Loc, parts: (t: Term) => Parts, mode: PatternMode): Step {
  const seq = new Sequence(env);
  let t = value;
  if (!isAtomic(value)) {
    const name = ctx.names.fresh('$t');
    seq.frame((rest) => let_(name, value, rest, loc));
    t = v(name, loc);
  }
  for (const [p, term] of parts(t)) seq.add((e) => ctx.pattern(e, p, term, mode));
  return seq.step();
}

function bindName(ctx: Ctx, env: Env, id: A.Identifier, value: Term, mode: PatternMode): Step {
  const loc = locOf(ctx, id);
  if (mode === 'declare') {
    const binding = lookup(env, id.name);
    if (!binding) throw new EpicInternalError(`${id.name} was not declared before its initialisation`);
    const [after, name] = initialise(ctx, env, binding);
    return open(after, (rest) => let_(name, value, rest, loc));
  }
  const [after, name] = reassign(ctx, env, assignable(ctx, env, id), id);
  return open(after, (rest) => let_(name, value, rest, loc));
}

/** The binding an assignment to `id` changes; rejects hosts, globals and unknown names. */
export function assignable(ctx: Ctx, env: Env, id: A.Identifier): Binding {
  const binding = lookup(env, id.name);
  if (binding) return binding;
  if (ctx.hosts.has(id.name))
    return reject(ctx, id, `Cannot assign to the host value ${id.name}; declare a local: let x = ${id.name}`);
  if (isGlobalName(ctx, env, id.name)) return reject(ctx, id, `Cannot assign to the global ${id.name}`);
  return unbound(ctx, env, id, id.name);
}
