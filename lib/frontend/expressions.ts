/**
 * Expressions → terms. Expressions never change the environment: assignments and updates are
 * statements here (statements.ts), and used as values they are rejected.
 *
 * - literals → `Lit`; template literals → `template(s0, e0, s1, …)`
 * - `[a, b]` → `Tuple`; `[a, ...xs, b]` → `concat([a], xs, [b])`
 * - `{ a, b: e }` → `record("a", a, "b", e)`; spreads → `merge`
 * - `o.k`, `o[k]` → `get(o, k)`; operators → prims (`-x` → `neg`, `a + b` → `+`)
 * - short-circuits in short-circuit.ts, calls in calls.ts, functions in functions.ts
 */
import type * as A from 'acorn';
import { BINARY_OPS, type BinaryOp, type UnaryOp } from '../terms/prims.js';
import { let_, lit, prim, tuple, type Term } from '../terms/term.js';
import { splitCall } from './calls.js';
import { locOf, reject, type Ctx, type Env } from './context.js';
import { splitLogical, translateChain, translateConditional } from './short-circuit.js';
import { translateFunctionExpr } from './functions.js';
import { globalMemberName, translateGlobalMember, translateIdentifier, translateImported } from './identifiers.js';
import { memberKey, propertyKey } from './keys.js';
import { importedName } from './loader-forms.js';
import { nested } from './nesting.js';
import { translateSpine, whole, type Split } from './spine.js';
import { unknownNode, unsupported } from './unsupported.js';

/**
 * The term of an expression. `name` names the function an expression may evaluate to (the
 * variable or property it is assigned to), for messages and traces.
 *
 * @example
 * translateExpr(ctx, env, parseExpr('a + 1')) // prim('+', [v('a'), lit(1)])
 */
export function translateExpr(
  ctx: Ctx,
  env: Env,
  node: A.Expression | A.Super | A.PrivateIdentifier,
  name?: string,
): Term {
  return nested(ctx, node, () =>
    translateSpine(
      node,
      (n, top) => splitExpr(ctx, env, n, top ? name : undefined),
      () => ctx.names.fresh('$c'),
    ),
  );
}

/** One node of an expression: operators, members and calls split at their left part (spine.ts). */
function splitExpr(
  ctx: Ctx,
  env: Env,
  node: A.Expression | A.Super | A.PrivateIdentifier,
  name: string | undefined,
): Split {
  switch (node.type) {
    case 'BinaryExpression':
      return splitBinary(ctx, env, node);
    case 'LogicalExpression':
      return splitLogical(ctx, env, node);
    case 'MemberExpression':
      return splitMember(ctx, env, node);
    case 'CallExpression':
      return splitCall(ctx, env, node);
    case 'Identifier':
      return whole(translateIdentifier(ctx, env, node));
    case 'Literal':
      return whole(translateLiteral(ctx, node));
    case 'TemplateLiteral':
      return whole(translateTemplate(ctx, env, node));
    case 'ArrayExpression':
      return whole(translateArray(ctx, env, node));
    case 'ObjectExpression':
      return whole(translateObject(ctx, env, node));
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return whole(translateFunctionExpr(ctx, env, node, name === undefined ? {} : { name }));
    case 'UnaryExpression':
      return whole(translateUnary(ctx, env, node));
    case 'ConditionalExpression':
      return whole(translateConditional(ctx, env, node));
    case 'ChainExpression':
      return whole(translateChain(ctx, env, node));
    case 'ParenthesizedExpression':
      return whole(ctx.expr(env, node.expression, name));
    case 'AssignmentExpression':
      return unsupported(ctx, node, 'assignValue');
    case 'UpdateExpression':
      return unsupported(ctx, node, 'updateValue');
    case 'SequenceExpression':
      return unsupported(ctx, node, 'sequence');
    case 'ThisExpression':
      return unsupported(ctx, node, 'this');
    case 'NewExpression':
      return unsupported(ctx, node, 'new');
    case 'YieldExpression':
      return unsupported(ctx, node, 'generator');
    case 'AwaitExpression':
      return unsupported(ctx, node, 'await');
    case 'TaggedTemplateExpression':
      return unsupported(ctx, node, 'taggedTemplate');
    case 'ClassExpression':
      return unsupported(ctx, node, 'class');
    case 'MetaProperty':
      return unsupported(ctx, node, 'metaProperty');
    case 'ImportExpression':
      return unsupported(ctx, node, 'importCall');
    case 'Super':
      return unsupported(ctx, node, 'superRef');
    case 'PrivateIdentifier':
      return unsupported(ctx, node, 'privateName');
    default:
      return unknownNode(ctx, node);
  }
}

function translateLiteral(ctx: Ctx, node: A.Literal): Term {
  if (node.regex) return unsupported(ctx, node, 'regex');
  if (node.bigint !== undefined || typeof node.value === 'bigint') return unsupported(ctx, node, 'bigint');
  const value = node.value;
  if (value instanceof RegExp || value === undefined) return unsupported(ctx, node, 'regex');
  return lit(value, locOf(ctx, node));
}

