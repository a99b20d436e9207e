/**
 * The constructs the front end rejects, each with a message that names it and says what to
 * write instead. Every rejection goes through `unsupported`, so the error carries the
 * construct's location, an excerpt and a caret.
 */
import type * as A from 'acorn';
import { reject, type Ctx } from './context.js';

/** Messages by construct. */
export const UNSUPPORTED = {
  var: 'var is not supported; use let or const',
  using: 'using declarations are not supported; use const',
  async:
    'async functions are not supported: write the program synchronously (host functions may return Promises and epic-rx waits for them)',
  await:
    'await is not supported: write the call directly (host functions may return Promises and epic-rx waits for them)',
  generator: 'generators (function*, yield) are not supported',
  try: 'try/catch/finally is not supported: a failing host call fails the run; handle errors inside the host function',
  throw: 'throw is not supported: a failing host call fails the run; throw inside a host function',
  switch: 'switch is not supported; use if / else if',
  class: 'classes are not supported; use object literals and functions',
  this: 'this is not supported; pass values as parameters',
  arguments: 'arguments is not supported; name the parameters',
  new: 'new is not supported; build values with literals, or construct objects in a host function',
  label: 'labeled statements are not supported',
  with: 'with is not supported',
  debugger: 'debugger statements are not supported',
  regex: 'regular expression literals are not supported; match text in a host function, or use string methods',
  bigint: 'BigInt literals are not supported',
  taggedTemplate: 'tagged templates are not supported; use a plain template literal or call a function',
  accessor: 'getters and setters are not supported; use plain properties',
  sequence: 'comma (sequence) expressions are not supported as values; write separate statements',
  fieldAssign:
    'assignment to a field (o.x = …) is not supported: objects are immutable here; build a new one: { ...o, x: … }',
  indexAssign: 'assignment to an index (xs[i] = …) is not supported: arrays are immutable here; use xs.with(i, value)',
  assignValue: 'an assignment used as a value is not supported; assign in its own statement',
  updateValue: 'x++ / x-- used as a value is not supported; write x += 1 in its own statement',
  forIn: 'for…in is not supported; use for (const k of Object.keys(o))',
  forAwait: 'for await is not supported: write for…of (host functions may return Promises and epic-rx waits for them)',
  forOfTarget: 'a for…of loop must declare its variable: for (const x of xs)',
  break: 'break is not supported inside loops; use a while loop with a condition, or filter the list first',
  continue: 'continue is not supported inside loops; put the rest of the body in an if',
  loopReturn: 'return is not supported inside loops; keep the result in a let variable and return it after the loop',
  delete: 'delete is not supported: objects are immutable here; build a new object without the key',
  in: 'the in operator is not supported; use Object.keys(o).includes(k) or o?.[k] !== undefined',
  instanceof: 'instanceof is not supported; use typeof or Array.isArray',
  optionalCall: 'optional calls (f?.(), o?.m(), o?.a.m()) are not supported; test with if or use (o ?? default)',
  spreadArgument: 'spread arguments f(...xs) are not supported; pass the array itself',
  restElement: 'rest elements (...rest) are not supported; use slice or a second destructuring',
  computedKey: 'computed object keys ({ [k]: v }) are not supported; use Object.fromEntries([[k, v]])',
  arrayHole: 'array holes ([a, , b]) are not supported; write undefined',
  superRef: 'super is not supported',
  metaProperty: 'new.target and import.meta are not supported',
  importCall: 'dynamic import() is not supported; pass the functions you need as hosts',
  privateName: 'private names (#x) are not supported',
} as const;

/** A construct with a message in `UNSUPPORTED`. */
export type Construct = keyof typeof UNSUPPORTED;

/** Throws the `EpicSyntaxError` for `construct` at `node`. */
export function unsupported(ctx: Ctx, node: A.Node, construct: Construct): never {
  return reject(ctx, node, UNSUPPORTED[construct]);
}

/**
 * For the `default` of an exhaustive switch over node types: at compile time `node` is `never`;
 * should acorn produce a node type the switch does not know, the error names it.
 */
export function unknownNode(ctx: Ctx, node: never): never {
  const n = node as A.Node;
  return reject(ctx, n, `${n.type} is not supported`);
}
