/**
 * Statements → terms. Each statement gives a step (steps.ts): the frames that what follows it
 * goes inside, so `const a = f(); g(a); return a` becomes `let a = f() in let $_1 = g(a) in a`.
 * A `return` closes its block; control flow is in branches.ts and loops.ts.
 *
 * - `const`/`let` declarations → `let` (several declarators, destructuring, `let x;` is
 *   undefined); a `const f = (…) => …` that refers to itself → `letrec`.
 * - `x = e`, `x op= e`, `x++` → a new SSA version: `let x$1 = e in …` (env.ts).
 * - expression statements → `let $_n = e in …`, so their calls run.
 * - blocks → block scoping; a block's function declarations → `letrec`s (hoisting.ts).
 */
import type * as A from 'acorn';
import type { BinaryOp } from '../terms/prims.js';
import { let_, letrec, lit, prim, type Term } from '../terms/term.js';
import { referencedNames } from './ast.js';
import { locOf, type Ctx, type Env } from './context.js';
import { shortCircuit } from './short-circuit.js';
import { declarePending, initialise, leaveScope, lookup, reassign, type PendingDecl } from './env.js';
import { lambdaOf, translateHoisted } from './functions.js';
import { placeFunctions, type Placement } from './hoisting.js';
import { translateIdentifier } from './identifiers.js';
import { translateIf } from './branches.js';
import { isNameStatement, unwrapNamed } from './loader-forms.js';
import { translateDoWhile, translateFor, translateForOf, translateWhile } from './loops.js';
import { assignable } from './patterns.js';
import { declarationKind, variableDecls } from './declarations.js';
import { nested } from './nesting.js';
import { closed, mapEnv, open, Sequence, type Step } from './steps.js';
import { unknownNode, unsupported } from './unsupported.js';

/**
 * A block's statements in a new scope; the step falls through to the outer names (with the new
 * versions of outer variables the block assigned).
 *
 * @example
 * close(translateBlock(ctx, env, parse('const a = f(); return a').body), exit) // let a = f() in a
 */
export function translateBlock(ctx: Ctx, env: Env, stmts: readonly A.Statement[]): Step {
  const fns = stmts.filter((s): s is A.FunctionDeclaration => s.type === 'FunctionDeclaration');
  const placement = fns.length > 0 ? placeFunctions(ctx, stmts, fns) : undefined;
  const seq = new Sequence(declarePending(ctx, env, blockDecls(ctx, stmts, placement)));
  const groups = placement?.groups ?? [];
  for (let i = 0, g = 0; i <= stmts.length; i++) {
    for (; groups[g]?.index === i; g++) {
      const group = groups[g]!.fns;
      const createdAt = stmts[i]?.start ?? stmts[stmts.length - 1]?.end ?? 0;
      seq.add((e) => translateHoisted(ctx, e, group, createdAt));
    }
    const stmt = stmts[i];
    if (stmt && !seq.add((e) => ctx.statement(e, stmt))) break;
  }
  return mapEnv(seq.step(), (inner) => leaveScope(env, inner));
}

/** The bindings a block declares, pending until their declarations run. */
function blockDecls(ctx: Ctx, stmts: readonly A.Statement[], placement: Placement | undefined): PendingDecl[] {
  return stmts.flatMap((s): PendingDecl[] => {
    if (s.type === 'ClassDeclaration') return unsupported(ctx, s, 'class');
    if (s.type === 'FunctionDeclaration') {
      return [{ node: s.id, kind: 'function', arity: s.params.length, pendingReason: placement?.reason(s) }];
    }
    return s.type === 'VariableDeclaration' ? variableDecls(ctx, s) : [];
  });
}

/** One statement. */
export function translateStatement(ctx: Ctx, env: Env, stmt: A.Statement): Step {
  return nested(ctx, stmt, () => statement(ctx, env, stmt));
}

function statement(ctx: Ctx, env: Env, stmt: A.Statement): Step {
  switch (stmt.type) {
    case 'ExpressionStatement':
      return stmt.directive === undefined ? ctx.effect(env, stmt.expression) : open(env);
    case 'VariableDeclaration':
      return translateDeclaration(ctx, env, stmt);
    case 'FunctionDeclaration':
      return open(env);
    case 'ReturnStatement':
      return closed(translateReturn(ctx, env, stmt));
    case 'IfStatement':
      return translateIf(ctx, env, stmt);
    case 'BlockStatement':
      return ctx.block(env, stmt.body);
    case 'EmptyStatement':
      return open(env);
    case 'ForOfStatement':
      return translateForOf(ctx, env, stmt);
    case 'WhileStatement':
      return translateWhile(ctx, env, stmt);
    case 'DoWhileStatement':
      return translateDoWhile(ctx, env, stmt);
    case 'ForStatement':
      return translateFor(ctx, env, stmt);
    case 'BreakStatement':
      return unsupported(ctx, stmt, 'break');
    case 'ContinueStatement':
      return unsupported(ctx, stmt, 'continue');
    case 'ForInStatement':
      return unsupported(ctx, stmt, 'forIn');
    case 'LabeledStatement':
      return unsupported(ctx, stmt, 'label');
    case 'SwitchStatement':
      return unsupported(ctx, stmt, 'switch');
    case 'ThrowStatement':
      return unsupported(ctx, stmt, 'throw');
    case 'TryStatement':
      return unsupported(ctx, stmt, 'try');
    case 'WithStatement':
      return unsupported(ctx, stmt, 'with');
    case 'ClassDeclaration':
      return unsupported(ctx, stmt, 'class');
    case 'DebuggerStatement':
      return unsupported(ctx, stmt, 'debugger');
    default:
      return unknownNode(ctx, stmt);
  }
}

