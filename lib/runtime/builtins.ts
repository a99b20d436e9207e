/**
 * The first-order builtins (`Prim` ops) on resolved values; see
 * `lib/terms/prims.ts` for what each op means and how strict it is. The higher-order ops
 * (`bool`, `fold`, `map`, `filter`) apply program functions and live in lib/compile/prim-code.ts.
 *
 * Errors (a missing property, a bad method, `JSON.parse` of bad text, …) are
 * `EpicRuntimeError`s carrying the op's location.
 */
import { EpicInternalError, EpicRuntimeError } from '../errors.js';
import {
  ARRAY_METHODS,
  GLOBAL_FUNCTIONS,
  NUMBER_METHODS,
  SHALLOW_ARRAY_METHODS,
  STRING_METHODS,
  type BinaryOp,
  type PrimOp,
  type UnaryOp,
} from '../terms/prims.js';
import type { Loc } from '../locations.js';
import { assertData, describe, FunctionValue, isFunction, typeOf } from './values.js';

/** How resolved an argument must be before a prim computes (see prims.ts). */
export type Strictness = 'deep' | 'shallow' | 'lazy';

/**
 * The strictness of argument `index` of `op`; `name` is the method name for `method`.
 *
 * Gotcha: `==` and `!=` are deep because comparing an object with a primitive converts the
 * object to a string, which reads every element; only against a literal `null`/`undefined`
 * (how `??` and `?.` test) is shallow enough, and the compiler narrows that case itself.
 */
export function strictness(op: PrimOp, index: number, name?: unknown): Strictness {
  switch (op) {
    case '===':
    case '!==':
    case 'typeof':
    case 'not':
    case 'bool':
    case 'concat':
    case 'merge':
    case 'map':
    case 'filter':
      return 'shallow';
    case 'record':
      return index % 2 === 0 ? 'deep' : 'lazy';
    case 'get':
    case 'getOpt':
      return index === 0 ? 'shallow' : 'deep';
    case 'fold':
      return index === 1 ? 'lazy' : 'shallow';
    case 'method':
      return typeof name === 'string' && SHALLOW_ARRAY_METHODS.has(name) ? 'shallow' : 'deep';
    default:
      return 'deep';
  }
}

type Binary = (a: any, b: any) => unknown;

/** JS semantics of the binary operators. */
export const BINARY: Readonly<Record<BinaryOp, Binary>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '**': (a, b) => a ** b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  // biome-ignore lint/suspicious/noDoubleEquals: the program's == is JavaScript's loose one
  '==': (a, b) => a == b,
  // biome-ignore lint/suspicious/noDoubleEquals: the program's != is JavaScript's loose one
  '!=': (a, b) => a != b,
  '===': (a, b) => a === b,
  '!==': (a, b) => a !== b,
  '&': (a, b) => a & b,
  '|': (a, b) => a | b,
  '^': (a, b) => a ^ b,
  '<<': (a, b) => a << b,
  '>>': (a, b) => a >> b,
  '>>>': (a, b) => a >>> b,
};

/** JS semantics of the unary operators. */
export const UNARY: Readonly<Record<UnaryOp, (a: any) => unknown>> = {
  neg: (a) => -a,
  pos: (a) => +a,
  not: (a) => !a,
  bitnot: (a) => ~a,
  typeof: typeOf,
};

const isIndex = (k: unknown, length: number): k is number =>
  typeof k === 'number' ? Number.isInteger(k) && k >= 0 && k < length : false;

/** `o[k]` with the rules of prims.ts `get` (or `getOpt` when `optional`). */
export function getProperty(o: unknown, k: unknown, optional: boolean, loc: Loc | undefined): unknown {
  if (o instanceof FunctionValue)
    throw new EpicRuntimeError(`Cannot read property ${JSON.stringify(k)} of ${describe(o)}`, { loc });
  if (o === null || o === undefined) {
    if (optional) return undefined;
    throw new EpicRuntimeError(`Cannot read property ${JSON.stringify(k)} of ${String(o)}`, { loc });
  }
  if (Array.isArray(o) || typeof o === 'string') {
    if (k === 'length') return o.length;
    const i = typeof k === 'string' && /^\d+$/.test(k) ? Number(k) : k;
    if (isIndex(i, o.length)) return o[i];
  } else if (typeof o === 'object' && Object.hasOwn(o, k as PropertyKey)) {
    return (o as Record<PropertyKey, unknown>)[k as PropertyKey];
  }
  if (optional) return undefined;
  throw new EpicRuntimeError(`Property ${JSON.stringify(k)} does not exist on ${describe(o)}`, { loc });
}

/** `[...a1, …, ...an]`; strings spread into characters. */
export function concatArrays(parts: readonly unknown[], loc: Loc | undefined): unknown[] {
  const out: unknown[] = [];
  for (const part of parts) {
    if (Array.isArray(part)) for (const x of part) out.push(x);
    else if (typeof part === 'string') out.push(...part);
    else throw new EpicRuntimeError(`Cannot spread ${describe(part)} into an array`, { loc });
  }
  return out;
}

