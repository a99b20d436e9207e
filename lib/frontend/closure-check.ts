/**
 * The closure check: a closure must not observe a reassignment that SSA would hide.
 *
 * A JS closure reads a captured variable when it runs; its translation captures the SSA version
 * current where the closure is created. The two agree unless the variable is assigned after
 * the closure exists. So a capture of a reassignable binding is rejected when the binding is
 * assigned (a) later in source order than the point where the closure is created, or (b)
 * anywhere in a loop that contains the closure but not the binding's declaration (a later
 * iteration assigns it after an earlier iteration made the closure). Assignments inside the
 * closure itself are rejected when they are translated (env.ts `reassign`).
 *
 * Gotcha: a callback passed straight to map/filter/reduce/forEach runs at once, while the
 * captured values are still current, so it is exempt; a closure it creates is not. The capture
 * is recorded against the innermost enclosing function that is not such a callback.
 */
import type * as A from 'acorn';
import { contains } from './ast.js';
import { at, reject, type Binding, type Ctx, type Env, type FnScope } from './context.js';

/** Records that the code at `env` reads `binding` (a no-op unless it is a capture that matters). */
export function noteCapture(ctx: Ctx, env: Env, binding: Binding): void {
  if (binding.kind === 'const' || binding.kind === 'function') return;
  for (let fn: FnScope | undefined = env.fn; fn && fn !== binding.fn; fn = fn.parent) {
    if (!fn.immediate) {
      ctx.captures.push({ binding, fn });
      return;
    }
  }
}

/**
 * Throws `EpicSyntaxError` at the first assignment that a closure capturing the variable would
 * observe differently after translation. Runs once, after the whole function is translated.
 */
export function checkCaptures(ctx: Ctx): void {
  const assignments = new Map<Binding, A.Node[]>();
  for (const a of ctx.assignments) {
    const nodes = assignments.get(a.binding);
    if (nodes) nodes.push(a.node);
    else assignments.set(a.binding, [a.node]);
  }
  const checked = new Map<FnScope, Set<Binding>>();
  for (const { binding, fn } of ctx.captures) {
    const done = checked.get(fn) ?? new Set<Binding>();
    checked.set(fn, done);
    if (done.has(binding)) continue;
    done.add(binding);
    for (const node of assignments.get(binding) ?? []) {
      if (node.start >= fn.createdAt) {
        reject(
          ctx,
          node,
          `${binding.name} is reassigned after the function at ${at(ctx, fn.node)} captures it; ` +
            `copy it to a const before the function (const ${binding.name}Now = ${binding.name}) and use that`,
        );
      }
      const loop = ctx.loops.find((l) => contains(l, fn.node) && contains(l, node) && !contains(l, binding.node));
      if (loop) {
        reject(
          ctx,
          node,
          `${binding.name} is reassigned in the loop at ${at(ctx, loop)}, which also creates the function ` +
            `at ${at(ctx, fn.node)} that captures it; copy it to a const inside the loop and capture that`,
        );
      }
    }
  }
}
