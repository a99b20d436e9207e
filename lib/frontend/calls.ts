/**
 * Calls. `f(a, b)` → `App(f, [a, b])`; a host `judge(x)` → `App(Host judge, [x])` (an external
 * call). Methods and globals become prims:
 *
 * - `xs.map(f)`, `xs.filter(f)` → `map(xs, f)`, `filter(xs, f)`; every callback call starts at once
 * - `xs.reduce(f, init)` → `fold(xs, init, f)`; `xs.reduce(f)` → `fold(xs.slice(1), get(xs, 0), f)`
 *   (only for callbacks of at most two parameters, whose indexes would otherwise shift)
 * - `xs.forEach(f)` → `let $t = map(xs, f) in undefined` (map calls f exactly as forEach does)
 * - `xs.flatMap(f)` → `method(map(xs, f), "flat")` (flatMap is map, then one level of flat)
 * - pure string/array/number methods → `method(recv, "name", …args)`
 * - `Math.max(a, b)`, `String(x)` → `global("Math.max", a, b)`
 *
 * Gotcha: arity. A call of a local function whose parameter count is known (a `const` or a
 * function declaration) is adjusted as JS would: missing arguments are `undefined`, extra ones
 * are evaluated and dropped. Other calls pass their arguments as written.
 */
import type * as A from 'acorn';
import {
  ARRAY_METHODS,
  CALLBACK_ARRAY_METHODS,
  GLOBAL_FUNCTIONS,
  MUTATING_ARRAY_METHODS,
  NUMBER_METHODS,
  STRING_METHODS,
} from '../terms/prims.js';
import { app, let_, lit, prim, type Term } from '../terms/term.js';
import type { Loc } from '../locations.js';
import { locOf, reject, type Ctx, type Env } from './context.js';
import { bindOnce } from './short-circuit.js';
import { lookup } from './env.js';
import { translateFunctionExpr } from './functions.js';
import { globalMemberName, rejectGlobalMember, translateIdentifier, translateImported } from './identifiers.js';
import { importedName, unwrapIndirect, unwrapNamed } from './loader-forms.js';
import { whole, type Split } from './spine.js';
import { unsupported } from './unsupported.js';

/** Callback methods that stop early or mutate, with what to write instead. */
const EARLY_EXIT_METHODS: Readonly<Record<string, string>> = {
  some: 'use xs.filter(f).length > 0',
  every: 'use xs.filter(f).length === xs.length',
  find: 'use xs.filter(f).at(0)',
  findIndex: 'use reduce',
  findLast: 'use xs.filter(f).at(-1)',
  findLastIndex: 'use reduce',
};

/** Array methods with callbacks the front end does not translate, for another reason: what to write instead. */
const UNTRANSLATED_METHODS: Readonly<Record<string, string>> = {
  reduceRight: 'use xs.toReversed().reduce(f, init)',
};

/**
 * A call expression, split at its callee or its method's receiver (spine.ts), so chains such as
 * `s.trim().slice(1).trim()` and `f(a)(b)(c)` translate in a loop.
 *
 * @example
 * // judge(x) with host judge → app(host('judge'), [v('x')])
 * // xs.map((i) => judge(i))  → prim('map', [v('xs'), lam(['i'], app(host('judge'), [v('i')]))])
 */
export function splitCall(ctx: Ctx, env: Env, node: A.CallExpression): Split {
  if (node.optional) return unsupported(ctx, node, 'optionalCall');
  const named = unwrapNamed(ctx, env, node);
  if (named.expr !== node) return whole(ctx.expr(env, named.expr, named.name));
  const args = node.arguments.map((a) => (a.type === 'SpreadElement' ? unsupported(ctx, a, 'spreadArgument') : a));
  if (node.callee.type === 'Super') return unsupported(ctx, node.callee, 'superRef');
  const callee = unwrapIndirect(node.callee);
  const loc = locOf(ctx, node);
  if (callee.type === 'MemberExpression') return splitMethodCall(ctx, env, node, callee, args);
  if (callee.type === 'Identifier') return whole(identifierCall(ctx, env, callee, args, loc));
  if (isFunctionLiteral(callee)) {
    const fn = translateFunctionExpr(ctx, env, callee, { immediate: true });
    return whole(
      fitArity(
        ctx,
        fn,
        args.map((a) => ctx.expr(env, a)),
        callee.params.length,
        loc,
      ),
    );
  }
  return {
    inner: callee,
    finish: (fn) =>
      app(
        fn,
        args.map((a) => ctx.expr(env, a)),
        loc,
      ),
  };
}

