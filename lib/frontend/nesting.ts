/**
 * The nesting guard. Translation recurses where the program nests — an expression inside an
 * expression, a statement inside a block, a function inside a function — so a program nested
 * deeply enough would overflow the JS stack. Long programs do not nest: statement sequences,
 * operator chains and member, call and optional chains are translated in loops (steps.ts,
 * spine.ts). What does nest is limited here to `MAX_NESTING` levels, with a located error; the
 * limit also keeps the terms the evaluators receive shallow enough for them. (Measured without
 * the limit: the stack ran out after about 900 levels of nested destructuring and 1,250 to 2,000
 * of other constructs, so 500 leaves room for the caller's own stack and for building errors.)
 *
 * Gotcha: the limit is counted, not measured, so a caller already deep in its own stack could
 * still run out first. That overflow is caught too, at the innermost level, and reported the
 * same way at that level's node — but the error is built only once the stack has unwound
 * (`translateNested`), since building it needs stack of its own.
 */
import type * as A from 'acorn';
import { EpicSyntaxError } from '../errors.js';
import { locOf, type Ctx } from './context.js';

/** The most levels of nested expressions and statements a program may have. */
export const MAX_NESTING = 500;

const TOO_DEEP =
  `The program is too deeply nested (more than ${MAX_NESTING} levels of expressions, statements and ` +
  'functions inside one another)';
const NO_STACK =
  'The program is too deeply nested to translate here (the JS stack ran out; program() was called from ' +
  'deep in the stack)';
const ADVICE = '; move the inner parts into functions or consts of their own';

/**
 * Thrown up from where the nesting is too deep to `translateNested`, which makes the located
 * error: deep in the stack there may be no room to build one (an excerpt, a regular expression).
 */
class TooDeep {
  constructor(
    readonly node: A.Node,
    readonly message: string,
  ) {}
}

/**
 * `translate()`, one nesting level below the current one. Where the program nests too deeply,
 * it abandons the translation, which `translateNested` reports at `node`.
 *
 * @example
 * return nested(ctx, stmt, () => statement(ctx, env, stmt));
 */
export function nested<T>(ctx: Ctx, node: A.Node, translate: () => T): T {
  if (ctx.counters.depth >= MAX_NESTING) throw new TooDeep(node, TOO_DEEP);
  ctx.counters.depth++;
  try {
    return translate();
  } catch (error) {
    throw isStackOverflow(error) ? new TooDeep(node, NO_STACK) : error;
  } finally {
    ctx.counters.depth--;
  }
}

/**
 * A whole translation: a program nested too deeply becomes an `EpicSyntaxError` located at the
 * innermost node reached.
 */
export function translateNested<T>(ctx: Ctx, translate: () => T): T {
  try {
    return translate();
  } catch (error) {
    if (error instanceof TooDeep) throw new EpicSyntaxError(error.message + ADVICE, { loc: locOf(ctx, error.node) });
    throw error;
  }
}

/**
 * Whether `error` is the engine's stack overflow: V8's RangeError, or the SyntaxError it throws
 * for a regular expression compiled with no stack left. (Tested without a regular expression.)
 */
export function isStackOverflow(error: unknown): boolean {
  return (
    (error instanceof RangeError || error instanceof SyntaxError) &&
    error.message.includes('Maximum call stack size exceeded')
  );
}
