/**
 * Functions → lambdas: arrow functions and function expressions (nested, closures), named
 * function expressions that call themselves, and the function declarations of a block, which
 * become one `LetRec` so they may call each other.
 *
 * Parameters: an identifier is a `Lam` parameter; a pattern or a default gets a fresh parameter
 * `$p1` destructured at the top of the body (patterns.ts). A block body ends in `undefined`
 * unless it returns.
 *
 * Gotcha, hoisting: JS makes a block's function declarations available from the block's start,
 * but a `LetRec` there could not see the block's `const`s that the functions use. So the group
 * is placed right after the last declaration of a name the functions mention; a use of a
 * function before that point is rejected with the reason (never mis-translated).
 */
import type * as A from 'acorn';
import { lam, letrec, lit, v, type Lam, type Term } from '../terms/term.js';
import { assignedNames } from './assigned.js';
import { declaredNames, patternIdentifiers, referencedNames, type FunctionNode } from './ast.js';
import { at, locOf, type Ctx, type Env, type FnScope, type Rest } from './context.js';
import { declarePending, enterFunction, initialise, lookup } from './env.js';
import { translateExpr } from './expressions.js';
import { bindPattern } from './patterns.js';
import { translateBlock } from './statements.js';
import { unsupported } from './unsupported.js';

/** How a function is translated. */
export interface FunctionOptions {
  /** The name for messages and traces. */
  readonly name?: string | undefined;
  /** A callback invoked at once (map/filter/reduce/forEach, or an IIFE); see closures.ts. */
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
  ctx: Ctx, env: Env, node: A.FunctionExpression | A.ArrowFunctionExpression, options: FunctionOptions = {},
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
  const fn: FnScope = { node, createdAt: options.createdAt ?? node.start, loc, immediate: options.immediate ?? false, parent: env.fn };
  let inner = enterFunction(env, fn);
  if (options.self) {
    inner = declarePending(inner, [{ node: options.self.node, kind: 'const', arity: node.params.length }]);
    inner = { ...inner, current: new Map(inner.current).set(lookup(inner, options.self.node.name)!, options.self.term) };
  }
  inner = declarePending(inner, node.params.flatMap((p) => patternIdentifiers(p)).map((id) => ({ node: id, kind: 'param' as const })));
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
  const body = bindParams(ctx, inner, patterns, (e) => functionBody(ctx, e, node));
  return lam(params, body, loc, options.name);
}

function bindParams(ctx: Ctx, env: Env, patterns: readonly [A.Pattern, string][], next: Rest): Term {
  const [first, ...rest] = patterns;
  if (!first) return next(env);
  const loc = locOf(ctx, first[0]);
  return bindPattern(ctx, env, first[0], v(first[1], loc), 'declare', (e) => bindParams(ctx, e, rest, next));
}

function functionBody(ctx: Ctx, env: Env, node: FunctionNode): Term {
  if (node.body.type !== 'BlockStatement') return translateExpr(ctx, env, node.body);
  const end = locOf(ctx, node);
  return translateBlock(ctx, env, node.body.body, () => lit(undefined, end));
}

/** Where a block's function declarations are placed, and why not at the block's start. */
export interface Placement {
  /** Index of the statement before which the `LetRec` goes. */
  readonly index: number;
  /** The message for a use of one of the functions before that point. */
  readonly reason?: (fn: A.FunctionDeclaration) => string;
}

/**
 * The placement of the function declarations `fns` among `stmts`: after the last statement that
 * declares or assigns a name the functions mention (see the file comment).
 */
export function placeFunctions(ctx: Ctx, stmts: readonly A.Statement[], fns: readonly A.FunctionDeclaration[]): Placement {
  const used = new Set(fns.flatMap((f) => [...f.params, f.body].flatMap((n) => [...referencedNames(n)])));
  let index = 0;
  let cause: { readonly id: A.Node; readonly name: string; readonly how: string } | undefined;
  stmts.forEach((s, i) => {
    if (s.type === 'FunctionDeclaration') return;
    const declared = declaredNames(s).find((id) => used.has(id.name));
    const assigned = declared ? undefined : assignedNames(s).find((name) => used.has(name));
    if (declared) cause = { id: declared, name: declared.name, how: 'declared' };
    else if (assigned !== undefined) cause = { id: s, name: assigned, how: 'assigned' };
    if (declared || assigned !== undefined) index = i + 1;
  });
  if (!cause) return { index };
  const { name, how } = cause;
  const where = at(ctx, cause.id);
  return {
    index,
    reason: (fn) => `The function ${fn.id.name} is used before it can be defined: it refers to ${name}, which is `
      + `${how} later (at ${where}); move that ${how === 'declared' ? 'declaration' : 'assignment'} above the first use of ${fn.id.name}`,
  };
}

/** `letrec f1 = λ… … fn = λ… in body`: a block's function declarations, created at `createdAt`. */
export function translateHoisted(
  ctx: Ctx, env: Env, fns: readonly A.FunctionDeclaration[], createdAt: number, body: Rest,
): Term {
  let inner = env;
  const names: string[] = [];
  for (const f of fns) {
    const [after, name] = initialise(ctx, inner, lookup(inner, f.id.name)!);
    inner = after;
    names.push(name);
  }
  const bindings = fns.map((f, i) => ({ name: names[i]!, lam: lambdaOf(ctx, inner, f, { name: f.id.name, createdAt }) }));
  return letrec(bindings, body(inner), bindings[0]?.lam.loc);
}
