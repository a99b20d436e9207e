/**
 * The front end's entry point: the text of a JS function → a λ^O term (`Lam`).
 *
 * Pipeline: normalise and parse the text (source-text.ts) → reserve the source's names that
 * contain `$` and every host name, so generated names (`x$1`, `$t3`, `$k1`, `$loop1`) collide
 * with none → translate the function (functions.ts, statements.ts, expressions.ts, …) → check that no
 * closure would observe a reassignment SSA hides (closure-check.ts).
 *
 * Every term made for a construct carries the construct's location in the user's text, so
 * runtime errors and traces point at it; every error is thrown here, before anything runs.
 */
import type * as A from 'acorn';
import type { OriginalSource, Source } from '../locations.js';
import { app, lam, v, type Lam } from '../terms/term.js';
import { checkCaptures } from './closure-check.js';
import { locOf, type Ctx, type FnScope } from './context.js';
import { emptyEnv } from './env.js';
import { translateExpr } from './expressions.js';
import { bindPattern } from './patterns.js';
import { translateBlock, translateEffect, translateStatement } from './statements.js';
import { LineIndex } from './lines.js';
import { lambdaOf, refersTo, translateFunctionExpr } from './functions.js';
import { NameSupply, namesToReserve } from './names.js';
import { translateNested } from './nesting.js';
import { parseFunctionText } from './source-text.js';

/** Options of `translateFunction`. */
export interface TranslateOptions {
  /** The program's name, for messages and locations (`name:line:column`). */
  readonly name: string;
  /** Where the program was defined, for a person (e.g. `demos/tot.ts:14`). */
  readonly origin?: string;
  /** The file the text came from, with the map of locations into it (original-source.ts). */
  readonly original?: OriginalSource;
  /** The names of the host values the program may use. */
  readonly hosts: ReadonlySet<string>;
}

/**
 * Translates the text of a function (what `fn.toString()` returns: an arrow, a function
 * expression or declaration, or a method shorthand; as written, or as tsx or vitest
 * transformed it) into a `Lam` whose parameters are the function's parameters.
 *
 * Throws `EpicSyntaxError` for text that does not parse or uses an unsupported construct, and
 * `EpicUnboundNameError` for a name that is not a parameter, a local, a host or a known global;
 * both carry the location, an excerpt with a caret, and the origin.
 *
 * @example
 * translateFunction('(puzzle) => best(propose(puzzle))', { name: 'solve', hosts: new Set(['propose', 'best']) })
 * // lam(['puzzle'], app(host('best'), [app(host('propose'), [v('puzzle')])]), loc, 'solve')
 */
export function translateFunction(text: string, options: TranslateOptions): Lam {
  const source: Source = {
    name: options.name,
    body: text,
    ...(options.origin === undefined ? {} : { origin: options.origin }),
    ...(options.original === undefined ? {} : { original: options.original }),
  };
  const parsed = parseFunctionText(source);
  const reserved = new Set([...namesToReserve(text), ...options.hosts]);
  const ctx = createContext(source, parsed.shift, options.hosts, new NameSupply(reserved));
  const node = parsed.fn;
  const name = node.id?.name ?? parsed.methodName ?? options.name;
  const term = translateNested(ctx, () => topLevel(ctx, node, name));
  checkCaptures(ctx);
  return term;
}

/**
 * The context of one translation, with the construct translators wired in (context.ts
 * `Translators`): the one place that knows every construct module.
 */
export function createContext(source: Source, shift: number, hosts: ReadonlySet<string>, names: NameSupply): Ctx {
  const ctx: Ctx = {
    source,
    shift,
    lines: new LineIndex(source.body),
    hosts,
    names,
    captures: [],
    assignments: [],
    loops: [],
    counters: { depth: 0, bindings: 0 },
    expr: (env, node, name) => translateExpr(ctx, env, node, name),
    statement: (env, stmt) => translateStatement(ctx, env, stmt),
    block: (env, stmts) => translateBlock(ctx, env, stmts),
    effect: (env, expr) => translateEffect(ctx, env, expr),
    pattern: (env, pattern, value, mode) => bindPattern(ctx, env, pattern, value, mode),
  };
  return ctx;
}

function topLevel(ctx: Ctx, node: A.FunctionExpression | A.ArrowFunctionExpression, name: string): Lam {
  const loc = locOf(ctx, node);
  const outside: FnScope = { node, createdAt: node.start, loc, immediate: false, parent: undefined };
  const env = emptyEnv(outside);
  if (!(node.type === 'FunctionExpression' && node.id && refersTo(node, node.id.name))) {
    return lambdaOf(ctx, env, node, { name });
  }
  // A named function that calls itself: λ(args). (letrec f = λ… in f)(args)
  const self = translateFunctionExpr(ctx, env, node);
  const params = node.params.map(() => ctx.names.fresh('$arg'));
  return lam(
    params,
    app(
      self,
      params.map((p) => v(p, loc)),
      loc,
    ),
    loc,
    name,
  );
}