function translateReturn(ctx: Ctx, env: Env, stmt: A.ReturnStatement): Term {
  if (env.loop) return unsupported(ctx, stmt, 'loopReturn');
  return stmt.argument ? ctx.expr(env, stmt.argument) : lit(undefined, locOf(ctx, stmt));
}

/** An expression in statement position (also a for loop's init and update). */
export function translateEffect(ctx: Ctx, env: Env, expr: A.Expression): Step {
  switch (expr.type) {
    case 'AssignmentExpression':
      return translateAssignment(ctx, env, expr);
    case 'UpdateExpression':
      return translateUpdate(ctx, env, expr);
    case 'SequenceExpression': {
      const seq = new Sequence(env);
      for (const e of expr.expressions) seq.add((inner) => ctx.effect(inner, e));
      return seq.step();
    }
    default: {
      if (isNameStatement(ctx, env, expr)) return open(env);
      const name = ctx.names.fresh('$_');
      const value = ctx.expr(env, expr);
      return open(env, (rest) => let_(name, value, rest, locOf(ctx, expr)));
    }
  }
}

function translateAssignment(ctx: Ctx, env: Env, node: A.AssignmentExpression): Step {
  const target = node.left;
  if (target.type === 'MemberExpression')
    return unsupported(ctx, node, target.computed ? 'indexAssign' : 'fieldAssign');
  if (target.type !== 'Identifier') return ctx.pattern(env, target, ctx.expr(env, node.right), 'assign');
  const binding = assignable(ctx, env, target);
  const loc = locOf(ctx, node);
  const right = (): Term => ctx.expr(env, node.right, target.name);
  let value: Term;
  if (node.operator === '=') value = right();
  else if (node.operator === '||=' || node.operator === '&&=' || node.operator === '??=') {
    value = shortCircuit(
      ctx,
      node.operator.slice(0, 2) as A.LogicalOperator,
      translateIdentifier(ctx, env, target),
      right,
      loc,
    );
  } else {
    value = prim(node.operator.slice(0, -1) as BinaryOp, [translateIdentifier(ctx, env, target), right()], loc);
  }
  const [after, name] = reassign(ctx, env, binding, node);
  return open(after, (rest) => let_(name, value, rest, loc));
}

function translateUpdate(ctx: Ctx, env: Env, node: A.UpdateExpression): Step {
  const target = node.argument;
  if (target.type === 'MemberExpression')
    return unsupported(ctx, node, target.computed ? 'indexAssign' : 'fieldAssign');
  if (target.type !== 'Identifier') return unsupported(ctx, node, 'updateValue');
  const binding = assignable(ctx, env, target);
  const loc = locOf(ctx, node);
  const old = prim('pos', [translateIdentifier(ctx, env, target)], loc);
  const value = prim(node.operator === '++' ? '+' : '-', [old, lit(1, loc)], loc);
  const [after, name] = reassign(ctx, env, binding, node);
  return open(after, (rest) => let_(name, value, rest, loc));
}

function translateDeclaration(ctx: Ctx, env: Env, decl: A.VariableDeclaration): Step {
  declarationKind(ctx, decl);
  if (decl.declarations.length === 1) return translateDeclarator(ctx, env, decl.declarations[0]!);
  const seq = new Sequence(env);
  for (const d of decl.declarations) seq.add((e) => translateDeclarator(ctx, e, d));
  return seq.step();
}

function translateDeclarator(ctx: Ctx, env: Env, d: A.VariableDeclarator): Step {
  const loc = locOf(ctx, d);
  if (!d.init) return ctx.pattern(env, d.id, lit(undefined, loc), 'declare');
  if (d.id.type !== 'Identifier') return ctx.pattern(env, d.id, ctx.expr(env, d.init), 'declare');
  const { expr, name = d.id.name } = unwrapNamed(ctx, env, d.init);
  const isFunction = expr.type === 'ArrowFunctionExpression' || expr.type === 'FunctionExpression';
  if (!isFunction || !referencedNames(expr).has(d.id.name)) {
    return ctx.pattern(env, d.id, ctx.expr(env, expr, name), 'declare');
  }
  const [after, term] = initialise(ctx, env, lookup(env, d.id.name)!);
  const self = expr.type === 'FunctionExpression' && expr.id ? { node: expr.id, term } : undefined;
  const l = lambdaOf(ctx, after, expr, { name, ...(self ? { self } : {}) });
  return open(after, (rest) => letrec([{ name: term, lam: l }], rest, loc));
}
