/**
 * Which variables a region of code assigns that live outside it: the state an `if` must hand to
 * the code after it, or a loop must carry from one iteration to the next.
 *
 * A scope-aware scan: a name declared inside the region (in a nested block, or in a loop head
 * that is part of the region) is local to it and not reported; nested functions are skipped,
 * since an assignment there to an outer variable is rejected anyway (env.ts `reassign`).
 */
import type * as A from 'acorn';
import { childNodes, declaredNames, isFunctionNode, patternIdentifiers } from './ast.js';
import type { Binding, Env } from './context.js';
import { isInitialised, lookup } from './env.js';

/**
 * The initialised outer bindings that `regions` assign, in order of first assignment.
 *
 * @example
 * // let x = 0, y = 0; if (c) { x = 1; let y = 2; y = 3; }
 * assignedBindings(env, [ifNode.consequent]) // [binding of x]
 */
export function assignedBindings(env: Env, regions: readonly (A.Node | null | undefined)[]): Binding[] {
  const out = new Set<Binding>();
  for (const name of assignedNames(...regions)) {
    const binding = lookup(env, name);
    if (binding && isInitialised(env, binding)) out.add(binding);
  }
  return [...out];
}

/** The names of the outer variables `regions` assign, in order of first assignment. */
export function assignedNames(...regions: readonly (A.Node | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const region of regions) if (region) scan(region as A.AnyNode, out);
  return [...out];
}

/** Adds the names `region` assigns that are not declared inside it (iterative: regions may be deep). */
function scan(region: A.AnyNode, out: Set<string>): void {
  const stack: { node: A.AnyNode; locals: readonly ReadonlySet<string>[] }[] = [{ node: region, locals: [] }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { node, locals } = item;
    if (isFunctionNode(node)) continue;
    const scope = scopeOf(node);
    const inner = scope ? [...locals, scope] : locals;
    for (const name of targets(node)) if (!inner.some((s) => s.has(name))) out.add(name);
    const children = childNodes(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, locals: inner });
  }
}

/** The names a node declares for its own scope (a block, or a loop head). */
function scopeOf(node: A.AnyNode): ReadonlySet<string> | undefined {
  switch (node.type) {
    case 'BlockStatement':
      return new Set(node.body.flatMap((s) => declaredNames(s)).map((id) => id.name));
    case 'ForStatement':
      return node.init?.type === 'VariableDeclaration'
        ? new Set(declaredNames(node.init).map((id) => id.name))
        : undefined;
    case 'ForOfStatement':
    case 'ForInStatement':
      return node.left.type === 'VariableDeclaration'
        ? new Set(declaredNames(node.left).map((id) => id.name))
        : undefined;
    default:
      return undefined;
  }
}

/** The variable names an assignment or update node writes. */
function targets(node: A.AnyNode): string[] {
  if (node.type === 'AssignmentExpression') return patternIdentifiers(node.left).map((id) => id.name);
  if (node.type === 'UpdateExpression' && node.argument.type === 'Identifier') return [node.argument.name];
  return [];
}