function translateTemplate(ctx: Ctx, env: Env, node: A.TemplateLiteral): Term {
  const parts: Term[] = [];
  node.quasis.forEach((q, i) => {
    parts.push(lit(q.value.cooked ?? q.value.raw, locOf(ctx, q)));
    const e = node.expressions[i];
    if (e) parts.push(ctx.expr(env, e));
  });
  return prim('template', parts, locOf(ctx, node));
}

function translateArray(ctx: Ctx, env: Env, node: A.ArrayExpression): Term {
  const loc = locOf(ctx, node);
  const segments: Term[] = [];
  let items: Term[] | undefined;
  for (const el of node.elements) {
    if (el === null) return unsupported(ctx, node, 'arrayHole');
    if (el.type === 'SpreadElement') {
      if (items) segments.push(tuple(items, loc));
      items = undefined;
      segments.push(ctx.expr(env, el.argument));
    } else {
      (items ??= []).push(ctx.expr(env, el));
    }
  }
  if (segments.length === 0) return tuple(items ?? [], loc);
  if (items) segments.push(tuple(items, loc));
  return prim('concat', segments, loc);
}

function translateObject(ctx: Ctx, env: Env, node: A.ObjectExpression): Term {
  const loc = locOf(ctx, node);
  const parts: Term[] = [];
  let fields: Term[] | undefined;
  for (const p of node.properties) {
    if (p.type === 'SpreadElement') {
      if (fields) parts.push(prim('record', fields, loc));
      fields = undefined;
      parts.push(ctx.expr(env, p.argument));
      continue;
    }
    if (p.kind !== 'init') return unsupported(ctx, p, 'accessor');
    const key = propertyKey(ctx, p);
    (fields ??= []).push(lit(key, locOf(ctx, p.key)), ctx.expr(env, p.value, key));
  }
  if (fields || parts.length === 0) parts.push(prim('record', fields ?? [], loc));
  const [first, ...rest] = parts;
  const fresh =
    first?.kind === 'Prim' && first.op === 'record' ? first : prim('merge', [prim('record', [], loc), first!], loc);
  return rest.reduce<Term>((acc, part) => prim('merge', [acc, part], loc), fresh);
}

const UNARY: Readonly<Record<string, UnaryOp>> = {
  '-': 'neg',
  '+': 'pos',
  '!': 'not',
  '~': 'bitnot',
  typeof: 'typeof',
};

function translateUnary(ctx: Ctx, env: Env, node: A.UnaryExpression): Term {
  if (node.operator === 'delete') return unsupported(ctx, node, 'delete');
  if (node.operator === 'void') return translateVoid(ctx, env, node);
  const op = UNARY[node.operator];
  if (!op) return reject(ctx, node, `The operator ${node.operator} is not supported`);
  return prim(op, [ctx.expr(env, node.argument)], locOf(ctx, node));
}

/**
 * `void e`: e is evaluated (its calls are made), the value is undefined. Loaders write
 * `undefined` as `void 0` (tsx does), which becomes the literal.
 */
function translateVoid(ctx: Ctx, env: Env, node: A.UnaryExpression): Term {
  const loc = locOf(ctx, node);
  if (node.argument.type === 'Literal') return lit(undefined, loc);
  return let_(ctx.names.fresh('$_'), ctx.expr(env, node.argument), lit(undefined, loc), loc);
}

/** `a op b`, split at `a`. */
function splitBinary(ctx: Ctx, env: Env, node: A.BinaryExpression): Split {
  if (node.operator === 'in') return unsupported(ctx, node, 'in');
  if (node.operator === 'instanceof') return unsupported(ctx, node, 'instanceof');
  if (!(BINARY_OPS as readonly string[]).includes(node.operator)) {
    return reject(ctx, node, `The operator ${node.operator} is not supported`);
  }
  const op = node.operator as BinaryOp;
  return { inner: node.left, finish: (left) => prim(op, [left, ctx.expr(env, node.right)], locOf(ctx, node)) };
}

/** `o.k` / `o[k]` as a value: `get(o, k)`, split at `o`; also `Math.PI` and loader-imported names. */
function splitMember(ctx: Ctx, env: Env, node: A.MemberExpression): Split {
  if (node.object.type === 'Super') return unsupported(ctx, node.object, 'superRef');
  const imported = importedName(ctx, env, node);
  if (imported !== undefined) return whole(translateImported(ctx, env, node, imported));
  const dotted = globalMemberName(ctx, env, node);
  if (dotted !== undefined) return whole(translateGlobalMember(ctx, node, dotted));
  const op = node.optional ? 'getOpt' : 'get';
  return { inner: node.object, finish: (object) => prim(op, [object, memberKey(ctx, env, node)], locOf(ctx, node)) };
}
