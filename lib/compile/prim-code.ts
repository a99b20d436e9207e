/**
 * Code for `Prim` terms in the opportunistic evaluator. Each prim waits only for what its
 * strictness requires (prims.ts): operators on primitives take a fast path with no waiting at
 * all; structural prims keep pending elements in place; `fold`, `map` and `filter` apply their
 * function to every element at once, non-strictly, so independent iterations overlap.
 *
 * Streams (lib/runtime/streams.ts): where an operation can work on the part of a stream that has
 * arrived, its operand is waited for only until it is known to be a stream ('stream' mode), and
 * stream-prims.ts runs the operation on the prefix; everywhere else a stream is a pending value
 * like any other, waited for until complete.
 */
import { applyFirstOrder, BINARY, strictness, textOf, UNARY } from '../runtime/builtins.js';
import { Cell } from '../runtime/cell.js';
import type { Code } from '../runtime/closure.js';
import { track, trackMerge } from '../runtime/deep.js';
import { filterStream, foldStream, mapStream } from '../runtime/stream-ops.js';
import { StreamCell } from '../runtime/streams.js';
import type { Run } from '../runtime/run.js';
import { asList, callbackArgs } from '../runtime/values.js';
import type { BinaryOp, PrimOp, UnaryOp } from '../terms/prims.js';
import type { Prim, Term } from '../terms/term.js';
import type { CompileContext } from './opportunistic.js';
import { foldList, kept, mapList } from './callbacks.js';
import { STREAM_METHODS, streamGet, streamMethod } from './stream-prims.js';
import { slowPlus, textual } from './text-prims.js';
import { strict, type Mode } from './strict.js';

const CONTAINER_OPS: ReadonlySet<PrimOp> = new Set<PrimOp>(['concat', 'record', 'merge', 'method']);
/** Prims compiled by `compilePrim` itself. */
const HIGHER_ORDER: ReadonlySet<PrimOp> = new Set<PrimOp>(['bool', 'fold', 'map', 'filter']);

/** Compiles a prim whose arguments compiled to `args`. */
export function compilePrim(t: Prim, args: readonly Code[], ctx: CompileContext): Code {
  const { op, loc } = t;
  const evaluate = (f: unknown[], run: Run): unknown[] => args.map((a) => a(f, run));
  switch (op) {
    case 'bool': {
      const [cond] = args;
      const { t: yes, f: no } = ctx.church;
      return (f, run) => strict(run, [cond!(f, run)], 'shallow', ([c]) => (c ? yes : no));
    }
    case 'fold':
      return (f, run) =>
        strict(run, evaluate(f, run), ['stream', 'lazy', 'shallow'], ([xs, init, fn]) => {
          if (xs instanceof StreamCell)
            return foldStream(run, xs, init, (acc, x, i) => run.apply(fn, callbackArgs(fn, acc, x, i, xs), loc));
          return foldList(run, asList(xs, 'fold', loc, true), init, fn, loc);
        });
    case 'map':
      return (f, run) =>
        strict(run, evaluate(f, run), ['stream', 'shallow'], ([xs, fn]) => {
          if (xs instanceof StreamCell)
            return xs.kind === 'items'
              ? mapStream(run, xs, (x, i) => run.apply(fn, callbackArgs(fn, x, i, xs), loc))
              : whole(run, xs, (v) => mapList(run, v, fn, loc, (out) => track(run, out)));
          return mapList(run, xs, fn, loc, (out) => track(run, out));
        });
    case 'filter':
      return (f, run) =>
        strict(run, evaluate(f, run), ['stream', 'shallow'], ([xs, fn]) => {
          if (xs instanceof StreamCell) {
            if (xs.kind === 'items')
              return filterStream(run, xs, (x, i) => run.apply(fn, callbackArgs(fn, x, i, xs), loc));
            return whole(run, xs, (v) => asList(v, 'filter', loc, false));
          }
          const list = asList(xs, 'filter', loc, false);
          return mapList(run, list, fn, loc, (keep) => {
            for (const k of keep)
              if (k instanceof Cell) return strict(run, keep, 'shallow', (ks) => kept(run, list, ks));
            return kept(run, list, keep);
          });
        });
    default:
      return compileFirstOrder(t, args);
  }
}

