/**
 * Small, generic helpers over acorn's ESTree nodes, used by the scans that run before
 * translation (fresh names, assigned variables, hoisting) and by the translation itself.
 *
 * Gotcha: the walks here are generic (they visit every child node) so that no node type is
 * silently skipped; they never descend into `loc`.
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
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') continue;
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
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression'
    || node.type === 'ArrowFunctionExpression';
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
    case 'Identifier': return [pattern];
    case 'ArrayPattern': return pattern.elements.flatMap((e) => (e ? patternIdentifiers(e) : []));
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => patternIdentifiers(p.type === 'RestElement' ? p.argument : p.value));
    case 'RestElement': return patternIdentifiers(pattern.argument);
    case 'AssignmentPattern': return patternIdentifiers(pattern.left);
    case 'MemberExpression': return [];
    default: return assertNever(pattern, 'pattern');
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
 * Every name used as a variable inside `node` (not property names after `.` or object keys).
 * An over-approximation: names shadowed inside are included too.
 */
export function referencedNames(node: A.Node): Set<string> {
  const names = new Set<string>();
  const visit = (n: A.AnyNode): void => {
    if (n.type === 'Identifier') names.add(n.name);
    else if (n.type === 'MemberExpression') {
      visit(n.object);
      if (n.computed) visit(n.property);
    } else if (n.type === 'Property') {
      if (n.computed) visit(n.key);
      visit(n.value);
    } else childNodes(n).forEach(visit);
  };
  visit(node as A.AnyNode);
  return names;
}

/** Every identifier name anywhere in `node` (for choosing fresh names that collide with none). */
export function allIdentifiers(node: A.Node): Set<string> {
  const names = new Set<string>();
  const visit = (n: A.AnyNode): void => {
    if (n.type === 'Identifier' || n.type === 'PrivateIdentifier') names.add(n.name);
    childNodes(n).forEach(visit);
  };
  visit(node as A.AnyNode);
  return names;
}

/** Whether a `return` occurs in `node`, outside any nested function. */
export function containsReturn(node: A.Node | null | undefined): boolean {
  if (!node) return false;
  if (node.type === 'ReturnStatement') return true;
  if (isFunctionNode(node)) return false;
  return childNodes(node).some(containsReturn);
}
