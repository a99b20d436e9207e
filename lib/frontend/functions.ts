/**
 * Functions → lambdas: arrow functions and function expressions (nested, closures), named
 * function expressions that call themselves, and the function declarations of a block, which
 * become `LetRec`s so they may call each other.
 *
 * Parameters: an identifier is a `Lam` parameter; a pattern or a default gets a fresh parameter
 * `$p1` destructured at the top of the body (patterns.ts). A block body ends in `undefined`
 * unless it returns.
 *
 * Gotcha, hoisting: JS makes a block's function declarations available from the block's start,
 * but a `LetRec` there could not see the block's `const`s that the functions use; hoisting.ts
 * decides where each goes.
 */
import type * as A from 'acorn';
import { lam, letrec, lit, v, type Lam, type Term } from '../terms/term.js';
import { patternIdentifiers, referencedNames, type FunctionNode } from './ast.js';
import { locOf, type Ctx, type Env, type FnScope } from './context.js';
import { declarePending, enterFunction, initialise, lookup, withVersion } from './env.js';
import { close, open, Sequence, type Step } from './steps.js';
import { unsupported } from './unsupported.js';

/** How a function is translated. */
export interface FunctionOptions {
  /** The name for messages and traces. */
  readonly name?: string | undefined;
  /** A callback invoked at once (map/filter/reduce/forEach, or an IIFE); see closure-check.ts. */
  readonly immediate?: boolean;
  /** Where the closure is created, when not at its own text (hoisted declarations). */
  readonly createdAt?: number;
  /** The name of the function inside itself (a named function expression) and its term name. */
  readonly self?: { readonly node: A.Identifier; readonly term: string };
}

/**
 * A function expression or arrow as a term: its `Lam`, or `letrec f = λ… in f` for a named
 * function expression that refers to itself.
 *
 * @example
 * // (x) => x + 1            → lam(['x'], prim('+', [v('x'), lit(1)]))
 * // function f(n) { … f … } → letrec([{ name: 'f', lam: … }], v('f'))
 */
export function translateFunctionExpr(
  ctx: Ctx,
  env: Env,
  node: A.FunctionExpression | A.ArrowFunctionExpression,
  options: FunctionOptions = {},
): Term {
  const self = node.type === 'FunctionExpression' && node.id && refersTo(node, node.id.name) ? node.id : undefined;
  if (!self) return lambdaOf(ctx, env, node, { ...options, name: options.name ?? node.id?.name });
  const term = ctx.names.claim(self.name);
  const l = lambdaOf(ctx, env, node, { ...options, name: self.name, self: { node: self, term } });
  return letrec([{ name: term, lam: l }], v(term, locOf(ctx, node)), locOf(ctx, node));
}

/** Whether `name` occurs as a variable in the parameters or the body of `node`. */
export function refersTo(node: FunctionNode, name: string): boolean {
  return [...node.params, node.body].some((n) => referencedNames(n).has(name));
}

/** The `Lam` of a function node. */
export function lambdaOf(ctx: Ctx, env: Env, node: FunctionNode, options: FunctionOptions): Lam {
  if (node.async) return unsupported(ctx, node, 'async');
  if (node.generator) return unsupported(ctx, node, 'generator');
  const loc = locOf(ctx, node);
  const fn: FnScope = {
    node,
    createdAt: options.createdAt ?? node.start,
    loc,
    immediate: options.immediate ?? false,
    parent: env.fn,
  };
  let inner = enterFunction(env, fn);
  if (options.self) {
    inner = declarePending(ctx, inner, [{ node: options.self.node, kind: 'const', arity: node.params.length }]);
    [inner] = withVersion(inner, lookup(inner, options.self.node.name)!, options.self.term);
  }
  inner = declarePending(
    ctx,
    inner,
    node.params.flatMap((p) => patternIdentifiers(p)).map((id) => ({ node: id, kind: 'param' as const })),
  );
  const params: string[] = [];
  const patterns: [A.Pattern, string][] = [];
  for (const p of node.params) {
    if (p.type === 'RestElement') return unsupported(ctx, p, 'restElement');
    if (p.type === 'Identifier') {
      const [after, name] = initialise(ctx, inner, lookup(inner, p.name)!);
      inner = after;
      params.push(name);
    } else {
      const name = ctx.names.fresh('$p');
      params.push(name);
      patterns.push([p, name]);
    }
  }
  const seq = new Sequence(inner);
  for (const [p, name] of patterns) seq.add((e) => ctx.pattern(e, p, v(name, locOf(ctx, p)), 'declare'));
  if (node.body.type === 'BlockStatement') {
    const stmts = node.body.body;
    seq.add((e) => ctx.block(e, stmts));
    return lam(
      params,
      close(seq.step(), () => lit(undefined, loc)),
      loc,
      options.name,
    );
  }
  const expr = node.body;
  return lam(
    params,
    close(seq.step(), (e) => ctx.expr(e, expr)),
    loc,
    options.name,
  );
}

/** `letrec f1 = λ… … fn = λ… in □`: a block's function declarations, created at `createdAt`. */
export function translateHoisted(ctx: Ctx, env: Env, fns: readonly A.FunctionDeclaration[], createdAt: number): Step {
  let inner = env;
  const names: string[] = [];
  for (const f of fns) {
    const [after, name] = initialise(ctx, inner, lookup(inner, f.id.name)!);
    inner = after;
    names.push(name);
  }
  const bindings = fns.map((f, i) => ({
    name: names[i]!,
    lam: lambdaOf(ctx, inner, f, { name: f.id.name, createdAt }),
  }));
  return open(inner, (rest) => letrec(bindings, rest, bindings[0]?.lam.loc));
}
