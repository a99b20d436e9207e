/**
 * Handing SSA state across control flow: the variables an `if` or a loop assigns travel as a
 * tuple, `[v1 … vn]`, packed where a branch or an iteration ends and unpacked into new versions
 * where the code after it starts. A single variable travels as itself (no tuple), which makes the
 * common one-accumulator loop about twice as fast.
 */
import type * as A from 'acorn';
import { let_, proj, tuple, v, type Term } from '../terms/term.js';
import { locOf, type Binding, type Ctx, type Env } from './context.js';
import { currentName, rebind } from './env.js';
import type { Frame, Open } from './steps.js';

/** `[v1 … vn]`, or `v1` alone when there is one: the current versions of `vars`. */
export function packState(ctx: Ctx, env: Env, vars: readonly Binding[], node: A.Node): Term {
  const items = stateArgs(ctx, env, vars, node);
  return items.length === 1 ? items[0]! : tuple(items, locOf(ctx, node));
}

/** The current versions of `vars` as terms (the arguments of a jump). */
export function stateArgs(ctx: Ctx, env: Env, vars: readonly Binding[], node: A.Node): Term[] {
  const loc = locOf(ctx, node);
  return vars.map((b) => v(currentName(ctx, env, b, node), loc));
}

/**
 * The step `let v1' = proj(t, 0) in … let vn' = proj(t, n-1) in □`, whose environment has the
 * new versions (`let v1' = t` for a single variable).
 *
 * @example
 * // vars [x, y], t = $t1:  let x$1 = proj($t1, 0) in let y$1 = proj($t1, 1) in □, with { x ↦ x$1, y ↦ y$1 }
 */
export function unpackState(ctx: Ctx, env: Env, vars: readonly Binding[], t: Term, node: A.Node): Open {
  const loc = locOf(ctx, node);
  const frames: Frame[] = [];
  let after = env;
  vars.forEach((b, i) => {
    const [next, name] = rebind(ctx, after, b);
    after = next;
    const value = vars.length === 1 ? t : proj(t, i, loc);
    frames.push((rest) => let_(name, value, rest, loc));
  });
  return { env: after, frames };
}