function compileFirstOrder(t: Prim, args: readonly Code[]): Code {
  const { op, loc } = t;
  const [a, b] = args;
  if (op in BINARY) return NUMERIC[op as BinaryOp](a!, b!, binarySlow(t));
  if (op === 'template') {
    const text = (x: unknown): string => textOf(x, loc);
    return (f, run) =>
      textual(
        run,
        args.map((c) => c(f, run)),
        text,
        (w) => applyFirstOrder('template', w, loc),
      );
  }
  if (op === 'typeof') {
    // a stream still arriving already has its type: its items make an array, its text a string
    const impl = UNARY.typeof;
    return (f, run) => {
      const x = a!(f, run);
      return typeof x !== 'object' ? impl(x) : strict(run, [x], 'stream', (v) => typeOfArrived(v[0], impl));
    };
  }
  if (op in UNARY) {
    const impl = UNARY[op as UnaryOp];
    const mode = strictness(op, 0);
    return (f, run) => {
      const x = a!(f, run);
      return typeof x !== 'object' ? impl(x) : strict(run, [x], mode, (v) => impl(v[0]));
    };
  }
  const plain = plainFirstOrder(t);
  if (plain)
    return (f, run) =>
      plain(
        run,
        args.map((c) => c(f, run)),
      );
  const name = t.args[1]?.kind === 'Lit' ? t.args[1].value : undefined;
  const modes: Mode[] = args.map((_, i) => strictness(op, i, name));
  const computeWhole = wholeOf(t);
  const shape = modes.map((m, i) => (i === 0 ? 'stream' : m));
  return (f, run) => {
    const values = args.map((c) => c(f, run));
    // the usual case, a known receiver (no stream) and operands as resolved as their modes ask:
    // what the two `strict`s below compute, without their closures
    if (resolvedAsAsked(run, values, modes)) return computeWhole(run, values);
    return strict(run, values, shape, (v) => {
      const recv = v[0];
      if (!(recv instanceof StreamCell)) return strict(run, v, modes, (w) => computeWhole(run, w));
      const r =
        op === 'method'
          ? streamMethod(run, recv, name as string, v.slice(2))
          : streamGet(run, recv, v[1], op === 'getOpt', loc);
      return r !== undefined
        ? r.value
        : whole(run, recv, (w) => strict(run, [w, ...v.slice(1)], modes, (u) => computeWhole(run, u)));
    });
  };
}

/** No operand is a Cell (pending, resolved or a stream) unless its mode is lazy, and deep ones are deep. */
function resolvedAsAsked(run: Run, values: readonly unknown[], modes: readonly Mode[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const mode = modes[i];
    if (mode === 'lazy') continue;
    if (v instanceof Cell || (mode === 'deep' && !run.isDeep(v))) return false;
  }
  return true;
}

/** `applyFirstOrder` for prim `t`, with the containers it builds tracked. */
function wholeOf(t: Prim): (run: Run, values: unknown[]) => unknown {
  const { op, loc } = t;
  if (op === 'merge') return (run, v) => trackMerge(run, v, applyFirstOrder(op, v, loc) as object);
  const container = CONTAINER_OPS.has(op);
  return (run, v) => {
    const r = applyFirstOrder(op, v, loc);
    // A method may return a pending element itself (`[cell].at(0)`): a Cell, not a container.
    return container && typeof r === 'object' && r !== null && !(r instanceof Cell) ? track(run, r) : r;
  };
}

/**
 * A first-order prim that never works on a stream's prefix (not an operator, template, `get`
 * or stream method), as a function of its argument values: computed at once when every value
 * is as resolved as its strictness asks (the usual case), else through `strict`. Undefined for
 * the other prims.
 */
