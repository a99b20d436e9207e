/**
 * The shapes TypeScript loaders add to a function's text, recognised so programs translate the
 * same however they were loaded (checked with tsx 4.23 / esbuild and vitest 4.1):
 *
 * - tsx (esbuild `keepNames`) wraps named local functions: `const f=__name(y=>y+1,"f")`, and
 *   follows a function declaration with the statement `__name(g,"g");`.
 * - Imported bindings are rewritten to members of a module namespace object, called through an
 *   indirect call so `this` is undefined: vitest gives `(0,__vite_ssr_import_1__.propose)(x)`,
 *   tsx compiling to CommonJS gives `(0,import_hosts.propose)(x)`.
 *
 * Each form is recognised only when the helper name is not a local or a host, so a program that
 * really defines `__name` keeps its meaning.
 */
import type * as A from 'acorn';
import type { Ctx, Env } from './context.js';
import { lookup } from './env.js';

const NAMESPACE = /^(?:__vite_ssr_import_\d+__|import_[\w$]+)$/;

/** Whether `name` has the form of a loader's module namespace (`__vite_ssr_import_1__`, `import_hosts`). */
export function isNamespaceName(name: string): boolean {
  return NAMESPACE.test(name);
}

function isFree(ctx: Ctx, env: Env, name: string): boolean {
  return lookup(env, name) === undefined && !ctx.hosts.has(name);
}

/**
 * `__name(expr, "n")` → `{ expr, name: 'n' }`; anything else → `{ expr: node }`.
 *
 * @example
 * unwrapNamed(ctx, env, parseExpr('__name(y=>y+1,"f")')) // { expr: <y=>y+1>, name: 'f' }
 */
export function unwrapNamed(ctx: Ctx, env: Env, node: A.Expression): { expr: A.Expression; name?: string } {
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== '__name')
    return { expr: node };
  const [expr, name] = node.arguments;
  if (node.arguments.length !== 2 || !isFree(ctx, env, '__name') || !expr || expr.type === 'SpreadElement')
    return { expr: node };
  if (name?.type !== 'Literal' || typeof name.value !== 'string') return { expr: node };
  return { expr, name: name.value };
}

/** Whether `stmt` is tsx's `__name(g, "g");` after a function declaration (it is dropped). */
export function isNameStatement(ctx: Ctx, env: Env, expr: A.Expression): boolean {
  const unwrapped = unwrapNamed(ctx, env, expr);
  return unwrapped.expr !== expr && unwrapped.expr.type === 'Identifier';
}

/** `(0, e)` (an indirect call's callee) → `e`; anything else unchanged. */
export function unwrapIndirect(node: A.Expression): A.Expression {
  if (node.type !== 'SequenceExpression' || node.expressions.length !== 2) return node;
  const [zero, expr] = node.expressions;
  return zero?.type === 'Literal' && zero.value === 0 && expr ? expr : node;
}

/**
 * For `ns.name` where `ns` is a loader's module namespace (and not a local or a host), the
 * imported name; otherwise undefined.
 */
export function importedName(ctx: Ctx, env: Env, node: A.MemberExpression): string | undefined {
  if (node.object.type !== 'Identifier' || node.computed || node.property.type !== 'Identifier') return undefined;
  return isNamespaceName(node.object.name) && isFree(ctx, env, node.object.name) ? node.property.name : undefined;
}
