/**
 * Loops. The outer variables a loop body assigns, v1 … vn, are the loop's state: a tuple
 * threaded from one iteration to the next and unpacked after the loop.
 *
 * `for (const x of xs) body` is a fold, so every iteration whose body does not depend on the
 * state dispatches its calls at once:
 *
 *     let $t = fold(xs, [v1 … vn], λ($acc, x). let v1 = proj($acc, 0) … in body; [v1' … vn'])
 *     in let v1'' = proj($t, 0) … in rest
 *
 * `while (c) body` is recursion:
 *
 *     letrec $loop = λ(v1 … vn). if c then (body; $loop(v1' … vn')) else [v1 … vn]
 *     in let $t = $loop(v1 … vn) in let v1' = proj($t, 0) … in rest
 *
 * `do body while (c)` tests after the body; `for (init; test; update) body` is
 * `{ init; while (test) { body; update } }`. `break`, `continue` and `return` inside a loop are
 * rejected (statements.ts), as the paper's subset does.
 *
 * Gotcha: a `for (let i …)` head variable is per iteration in JS; the closure check treats the
 * loop as its scope (closures.ts), so closures in the body see the value of their iteration.
 */
import type * as A from 'acorn';
import { app, ifThenElse, lam, let_, letrec, prim, v, type Term } from '../terms/term.js';
import { assignedBindings } from './assigned.js';
import { locOf, type Binding, type Ctx, type Env, type Rest } from './context.js';
import { declarePending, enterLoop, initialise, leaveScope, lookup, rebindAll } from './env.js';
import { translateExpr } from './expressions.js';
import { bindPattern } from './patterns.js';
import { packState, stateArgs, unpackState } from './ssa.js';
import { translateEffect, translateStatement, variableDecls } from './statements.js';
import { unsupported } from './unsupported.js';

/** `for (const x of xs) body`, then `next`. */
export function translateForOf(ctx: Ctx, env: Env, node: A.ForOfStatement, next: Rest): Term {
  if (node.await) return unsupported(ctx, node, 'forAwait');
  if (node.left.type !== 'VariableDeclaration') return unsupported(ctx, node.left, 'forOfTarget');
  const head = node.left.declarations[0]!.id;
  const loc = locOf(ctx, node);
  const pending = variableDecls(ctx, node.left);
  const xs = translateExpr(ctx, declarePending(env, pending), node.right);
  const vars = assignedBindings(env, [node]);
  const acc = ctx.names.fresh('$acc');
  let inner = declarePending(enterLoop(ctx, env, node), pending);
  let param: string;
  let bindHead: (e: Env, k: Rest) => Term;
  if (head.type === 'Identifier') {
    [inner, param] = initialise(ctx, inner, lookup(inner, head.name)!);
    bindHead = (e, k) => k(e);
  } else {
    const name = ctx.names.fresh('$x');
    param = name;
    bindHead = (e, k) => bindPattern(ctx, e, head, v(name, locOf(ctx, head)), 'declare', k);
  }
  const body = unpackState(ctx, inner, vars, v(acc, loc), node, (e) => bindHead(e, (e2) =>
    translateStatement(ctx, e2, node.body, (e3) => packState(ctx, e3, vars, node))));
  const fold = prim('fold', [xs, packState(ctx, env, vars, node), lam([acc, param], body, loc)], loc);
  const t = ctx.names.fresh('$t');
  return let_(t, fold, unpackState(ctx, env, vars, v(t, loc), node, next), loc);
}

/** `while (c) body`, then `next`. */
export function translateWhile(ctx: Ctx, env: Env, node: A.WhileStatement, next: Rest): Term {
  const loc = locOf(ctx, node);
  const vars = assignedBindings(env, [node.body]);
  return recursiveLoop(ctx, env, node, vars, (inner, again, stop) =>
    ifThenElse(translateExpr(ctx, inner, node.test), translateStatement(ctx, inner, node.body, again), stop(inner), loc), next);
}

/** `do body while (c)`, then `next`. */
export function translateDoWhile(ctx: Ctx, env: Env, node: A.DoWhileStatement, next: Rest): Term {
  const loc = locOf(ctx, node);
  const vars = assignedBindings(env, [node.body]);
  return recursiveLoop(ctx, env, node, vars, (inner, again, stop) => translateStatement(ctx, inner, node.body, (e) =>
    ifThenElse(translateExpr(ctx, e, node.test), again(e), stop(e), loc)), next);
}

/** `for (init; test; update) body`, then `next`. */
export function translateFor(ctx: Ctx, env: Env, node: A.ForStatement, next: Rest): Term {
  const loc = locOf(ctx, node);
  const loop: Rest = (e) => {
    const vars = assignedBindings(e, [node.test, node.update, node.body]);
    return recursiveLoop(ctx, e, node, vars, (inner, again, stop) => {
      const update = node.update;
      const body = translateStatement(ctx, inner, node.body, (e2) => (update ? translateEffect(ctx, e2, update, again) : again(e2)));
      return node.test ? ifThenElse(translateExpr(ctx, inner, node.test), body, stop(inner), loc) : body;
    }, (after) => next(leaveScope(env, after)));
  };
  const init = node.init;
  if (!init) return loop(env);
  if (init.type === 'VariableDeclaration') return translateStatement(ctx, declarePending(env, variableDecls(ctx, init)), init, loop);
  return translateEffect(ctx, env, init, loop);
}

type Step = (inner: Env, again: Rest, stop: Rest) => Term;

/** `letrec $loop = λ(vars). step in let $t = $loop(vars) in unpack; next`. */
function recursiveLoop(ctx: Ctx, env: Env, node: A.Node, vars: readonly Binding[], step: Step, next: Rest): Term {
  const loc = locOf(ctx, node);
  const loop = ctx.names.fresh('$loop');
  const [inner, params] = rebindAll(ctx, enterLoop(ctx, env, node), vars);
  const again: Rest = (e) => app(v(loop, loc), stateArgs(ctx, e, vars, node), loc);
  const stop: Rest = (e) => packState(ctx, e, vars, node);
  const fn = lam(params, step(inner, again, stop), loc, loop);
  const t = ctx.names.fresh('$t');
  const first = app(v(loop, loc), stateArgs(ctx, env, vars, node), loc);
  return letrec([{ name: loop, lam: fn }], let_(t, first, unpackState(ctx, env, vars, v(t, loc), node, next), loc), loc);
}

