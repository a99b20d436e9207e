/**
 * Program functions of the opportunistic evaluator: compiled code plus the frame it closes over.
 *
 * A `Frame` is a plain array: slot 0 is the parent frame, then the parameters, then one slot per
 * `let`/`letrec` binding of the function body (the compiler numbers them). A slot holds a value or
 * a `Cell`. Calling a closure makes a fresh frame; nothing is ever written into a frame twice.
 */
import type { Loc } from '../locations.js';
import { FunctionValue } from './values.js';
import type { Run } from './run.js';

/** A frame of variable slots; slot 0 is the parent frame. */
export type Frame = unknown[];

/**
 * Compiled code: evaluates a term in a frame, returning a value, a `Cell`, or — only for code in
 * tail position — `TAIL` after storing a closure and its ready frame in `run.tailFn` /
 * `run.tailFrame` (the caller's `Run.enter` loop then runs it: no stack growth).
 */
export type Code = (frame: Frame, run: Run) => unknown;

/** Marks a tail call left for the caller's trampoline (see `Run.apply`). */
export const TAIL: unique symbol = Symbol('tail call');

/** What the compiler knows about a lambda. */
export interface LamCode {
  readonly arity: number;
  /** Slots needed: 1 (parent) + parameters + let bindings of the body. */
  readonly frameSize: number;
  readonly body: Code;
  /**
   * Whether a caller may reuse a call's frame for its next call once the body has returned
   * (nothing the body made can still read it; jit.ts `JitBody`). Absent: it may not.
   */
  readonly frameReusable?: boolean;
  readonly name: string;
  readonly loc: Loc | undefined;
}

/** A fresh frame for a call of `fn`; the caller fills slots 1…arity with the arguments. */
export function newFrame(fn: Closure): Frame {
  const frame: Frame = new Array(fn.code.frameSize);
  frame[0] = fn.env;
  return frame;
}

/** A closure of the opportunistic evaluator. */
export class Closure extends FunctionValue {
  constructor(
    readonly code: LamCode,
    readonly env: Frame,
  ) {
    super();
  }
  get arity(): number {
    return this.code.arity;
  }
  get name(): string {
    return this.code.name;
  }
}