function isFunctionLiteral(node: A.Node): node is A.ArrowFunctionExpression | A.FunctionExpression {
  return node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression';
}

function identifierCall(ctx: Ctx, env: Env, callee: A.Identifier, args: readonly A.Expression[], loc: Loc): Term {
  const binding = lookup(env, callee.name);
  const translated = args.map((a) => ctx.expr(env, a));
  if (!binding && !ctx.hosts.has(callee.name) && Object.hasOwn(GLOBAL_FUNCTIONS, callee.name)) {
    return prim('global', [lit(callee.name, loc), ...translated], loc);
  }
  return fitArity(ctx, translateIdentifier(ctx, env, callee), translated, binding?.arity, loc);
}

/** `fn(args)`, padded with `undefined` or with extra arguments evaluated and dropped, to `arity`. */
function fitArity(ctx: Ctx, fn: Term, args: readonly Term[], arity: number | undefined, loc: Loc): Term {
  if (arity === undefined || arity === args.length) return app(fn, args, loc);
  if (args.length < arity)
    return app(fn, [...args, ...Array.from({ length: arity - args.length }, () => lit(undefined, loc))], loc);
  const call = app(fn, args.slice(0, arity), loc);
  return args.slice(arity).reduceRight<Term>((body, extra) => let_(ctx.names.fresh('$_'), extra, body, loc), call);
}

function splitMethodCall(
  ctx: Ctx,
  env: Env,
  node: A.CallExpression,
  callee: A.MemberExpression,
  args: readonly A.Expression[],
): Split {
  const loc = locOf(ctx, node);
  if (callee.optional) return unsupported(ctx, node, 'optionalCall');
  if (callee.object.type === 'Super') return unsupported(ctx, callee.object, 'superRef');
  const imported = importedName(ctx, env, callee);
  if (imported !== undefined) {
    return whole(
      app(
        translateImported(ctx, env, callee, imported),
        args.map((a) => ctx.expr(env, a)),
        loc,
      ),
    );
  }
  const dotted = globalMemberName(ctx, env, callee);
  if (dotted !== undefined) {
    if (!Object.hasOwn(GLOBAL_FUNCTIONS, dotted)) return rejectGlobalMember(ctx, callee, dotted);
    return whole(prim('global', [lit(dotted, loc), ...args.map((a) => ctx.expr(env, a))], loc));
  }
  return { inner: callee.object, finish: (recv) => methodCall(ctx, env, node, callee, recv, args) };
}

/** `recv.name(args)`, the receiver translated. */
function methodCall(
  ctx: Ctx,
  env: Env,
  node: A.CallExpression,
  callee: A.MemberExpression,
  recv: Term,
  args: readonly A.Expression[],
): Term {
  const name = methodName(callee);
  if (name === undefined) {
    return reject(
      ctx,
      callee,
      'Calling a computed member (o[k](…)) is not supported; take the function first: const f = o[k]; f(…)',
    );
  }
  if (CALLBACK_ARRAY_METHODS.has(name)) return callbackMethod(ctx, env, node, recv, name, args);
  const mutating = MUTATING_ARRAY_METHODS[name];
  if (mutating !== undefined && Object.hasOwn(MUTATING_ARRAY_METHODS, name)) {
    return reject(ctx, callee.property, `${name}() mutates the array and is not supported; ${mutating}`);
  }
  const early = Object.hasOwn(EARLY_EXIT_METHODS, name) ? EARLY_EXIT_METHODS[name] : undefined;
  if (early) {
    return reject(
      ctx,
      callee.property,
      `${name}() is not supported (it may stop calling its callback early, which a ` +
        `parallel run does not follow); ${early}`,
    );
  }
  const instead = Object.hasOwn(UNTRANSLATED_METHODS, name) ? UNTRANSLATED_METHODS[name] : undefined;
  if (instead) return reject(ctx, callee.property, `${name}() is not supported; ${instead}`);
  if (STRING_METHODS.has(name) || ARRAY_METHODS.has(name) || NUMBER_METHODS.has(name)) {
    return pureMethod(ctx, env, node, recv, name, args);
  }
  return rejectMethod(ctx, env, callee, name);
}

