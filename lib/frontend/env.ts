/**
 * Operations on the immutable environment (`Env`, see context.ts): declaring bindings,
 * initialising them, SSA reassignment, scope exit, function and loop entry.
 *
 * Gotcha: SSA. A JS variable is a sequence of term variables, one per assignment: `x = e`
 * becomes `let x$1 = e in …` and updates `current` so later reads see `x$1`. Entering a block
 * adds bindings; leaving it (`leaveScope`) restores the outer names but keeps the new versions
 * of outer bindings, which is how an assignment inside a block reaches the code after it.
 *
 * Scopes are a chain (one link per block, function or loop head around a point) and versions a
 * persistent map (versions.ts), so neither is copied per statement: translation stays linear in
 * the length of the program.
 */
import type * as A from 'acorn';
import { at, reject, type Binding, type BindingKind, type Ctx, type Env, type FnScope } from './context.js';
import { Versions } from './versions.js';

/** A declaration to register before its initialisation (its temporal dead zone starts). */
export interface PendingDecl {
  readonly node: A.Identifier;
  readonly kind: BindingKind;
  readonly arity?: number | undefined;
  readonly pendingReason?: string | undefined;
}

/** The environment at the top of a program: nothing declared. */
export function emptyEnv(fn: FnScope): Env {
  return { scope: undefined, current: Versions.empty(), fn, loop: undefined };
}

/** The environment with `decls` visible but not yet initialised (in a new scope). */
export function declarePending(ctx: Ctx, env: Env, decls: readonly PendingDecl[]): Env {
  if (decls.length === 0) return env;
  const names = new Map<string, Binding>();
  for (const d of decls) {
    const binding: Binding = {
      id: ctx.counters.bindings++,
      name: d.node.name,
      kind: d.kind,
      node: d.node,
      fn: env.fn,
      ...(d.arity === undefined ? {} : { arity: d.arity }),
      ...(d.pendingReason === undefined ? {} : { pendingReason: d.pendingReason }),
    };
    names.set(d.node.name, binding);
  }
  return { ...env, scope: { names, parent: env.scope } };
}

/** The binding `name` denotes here, pending or not. */
export function lookup(env: Env, name: string): Binding | undefined {
  for (let s = env.scope; s; s = s.parent) {
    const binding = s.names.get(name);
    if (binding) return binding;
  }
  return undefined;
}

/** Every name declared here (for "did you mean" hints). */
export function scopeNames(env: Env): string[] {
  const names: string[] = [];
  for (let s = env.scope; s; s = s.parent) for (const name of s.names.keys()) names.push(name);
  return names;
}

/** Whether `binding` has been initialised here. */
export function isInitialised(env: Env, binding: Binding): boolean {
  return env.current.get(binding.id) !== undefined;
}

/** The term variable holding the current version of `binding`; rejects a use in its dead zone. */
export function currentName(ctx: Ctx, env: Env, binding: Binding, use: A.Node): string {
  const name = env.current.get(binding.id);
  if (name !== undefined) return name;
  return reject(
    ctx,
    use,
    binding.pendingReason ??
      `${binding.name} is used before its declaration at ${at(ctx, binding.node)}; move the declaration above this use ` +
        '(a function that uses it must come after it too)',
  );
}

/** Initialises a pending binding: it gets its term name (its own name when still free). */
export function initialise(ctx: Ctx, env: Env, binding: Binding): [Env, string] {
  return withVersion(env, binding, ctx.names.claim(binding.name));
}

/** A new SSA version of `binding` that is not an assignment (e.g. unpacking after an if). */
export function rebind(ctx: Ctx, env: Env, binding: Binding): [Env, string] {
  return withVersion(env, binding, ctx.names.fresh(`${binding.name}$`));
}

/** Several `rebind`s: the new environment and the new names, in order. */
export function rebindAll(ctx: Ctx, env: Env, bindings: readonly Binding[]): [Env, string[]] {
  const names: string[] = [];
  let out = env;
  for (const b of bindings) {
    const [next, name] = rebind(ctx, out, b);
    out = next;
    names.push(name);
  }
  return [out, names];
}

/**
 * An assignment `x = …` at `node`: checks that `x` may be assigned here, records it for the
 * closure check, and returns the environment with the new version.
 */
export function reassign(ctx: Ctx, env: Env, binding: Binding, node: A.Node): [Env, string] {
  currentName(ctx, env, binding, node);
  if (binding.kind === 'const') {
    reject(
      ctx,
      node,
      `Cannot assign to ${binding.name}: it is a const (declared at ${at(ctx, binding.node)}); declare it with let`,
    );
  }
  if (binding.kind === 'function') {
    reject(ctx, node, `Cannot assign to the function ${binding.name}; use a let variable that holds a function`);
  }
  if (binding.fn !== env.fn) {
    reject(
      ctx,
      node,
      `Cannot assign to ${binding.name} inside a nested function: it belongs to the function around it ` +
        `(declared at ${at(ctx, binding.node)}), and a function cannot change outer variables here; return the new value ` +
        'instead, or use reduce or for…of to carry a value through a loop',
    );
  }
  ctx.assignments.push({ binding, node });
  return rebind(ctx, env, binding);
}

/** The outer environment after a block: its names, with the block's new versions of them. */
export function leaveScope(outer: Env, inner: Env): Env {
  return { ...outer, current: inner.current };
}

/** The environment inside a function's body. */
export function enterFunction(env: Env, fn: FnScope): Env {
  return { ...env, fn, loop: undefined };
}

/** The environment inside the body of `loop`; the loop is recorded for the closure check. */
export function enterLoop(ctx: Ctx, env: Env, loop: A.Node): Env {
  ctx.loops.push(loop);
  return { ...env, loop };
}

/** The environment where `binding`'s current version is the term variable `name`. */
export function withVersion(env: Env, binding: Binding, name: string): [Env, string] {
  return [{ ...env, current: env.current.set(binding.id, name) }, name];
}
