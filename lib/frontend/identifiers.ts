/**
 * What a name means: a local (its current SSA version), a host value, or a known global
 * (lib/terms/prims.ts); anything else is an `EpicUnboundNameError` with a hint. Locals shadow
 * hosts, and hosts shadow globals.
 */
import type * as A from 'acorn';
import { EpicUnboundNameError } from '../errors.js';
import { GLOBAL_CONSTANTS, GLOBAL_FUNCTIONS, KNOWN_GLOBALS } from '../terms/prims.js';
import { host, lam, lit, prim, v, type Term } from '../terms/term.js';
import { noteCapture } from './closure-check.js';
import { locOf, reject, type Ctx, type Env } from './context.js';
import { currentName, lookup, scopeNames } from './env.js';
import { IMPURE_MEMBERS, unboundHint } from './hints.js';
import { unsupported } from './unsupported.js';

/** Globals that may be passed as values: they take one argument and ignore any others. */
const UNARY_GLOBALS: ReadonlySet<string> = new Set(['String', 'Number', 'Boolean']);

/**
 * The term for a variable reference.
 *
 * @example
 * // hosts {judge}, local x:  x → Var x;  judge → Host judge;  NaN → Lit NaN;  String → λ($x1). String($x1)
 */
export function translateIdentifier(ctx: Ctx, env: Env, node: A.Identifier): Term {
  const loc = locOf(ctx, node);
  if (node.name === 'arguments') return unsupported(ctx, node, 'arguments');
  const binding = lookup(env, node.name);
  if (binding) {
    const name = currentName(ctx, env, binding, node);
    noteCapture(ctx, env, binding);
    return v(name, loc);
  }
  if (ctx.hosts.has(node.name)) return host(node.name, loc);
  if (Object.hasOwn(GLOBAL_CONSTANTS, node.name)) return lit(GLOBAL_CONSTANTS[node.name], loc);
  if (UNARY_GLOBALS.has(node.name)) {
    const x = ctx.names.fresh('$x');
    return lam([x], prim('global', [lit(node.name, loc), v(x, loc)], loc), loc, node.name);
  }
  if (Object.hasOwn(GLOBAL_FUNCTIONS, node.name)) {
    return reject(ctx, node, `${node.name} can only be called directly; as a value, wrap it: (a) => ${node.name}(a)`);
  }
  if (KNOWN_GLOBALS.has(node.name)) {
    return reject(
      ctx,
      node,
      `${node.name} can only be used through its members, e.g. ${node.name === 'Math' ? 'Math.max(a, b)' : `${node.name}.…(…)`}`,
    );
  }
  return unbound(ctx, env, node, node.name);
}

/** Throws the `EpicUnboundNameError` for `name` at `node`, with a hint. */
export function unbound(ctx: Ctx, env: Env, node: A.Node, name: string): never {
  const candidates = [...ctx.hosts, ...scopeNames(env)];
  throw new EpicUnboundNameError(name, locOf(ctx, node), unboundHint(name, candidates));
}

/** Whether `name` here denotes the global of that name (it is not a local or a host). */
export function isGlobalName(ctx: Ctx, env: Env, name: string): boolean {
  return lookup(env, name) === undefined && !ctx.hosts.has(name) && KNOWN_GLOBALS.has(name);
}

/**
 * The dotted name of `Math.max`-like members (`Math` being the global), else undefined.
 * Computed members of globals are rejected.
 */
export function globalMemberName(ctx: Ctx, env: Env, node: A.MemberExpression): string | undefined {
  if (node.object.type !== 'Identifier' || !isGlobalName(ctx, env, node.object.name)) return undefined;
  if (node.computed || node.property.type !== 'Identifier') {
    return reject(
      ctx,
      node,
      `Computed members of ${node.object.name} are not supported; name the member: ${node.object.name}.name`,
    );
  }
  return `${node.object.name}.${node.property.name}`;
}

/** `Math.PI`-like members used as values. */
export function translateGlobalMember(ctx: Ctx, node: A.MemberExpression, dotted: string): Term {
  if (Object.hasOwn(GLOBAL_CONSTANTS, dotted)) return lit(GLOBAL_CONSTANTS[dotted], locOf(ctx, node));
  if (Object.hasOwn(GLOBAL_FUNCTIONS, dotted)) {
    return reject(ctx, node, `${dotted} can only be called directly; as a value, wrap it: (a, b) => ${dotted}(a, b)`);
  }
  return rejectGlobalMember(ctx, node, dotted);
}

/** Throws for a member of a known global that is not among the supported ones. */
export function rejectGlobalMember(ctx: Ctx, node: A.Node, dotted: string): never {
  const impure = IMPURE_MEMBERS[dotted];
  return reject(
    ctx,
    node,
    impure ??
      `${dotted} is not a supported global (see GLOBAL_FUNCTIONS and GLOBAL_CONSTANTS in ` +
        'lib/terms/prims.ts); pass a host function that does it',
  );
}

/**
 * A name the loader rewrote to a module namespace member (`__vite_ssr_import_1__.propose`): the
 * host of that name, else an unknown-name error that says it is an import.
 */
export function translateImported(ctx: Ctx, env: Env, node: A.MemberExpression, name: string): Term {
  if (ctx.hosts.has(name)) return host(name, locOf(ctx, node));
  const hint = unboundHint(name, [...ctx.hosts, ...scopeNames(env)]);
  const why = hint.startsWith('; did you mean') ? hint : '';
  throw new EpicUnboundNameError(
    name,
    locOf(ctx, node),
    `${why}; it is imported into the module, which a program cannot see: pass it in the host object: program({ ${name}, … }, …)`,
  );
}