function methodName(callee: A.MemberExpression): string | undefined {
  if (!callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  const p = callee.property;
  return p.type === 'Literal' && typeof p.value === 'string' ? p.value : undefined;
}

function rejectMethod(ctx: Ctx, env: Env, callee: A.MemberExpression, name: string): never {
  const o = callee.object;
  if (o.type === 'Identifier' && !lookup(env, o.name) && ctx.hosts.has(o.name)) {
    return reject(
      ctx,
      callee.property,
      `Calling a method of the host value ${o.name} is not supported; pass the method as ` +
        `a host of its own: program({ ${name}: ${o.name}.${name}.bind(${o.name}), … }, …)`,
    );
  }
  return reject(
    ctx,
    callee.property,
    `The method ${name}() is not supported: it is not a pure string, array or number method ` +
      `(lib/terms/prims.ts lists them). To call a function stored in a field, take it first: const f = o.${name}; f(…)`,
  );
}

function pureMethod(
  ctx: Ctx,
  env: Env,
  node: A.CallExpression,
  recv: Term,
  name: string,
  args: readonly A.Expression[],
): Term {
  const fnArg = args.find((a) => isFunctionLiteral(unwrapNamed(ctx, env, a).expr));
  if (fnArg) {
    return reject(
      ctx,
      fnArg,
      `Passing a function to ${name}() is not supported (only map, flatMap, filter, reduce and forEach take ` +
        'callbacks); do it in a host function',
    );
  }
  const loc = locOf(ctx, node);
  return prim('method', [recv, lit(name, loc), ...args.map((a) => ctx.expr(env, a))], loc);
}

function callbackMethod(
  ctx: Ctx,
  env: Env,
  node: A.CallExpression,
  recv: Term,
  name: string,
  args: readonly A.Expression[],
): Term {
  const loc = locOf(ctx, node);
  const [f, init] = args;
  const expected = name === 'reduce' ? [1, 2] : [1];
  if (!f || !expected.includes(args.length)) {
    return reject(
      ctx,
      node,
      `${name}() takes ${name === 'reduce' ? 'a callback and an initial value' : 'one callback'} here` +
        `${args.length > expected.length ? ' (a thisArg is not supported)' : ''}`,
    );
  }
  switch (name) {
    case 'map':
    case 'filter':
      return prim(name, [recv, callback(ctx, env, f)], loc);
    case 'forEach':
      return let_(ctx.names.fresh('$t'), prim('map', [recv, callback(ctx, env, f)], loc), lit(undefined, loc), loc);
    case 'flatMap':
      return prim('method', [prim('map', [recv, callback(ctx, env, f)], loc), lit('flat', loc)], loc);
    default:
      return init
        ? prim('fold', [recv, ctx.expr(env, init), callback(ctx, env, f)], loc)
        : reduceFirst(ctx, env, recv, f, loc);
  }
}

/** `xs.reduce(f)`: the first element is the initial value (an error on an empty array, as in JS). */
function reduceFirst(ctx: Ctx, env: Env, recv: Term, f: A.Expression, loc: Loc): Term {
  const fn = unwrapNamed(ctx, env, f).expr;
  if (!isFunctionLiteral(fn) || fn.params.length > 2) {
    return reject(
      ctx,
      f,
      'reduce() without an initial value needs a callback with at most two parameters (acc, x); ' +
        'pass the initial value: xs.reduce(f, init)',
    );
  }
  return bindOnce(ctx, recv, loc, (xs) =>
    prim(
      'fold',
      [
        prim('method', [xs, lit('slice', loc), lit(1, loc)], loc),
        prim('get', [xs, lit(0, loc)], loc),
        callback(ctx, env, f),
      ],
      loc,
    ),
  );
}

/** A callback argument: a function literal is marked as invoked at once (closure-check.ts). */
function callback(ctx: Ctx, env: Env, arg: A.Expression): Term {
  const { expr, name } = unwrapNamed(ctx, env, arg);
  if (!isFunctionLiteral(expr)) return ctx.expr(env, arg);
  return translateFunctionExpr(ctx, env, expr, { immediate: true, ...(name === undefined ? {} : { name }) });
}