/** `{k0: v0, k1: v1, …}` from alternating keys and values. */
export function makeRecord(args: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < args.length; i += 2) {
    Object.defineProperty(out, String(args[i]), {
      value: args[i + 1],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A template literal: every part through `String`, joined. */
export function template(parts: readonly unknown[], loc: Loc | undefined): string {
  let out = '';
  for (const p of parts) out += textOf(p, loc);
  return out;
}

/** `String(v)` for a template part; a function (host or program) is an error, not its source. */
export function textOf(v: unknown, loc: Loc | undefined): string {
  if (isFunction(v)) throw new EpicRuntimeError(`Cannot convert ${describe(v)} to a string`, { loc });
  try {
    return String(v);
  } catch (error) {
    throw located('a template literal', error, loc);
  }
}

/**
 * `a + b`; a function operand (host or program) is an error, not its source or "[object Object]",
 * and so is what JS throws (a string past the maximum length, an object whose `toString` fails).
 */
export function plus(a: unknown, b: unknown, loc: Loc | undefined): unknown {
  if (isFunction(a) || isFunction(b))
    throw new EpicRuntimeError(`Cannot use ${describe(isFunction(a) ? a : b)} in +`, { loc });
  try {
    return (a as string) + (b as string);
  } catch (error) {
    throw located('+', error, loc);
  }
}

function located(what: string, error: unknown, loc: Loc | undefined): EpicRuntimeError {
  const message = error instanceof Error ? error.message : String(error);
  return new EpicRuntimeError(`${what} failed: ${message}`, { loc, cause: error });
}

/** `recv[name](...args)` for a pure method of recv's type (prims.ts lists them). */
export function callMethod(recv: unknown, name: unknown, args: readonly unknown[], loc: Loc | undefined): unknown {
  const table =
    typeof recv === 'string'
      ? STRING_METHODS
      : Array.isArray(recv)
        ? ARRAY_METHODS
        : typeof recv === 'number'
          ? NUMBER_METHODS
          : undefined;
  if (typeof name !== 'string' || !table?.has(name)) {
    throw new EpicRuntimeError(`${describe(recv)} has no supported method ${JSON.stringify(name)}`, { loc });
  }
  checkData(args, name, loc);
  try {
    return (recv as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);
  } catch (error) {
    throw located(`${name}()`, error, loc);
  }
}

/** A pure global function such as `Math.max` or `JSON.parse`. */
export function callGlobal(name: unknown, args: readonly unknown[], loc: Loc | undefined): unknown {
  const fn = typeof name === 'string' && Object.hasOwn(GLOBAL_FUNCTIONS, name) ? GLOBAL_FUNCTIONS[name] : undefined;
  if (!fn) throw new EpicRuntimeError(`${String(name)} is not a supported global function`, { loc });
  checkData(args, name as string, loc); // a string: GLOBAL_FUNCTIONS has it
  try {
    return (fn as (...a: unknown[]) => unknown)(...args);
  } catch (error) {
    throw located(`${name}()`, error, loc);
  }
}

/** `assertData` for the arguments of builtin `name` (its message built only for a container or a function). */
function checkData(args: readonly unknown[], name: string, loc: Loc | undefined): void {
  for (const a of args)
    if ((typeof a === 'object' && a !== null) || typeof a === 'function')
      assertData(a, `${name}()`, 'builtins', loc, true);
}

/**
 * Applies a first-order op to resolved arguments. `bool`, `fold`, `map` and `filter` are not
 * first-order: lib/compile/prim-code.ts implements them.
 */
export function applyFirstOrder(op: PrimOp, args: readonly unknown[], loc: Loc | undefined): unknown {
  switch (op) {
    case 'concat':
      return concatArrays(args, loc);
    case 'record':
      return makeRecord(args);
    case 'merge':
      for (const part of args)
        if (part instanceof FunctionValue)
          throw new EpicRuntimeError(`Cannot spread ${describe(part)} into an object`, { loc });
      return { ...(args[0] as object), ...(args[1] as object) };
    case 'get':
      return getProperty(args[0], args[1], false, loc);
    case 'getOpt':
      return getProperty(args[0], args[1], true, loc);
    case 'template':
      return template(args, loc);
    case '+':
      return plus(args[0], args[1], loc);
    case 'method':
      return callMethod(args[0], args[1], args.slice(2), loc);
    case 'global':
      return callGlobal(args[0], args.slice(1), loc);
    case 'bool':
    case 'fold':
    case 'map':
    case 'filter':
      throw new EpicInternalError(`${op} is higher-order`);
    default:
      if (op in BINARY) return BINARY[op as BinaryOp](args[0], args[1]);
      return UNARY[op as UnaryOp](args[0]);
  }
}
