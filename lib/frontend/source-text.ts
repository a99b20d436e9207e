/**
 * Source normalisation: turns the text of `fn.toString()` into an acorn function node.
 *
 * The text is one of: an arrow function (`x=>x+1`, `async (a) => …`), a function expression or
 * declaration (`function f(a){…}`), or a method shorthand (`meth(a){…}`, from `obj.meth`). None
 * of these is a complete program, so it is wrapped: `(text)` for the first two, `({text})` for a
 * method. Both wrappings add characters only before the text, so a node's offset in the text is
 * its offset in the wrapped text less `shift` (see `locOf`).
 *
 * Gotcha: when neither wrapping parses, the error reported is the one of the attempt that got
 * further into the text, which is the reading the author most likely meant.
 */
import type * as A from 'acorn';
import { EpicSyntaxError } from '../errors.js';
import type { Loc, Source } from '../locations.js';
import { LineIndex } from './lines.js';
import { parseProgram } from './parser.js';

/** The function found in the text. */
export interface ParsedFunction {
  readonly fn: A.FunctionExpression | A.ArrowFunctionExpression;
  /** Characters the wrapping added before the text. */
  readonly shift: number;
  /** The method's name, when the text is a method shorthand. */
  readonly methodName?: string;
}

interface Wrapping {
  readonly prefix: string;
  readonly suffix: string;
  readonly extract: (program: A.Program) => ParsedFunction | undefined;
}

const WRAPPINGS: readonly Wrapping[] = [
  { prefix: '(', suffix: '\n)', extract: (p) => asFunction(firstExpression(p), 1) },
  { prefix: '({', suffix: '\n})', extract: (p) => asMethod(firstExpression(p)) },
];

function firstExpression(program: A.Program): A.Expression | undefined {
  const [stmt, ...more] = program.body;
  return stmt?.type === 'ExpressionStatement' && more.length === 0 ? stmt.expression : undefined;
}

function asFunction(e: A.Expression | undefined, shift: number): ParsedFunction | undefined {
  return e?.type === 'ArrowFunctionExpression' || e?.type === 'FunctionExpression' ? { fn: e, shift } : undefined;
}

function asMethod(e: A.Expression | undefined): ParsedFunction | undefined {
  const prop = e?.type === 'ObjectExpression' && e.properties.length === 1 ? e.properties[0] : undefined;
  if (prop?.type !== 'Property' || !prop.method || prop.value.type !== 'FunctionExpression') return undefined;
  const key = prop.key.type === 'Identifier' && !prop.computed ? prop.key.name : undefined;
  return { ...asFunction(prop.value, 2)!, ...(key === undefined ? {} : { methodName: key }) };
}

interface Failure {
  readonly error: unknown;
  readonly reached: number;
}

const TOO_DEEP_TO_PARSE =
  'The program is too deeply nested to parse (acorn ran out of stack space here); move the inner ' +
  'parts into functions or consts of their own';

/**
 * Parses `source.body` (the text of a function) and returns its function node.
 * Throws `EpicSyntaxError` with the location when the text is not a parsable function.
 *
 * @example
 * parseFunctionText({ name: 'p', body: 'x=>x+1' }).fn.type // 'ArrowFunctionExpression'
 */
export function parseFunctionText(source: Source): ParsedFunction {
  const failures: Failure[] = [];
  let parsedOther = false;
  for (const w of WRAPPINGS) {
    let program: A.Program;
    try {
      program = parseProgram(w.prefix + source.body + w.suffix, { ecmaVersion: 'latest', sourceType: 'module' });
    } catch (error) {
      failures.push({ error, reached: errorPos(error) - w.prefix.length });
      continue;
    }
    const found = w.extract(program);
    if (found) return found;
    parsedOther = true;
  }
  const furthest = failures.reduce<Failure | undefined>((a, f) => (a && a.reached >= f.reached ? a : f), undefined);
  if (parsedOther || !furthest) {
    throw new EpicSyntaxError('Expected a function (an arrow function, a function expression or a method)', {
      loc: { line: 1, column: 1, source },
    });
  }
  const message = (furthest.error as Error).message.replace(/\s*\(\d+:\d+\)$/, '');
  const tooDeep = message === 'Not enough stack space to parse input';
  throw new EpicSyntaxError(tooDeep ? TOO_DEEP_TO_PARSE : `Cannot parse the program: ${message}`, {
    loc: positionOf(source, furthest.reached),
    cause: furthest.error,
  });
}

function errorPos(error: unknown): number {
  const pos = (error as { pos?: unknown }).pos;
  return typeof pos === 'number' ? pos : 0;
}

/** The 1-based line and column of `offset` in the text (clamped to the text). */
function positionOf(source: Source, offset: number): Loc {
  return { ...new LineIndex(source.body).position(Math.max(0, Math.min(offset, source.body.length))), source };
}
