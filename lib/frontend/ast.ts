/**
 * Small, generic helpers over acorn's ESTree nodes, used by the scans that run before
 * translation (assigned variables, hoisting) and by the translation itself.
 *
 * Gotcha: the walks here are generic (they visit every child node) so that no node type is
 * silently skipped; they never descend into `loc`. They are iterative, since a long chain
 * (`a.b.c…`, `a + b + …`) is a deep tree.
 */
import type * as A from 'acorn';
import { assertNever } from '../errors.js';

/** A function node of any of the three kinds. */
export type FunctionNode = A.FunctionDeclaration | A.FunctionExpression | A.ArrowFunctionExpression;

/** Whether `x` looks like an ESTree node. */
function isNode(x: unknown): x is A.AnyNode {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';
}

/**
 * The child nodes of `node`, in source order of its fields.
 *
 * @example
 * childNodes(binaryNode) // [left, right]
 */
export function childNodes(node: A.Node): A.AnyNode[] {
  const out: A.AnyNode[] = [];
  const fields = node as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (key === 'loc' || typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) {
      out.push(value);
    }
  }
  return out;
}

/** Whether `node` is a function (declaration, expression or arrow). */
export function isFunctionNode(node: A.Node): node is FunctionNode {
  return (
    node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression'
  );
}

/** Whether the source range of `outer` contains that of `inner`. */
export function contains(outer: A.Node, inner: A.Node): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/**
 * The identifiers a binding pattern declares, in source order.
 *
 * @example
 * patternIdentifiers(parse('const [a, { b: c }] = e').declarations[0].id) // [a, c]
 */
export function patternIdentifiers(pattern: A.Pattern): A.Identifier[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern];
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e ? patternIdentifiers(e) : []));
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => patternIdentifiers(p.type === 'RestElement' ? p.argument : p.value));
    case 'RestElement':
      return patternIdentifiers(pattern.argument);
    case 'AssignmentPattern':
      return patternIdentifiers(pattern.left);
    case 'MemberExpression':
      return [];
    default:
      return assertNever(pattern, 'pattern');
  }
}

/** The names a statement declares in its block (let/const/var declarators, function declarations). */
export function declaredNames(stmt: A.Node): A.Identifier[] {
  if (stmt.type === 'VariableDeclaration') {
    return (stmt as A.VariableDeclaration).declarations.flatMap((d) => patternIdentifiers(d.id));
  }
  if (stmt.type === 'FunctionDeclaration') {
    const id = (stmt as A.FunctionDeclaration).id;
    return id ? [id] : [];
  }
  return [];
}

/**
 * Pre-order walk of `node` and its descendants: `enter(n)` gives the children of `n` to visit
 * (by default all of them; none to skip a subtree).
 */
function walk(node: A.Node, enter: (n: A.AnyNode) => readonly A.AnyNode[]): void {
  const stack: A.AnyNode[] = [node as A.AnyNode];
  for (let n = stack.pop(); n; n = stack.pop()) {
    const children = enter(n);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/**
 * Every name used as a variable inside `node` (not property names after `.` or object keys).
 * An over-approximation: names shadowed inside are included too.
 */
export function referencedNames(node: A.Node): Set<string> {
  const names = new Set<string>();
  walk(node, (n) => {
    if (n.type === 'Identifier') names.add(n.name);
    else if (n.type === 'MemberExpression') return n.computed ? [n.object, n.property] : [n.object];
    else if (n.type === 'Property') return n.computed ? [n.key, n.value] : [n.value];
    return childNodes(n);
  });
  return names;
}

/** Whether a `return` occurs in `node`, outside any nested function. */
export function containsReturn(node: A.Node | null | undefined): boolean {
  if (!node) return false;
  let found = false;
  walk(node, (n) => {
    found ||= n.type === 'ReturnStatement';
    return found || isFunctionNode(n) ? [] : childNodes(n);
  });
  return found;
}