export function plainFirstOrder(t: Prim): ((run: Run, values: unknown[]) => unknown) | undefined {
  const { op } = t;
  const name = t.args[1]?.kind === 'Lit' ? t.args[1].value : undefined;
  const streamMethod = op === 'method' && typeof name === 'string' && STREAM_METHODS.has(name);
  if (op === 'get' || op === 'getOpt' || streamMethod) return undefined;
  if (op in BINARY || op in UNARY || op === 'template' || HIGHER_ORDER.has(op)) return undefined;
  const modes: Mode[] = t.args.map((_, i) => strictness(op, i, name));
  const computeWhole = wholeOf(t);
  return (run, values) => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v instanceof Cell || (modes[i] === 'deep' && !run.isDeep(v))) {
        return strict(run, values, modes, (w) => computeWhole(run, w));
      }
    }
    return computeWhole(run, values);
  };
}

/**
 * The path of a binary operator prim `t` when its operands are not both numbers (the fast path
 * for two numbers is the caller's: `NUMERIC` here, generated code in jit.ts).
 */
export function binarySlow(t: Prim): Slow {
  const { op, loc } = t;
  if (op === '+') return (run, x, y) => slowPlus(run, x, y, loc);
  const impl = BINARY[op as BinaryOp];
  const modes =
    (op === '==' || op === '!=') && t.args.some(isNullish)
      ? (['shallow', 'shallow'] as const)
      : [strictness(op, 0), strictness(op, 1)];
  return (run, x, y) =>
    typeof x !== 'object' && typeof y !== 'object' ? impl(x, y) : strict(run, [x, y], modes, (v) => impl(v[0], v[1]));
}

/** `typeof v` for a value that has arrived or is a stream still arriving. */
function typeOfArrived(v: unknown, impl: (v: unknown) => unknown): unknown {
  if (!(v instanceof StreamCell)) return impl(v);
  return v.kind === 'text' ? 'string' : 'object';
}

/** `compute` on the whole value of a stream, once it has completed. */
function whole(run: Run, stream: StreamCell, compute: (value: unknown) => unknown): Cell {
  return run.whenResolved(stream, compute);
}

/** A literal `null` or `undefined`: `x == null` needs only `x` itself, not its parts. */
function isNullish(t: Term): boolean {
  return t.kind === 'Lit' && (t.value === null || t.value === undefined);
}

/** The items of `list` whose `keep` is truthy, holes skipped (as `Array.prototype.filter` does), tracked. */
/** An operator's path for operands that are not both numbers. */
export type Slow = (run: Run, x: unknown, y: unknown) => unknown;

/**
 * Binary operators with a fast path for two numbers. Each op is its own function literal, so
 * V8 keeps a separate (monomorphic) type feedback for each; anything else takes `slow`.
 */
const NUMERIC: Readonly<Record<BinaryOp, (a: Code, b: Code, slow: Slow) => Code>> = {
  '+': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x + y : slow(run, x, y);
  },
  '-': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x - y : slow(run, x, y);
  },
  '*': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x * y : slow(run, x, y);
  },
  '/': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x / y : slow(run, x, y);
  },
  '%': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x % y : slow(run, x, y);
  },
  '**': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x ** y : slow(run, x, y);
  },
  '<': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x < y : slow(run, x, y);
  },
  '<=': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x <= y : slow(run, x, y);
  },
  '>': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x > y : slow(run, x, y);
  },
  '>=': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x >= y : slow(run, x, y);
  },
  '==': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x === y : slow(run, x, y);
  },
  '!=': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x !== y : slow(run, x, y);
  },
  '===': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x === y : slow(run, x, y);
  },
  '!==': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x !== y : slow(run, x, y);
  },
  '&': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x & y : slow(run, x, y);
  },
  '|': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x | y : slow(run, x, y);
  },
  '^': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x ^ y : slow(run, x, y);
  },
  '<<': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x << y : slow(run, x, y);
  },
  '>>': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x >> y : slow(run, x, y);
  },
  '>>>': (a, b, slow) => (f, run) => {
    const x = a(f, run),
      y = b(f, run);
    return typeof x === 'number' && typeof y === 'number' ? x >>> y : slow(run, x, y);
  },
};
