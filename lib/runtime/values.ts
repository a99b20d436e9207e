/**
 * Run-time values. A value is any JS value; two kinds are the runtime's own: program functions
 * (`FunctionValue`, a closure) and pending `Cell`s (cell.ts).
 */
import { EpicRuntimeError } from '../errors.js';
import type { Loc } from '../locations.js';
import { Cell } from './cell.js';

/** Base class of program functions (closures), so shared code can recognise them. */
export abstract class FunctionValue {
  /** The number of parameters. */
  abstract readonly arity: number;
  /** The function's name for messages, or `'anonymous'`. */
  abstract readonly name: string;
}

/**
 * The arguments JS passes to a callback of `map`/`filter` (`x, i, xs`) or `reduce`
 * (`acc, x, i, xs`): a program function gets as many as it declares (missing ones undefined),
 * a host function gets them all, as in JS. Pass `d` only for `reduce`.
 */
export function callbackArgs(fn: unknown, a: unknown, b: unknown, c: unknown, d?: unknown): unknown[] {
  if (!(fn instanceof FunctionValue)) return d === undefined ? [a, b, c] : [a, b, c, d];
  switch (fn.arity) {
    case 0:
      return [];
    case 1:
      return [a];
    case 2:
      return [a, b];
    case 3:
      return [a, b, c];
    default:
      return [a, b, c, d, ...new Array<unknown>(fn.arity - 4)];
  }
}

/** A short description of a value's type and shape, for error messages. */
export function describe(value: unknown): string {
  if (value instanceof Cell) return 'a pending value';
  if (value instanceof FunctionValue) return `the function ${value.name}`;
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value)}`;
    case 'number':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`;
    case 'function':
      return `the host function ${value.name || 'anonymous'}`;
    case 'object': {
      const keys = Object.keys(value);
      const shown = keys.slice(0, 5).join(', ') + (keys.length > 5 ? ', …' : '');
      return keys.length ? `an object with keys ${shown}` : 'an empty object';
    }
    default:
      return `a ${typeof value}`;
  }
}

/** JS `typeof`, except that program functions are `'function'`. */
export function typeOf(value: unknown): string {
  return value instanceof FunctionValue ? 'function' : typeof value;
}

/** The array a loop runs over (strings only for `for…of`). */
export function asList(v: unknown, what: string, loc: Loc | undefined, allowString: boolean): readonly unknown[] {
  if (Array.isArray(v)) return v;
  if (allowString && typeof v === 'string') return Array.from(v);
  throw new EpicRuntimeError(`Cannot ${what} over ${describe(v)}: not an array`, { loc });
}

/**
 * Throws unless `value` is data: no program function anywhere inside it (arrays and plain
 * objects are walked; other objects are opaque) and, when `noHostFunctions`, no host function
 * either (builtins such as `String` or `JSON.stringify` would print a host's source). Host
 * functions and builtins take data; a program function is the runtime's own object and would
 * leak its internals to them. `to` names the receiver, e.g. `host function "judge"`, and `kind`
 * what it is, in the message. Containers in `checked` are known to be data and are not walked;
 * every container of a walk that passes is added to it, so each is walked once (the caller keeps
 * one set per run). With `built` (the containers the run itself built, network.ts), only those
 * are walked: a program function can only be inside a container the run built, never inside
 * data that came from outside (an input, a host's result), however large.
 */
export function assertData(
  value: unknown,
  to: string,
  kind: string,
  loc: Loc | undefined,
  noHostFunctions = false,
  checked?: WeakSet<object>,
  built?: WeakSet<object>,
): void {
  if (noHostFunctions && typeof value === 'function')
    throw new EpicRuntimeError(`Cannot pass ${describe(value)} to ${to}: ${kind} take data`, { loc });
  if (typeof value !== 'object' || value === null || checked?.has(value)) return;
  const seen = new Set<object>();
  const stack: object[] = [value];
  for (let x = stack.pop(); x !== undefined; x = stack.pop()) {
    if (x instanceof FunctionValue) {
      throw new EpicRuntimeError(`Cannot pass ${describe(x)} to ${to}: ${kind} take data`, { loc });
    }
    if (built && !built.has(x)) continue;
    if (
      seen.has(x) ||
      checked?.has(x) ||
      !(Array.isArray(x) || Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null)
    )
      continue;
    seen.add(x);
    for (const item of Array.isArray(x) ? x : Object.values(x)) {
      if (typeof item === 'object' && item !== null) stack.push(item);
      else if (noHostFunctions && typeof item === 'function')
        throw new EpicRuntimeError(`Cannot pass ${describe(item)} to ${to}: ${kind} take data`, { loc });
    }
  }
  if (checked) for (const x of seen) checked.add(x);
}

/** Whether `v` is a function of either kind (a host function or a program function). */
export function isFunction(v: unknown): boolean {
  return typeof v === 'function' || v instanceof FunctionValue;
}

/** "Function f expects 2 arguments but was called with 1 argument", located at the call. */
export function arityError(name: string, arity: number, given: number, loc: Loc | undefined): EpicRuntimeError {
  const n = (k: number): string => `${k} argument${k === 1 ? '' : 's'}`;
  return new EpicRuntimeError(`Function ${name} expects ${n(arity)} but was called with ${n(given)}`, { loc });
}

/** "Cannot call the number 5: it is not a function", located at the call. */
export function notCallable(value: unknown, loc: Loc | undefined): EpicRuntimeError {
  return new EpicRuntimeError(`Cannot call ${describe(value)}: it is not a function`, { loc });
}

/** `tuple[index]` for a projection, or a located error. */
export function project(tuple: unknown, index: number, loc: Loc | undefined): unknown {
  if (Array.isArray(tuple) && index < tuple.length) return tuple[index];
  throw new EpicRuntimeError(`Cannot take component ${index} of ${describe(tuple)}`, { loc });
}
