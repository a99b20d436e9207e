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
 * loop as its scope (closure-check.ts), so closures in the body see the value of their iteration.
 */
import type * as A from 'acorn';
import { app, ifThenElse, lam, let_, letrec, prim, v, type Term } from '../terms/term.js';
import { assignedBindings } from './assigned.js';
import { locOf, type Binding, type Ctx, type Env, type Rest } from './context.js';
import { declarePending, enterLoop, initialise, leaveScope, lookup, rebindAll } from './env.js';
import { packState, stateArgs, unpackState } from './ssa.js';
import { variableDecls } from './declarations.js';
import { close, mapEnv, open, Sequence, type Open, type Step } from './steps.js';
import { unsupported } from './unsupported.js';

/** `for (const x of xs) body`. */
export function translateForOf(ctx: Ctx, env: Env, node: A.ForOfStatement): Step {
  if (node.await) return unsupported(ctx, node, 'forAwait');
  if (node.left.type !== 'VariableDeclaration') return unsupported(ctx, node.left, 'forOfTarget');
  const head = node.left.declarations[0]!.id;
  const loc = locOf(ctx, node);
  const pending = variableDecls(ctx, node.left);
  const xs = ctx.expr(declarePending(ctx, env, pending), node.right);
  const vars = assignedBindings(env, [node]);
  const acc = ctx.names.fresh('$acc');
  let inner = declarePending(ctx, enterLoop(ctx, env, node), pending);
  let param: string;
  let bindHead: (e: Env) => Step;
  if (head.type === 'Identifier') {
    [inner, param] = initialise(ctx, inner, lookup(inner, head.name)!);
    bindHead = (e) => open(e);
  } else {
    const name = ctx.names.fresh('$x');
    param = name;
    bindHead = (e) => ctx.pattern(e, head, v(name, locOf(ctx, head)), 'declare');
  }
  const seq = new Sequence(inner);
  seq.add((e) => unpackState(ctx, e, vars, v(acc, loc), node));
  seq.add(bindHead);
  seq.add((e) => ctx.statement(e, node.body));
  const body = close(seq.step(), (e) => packState(ctx, e, vars, node));
  const fold = prim('fold', [xs, packState(ctx, env, vars, node), lam([acc, param], body, loc)], loc);
  return afterLoop(ctx, env, vars, fold, node);
}

/** `let $t = loop in let v1' = proj($t, 0) … in □`: the state after a loop, unpacked. */
function afterLoop(ctx: Ctx, env: Env, vars: readonly Binding[], loop: Term, node: A.Node): Open {
  const loc = locOf(ctx, node);
  const t = ctx.names.fresh('$t');
  const unpack = unpackState(ctx, env, vars, v(t, loc), node);
  return { env: unpack.env, frames: [(rest) => let_(t, loop, rest, loc), ...unpack.frames] };
}

/** `while (c) body`. */
export function translateWhile(ctx: Ctx, env: Env, node: A.WhileStatement): Step {
  const loc = locOf(ctx, node);
  const vars = assignedBindings(env, [node.body]);
  return recursiveLoop(ctx, env, node, vars, (inner, again, stop) =>
    ifThenElse(ctx.expr(inner, node.test), close(ctx.statement(inner, node.body), again), stop(inner), loc),
  );
}

/** `do body while (c)`. */
export function translateDoWhile(ctx: Ctx, env: Env, node: A.DoWhileStatement): Step {
  const loc = locOf(ctx, node);
  const vars = assignedBindings(env, [node.body]);
  return recursiveLoop(ctx, env, node, vars, (inner, again, stop) =>
    close(ctx.statement(inner, node.body), (e) => ifThenElse(ctx.expr(e, node.test), again(e), stop(e), loc)),
  );
}

/** `for (init; test; update) body`. */
export function translateFor(ctx: Ctx, env: Env, node: A.ForStatement): Step {
  const loc = locOf(ctx, node);
  const loop = (e: Env): Step => {
    const vars = assignedBindings(e, [node.test, node.update, node.body]);
    return recursiveLoop(ctx, e, node, vars, (inner, again, stop) => {
      const update = node.update;
      const next: Rest = update ? (e2) => close(ctx.effect(e2, update), again) : again;
      const body = close(ctx.statement(inner, node.body), next);
      return node.test ? ifThenElse(ctx.expr(inner, node.test), body, stop(inner), loc) : body;
    });
  };
  const init = node.init;
  const seq = new Sequence(
    init?.type === 'VariableDeclaration' ? declarePending(ctx, env, variableDecls(ctx, init)) : env,
  );
  if (init?.type === 'VariableDeclaration') seq.add((e) => ctx.statement(e, init));
  else if (init) seq.add((e) => ctx.effect(e, init));
  seq.add(loop);
  return mapEnv(seq.step(), (after) => leaveScope(env, after));
}

type Body = (inner: Env, again: Rest, stop: Rest) => Term;

/** `letrec $loop = λ(vars). body in let $t = $loop(vars) in unpack; □`. */
function recursiveLoop(ctx: Ctx, env: Env, node: A.Node, vars: readonly Binding[], body: Body): Open {
  const loc = locOf(ctx, node);
  const loop = ctx.names.fresh('$loop');
  const [inner, params] = rebindAll(ctx, enterLoop(ctx, env, node), vars);
  const again: Rest = (e) => app(v(loop, loc), stateArgs(ctx, e, vars, node), loc);
  const stop: Rest = (e) => packState(ctx, e, vars, node);
  const fn = lam(params, body(inner, again, stop), loc, loop);
  const first = app(v(loop, loc), stateArgs(ctx, env, vars, node), loc);
  const after = afterLoop(ctx, env, vars, first, node);
  return { env: after.env, frames: [(rest) => letrec([{ name: loop, lam: fn }], rest, loc), ...after.frames] };
}
