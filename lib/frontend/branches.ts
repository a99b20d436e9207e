/**
 * `if`/`else` statements, in one of two forms (control flow is Church-encoded, term.ts
 * `ifThenElse`: the branch not taken is never evaluated).
 *
 * Values form, when neither branch returns: the branches compute the outer variables they
 * assign, v1 … vn, and the code after the `if` unpacks them, so whatever does not depend on
 * the `if` starts at once:
 *
 *     let $t = if c then (A; [v1 … vn]) else (B; [v1 … vn]) in
 *     let v1' = proj($t, 0) … in rest
 *
 * Join-point form, when a branch returns: the rest of the function becomes a local function
 * `$k` that a branch which falls through jumps to; a `return e` ends its branch with `e`:
 *
 *     let $k = λ(v1' … vn'). rest in if c then A' else B'
 *
 * Nested ifs and blocks compose, so early returns at any depth (outside loops) are exact.
 */
import type * as A from 'acorn';
import { app, ifThenElse, lam, let_, v, type Term } from '../terms/term.js';
import { assignedBindings } from './assigned.js';
import { containsReturn } from './ast.js';
import { locOf, type Binding, type Ctx, type Env, type Rest } from './context.js';
import { rebindAll } from './env.js';
import { packState, stateArgs, unpackState } from './ssa.js';
import { close, closed, open, type Step } from './steps.js';

/**
 * An `if` statement.
 *
 * @example
 * // let x = 0; if (c) x = f(); return x
 * // let x = 0 in let $t1 = if c then (let x$1 = f() in [x$1]) else [x] in let x$2 = proj($t1, 0) in x$2
 */
export function translateIf(ctx: Ctx, env: Env, node: A.IfStatement): Step {
  const cond = ctx.expr(env, node.test);
  const vars = assignedBindings(env, [node.consequent, node.alternate]);
  return containsReturn(node) ? joinForm(ctx, env, node, cond, vars) : valuesForm(ctx, env, node, cond, vars);
}

function branch(ctx: Ctx, env: Env, stmt: A.Statement | null | undefined, exit: Rest): Term {
  return stmt ? close(ctx.statement(env, stmt), exit) : exit(env);
}

function valuesForm(ctx: Ctx, env: Env, node: A.IfStatement, cond: Term, vars: readonly Binding[]): Step {
  const loc = locOf(ctx, node);
  const pack: Rest = (e) => packState(ctx, e, vars, node);
  const t = ctx.names.fresh('$t');
  const choice = ifThenElse(cond, branch(ctx, env, node.consequent, pack), branch(ctx, env, node.alternate, pack), loc);
  const unpack = unpackState(ctx, env, vars, v(t, loc), node);
  return { env: unpack.env, frames: [(rest) => let_(t, choice, rest, loc), ...unpack.frames] };
}

function joinForm(ctx: Ctx, env: Env, node: A.IfStatement, cond: Term, vars: readonly Binding[]): Step {
  const loc = locOf(ctx, node);
  const k = ctx.names.fresh('$k');
  let joined = false;
  const jump: Rest = (e) => {
    joined = true;
    return app(v(k, loc), stateArgs(ctx, e, vars, node), loc);
  };
  const choice = ifThenElse(cond, branch(ctx, env, node.consequent, jump), branch(ctx, env, node.alternate, jump), loc);
  if (!joined) return closed(choice);
  const [after, params] = rebindAll(ctx, env, vars);
  return open(after, (rest) => let_(k, lam(params, rest, loc), choice, loc));
}
