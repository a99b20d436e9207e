/**
 * λ^O terms: a small lambda calculus with external calls (README: "Terms and the core syntax").
 *
 * A tagged union with readonly fields and an optional source location. Every pass over terms is
 * an exhaustive `switch (t.kind)` that ends in `assertNever`.
 *
 * - `Var`, `Lit`, `Lam` (several parameters), `App`, `Let`, `LetRec`, `Tuple`, `Proj`: the core.
 * - `Host`: a host value named in the program's host table (a host function, a constant, or
 *   another program). An external call is an `App` whose function is a host function.
 * - `Prim`: the saturated application of a builtin, pure host function (operators, member access,
 *   records, folds, Church booleans; see `prims.ts`). The compiler knows each one's strictness.
 *
 * Control flow is Church-encoded: `if c then a else b` is
 * `App(Prim('bool', [c]), [Lam([], a), Lam([], b)])`, where `bool` turns a JS value into the
 * Church boolean `λ(t, f). t()` or `λ(t, f). f()` (by truthiness). Loops are folds and recursion.
 *
 * @example
 * const t = lam(['x'], app(host('judge'), [v('x')]));
 */
import type { Loc } from '../locations.js';
import type { PrimOp } from './prims.js';

/** A literal: the JS primitives a program can write. */
export type LitValue = null | undefined | boolean | number | string;

export interface Var {
  readonly kind: 'Var';
  readonly name: string;
  readonly loc?: Loc;
}
export interface Lit {
  readonly kind: 'Lit';
  readonly value: LitValue;
  readonly loc?: Loc;
}
export interface Lam {
  readonly kind: 'Lam';
  readonly params: readonly string[];
  readonly body: Term;
  /** A name for messages and traces (the JS function's name), not part of the semantics. */
  readonly name?: string;
  readonly loc?: Loc;
}
export interface App {
  readonly kind: 'App';
  readonly fn: Term;
  readonly args: readonly Term[];
  readonly loc?: Loc;
}
export interface Let {
  readonly kind: 'Let';
  readonly name: string;
  readonly value: Term;
  readonly body: Term;
  readonly loc?: Loc;
}
export interface Binding {
  readonly name: string;
  readonly lam: Lam;
}
export interface LetRec {
  readonly kind: 'LetRec';
  readonly bindings: readonly Binding[];
  readonly body: Term;
  readonly loc?: Loc;
}
export interface Tuple {
  readonly kind: 'Tuple';
  readonly items: readonly Term[];
  readonly loc?: Loc;
}
export interface Proj {
  readonly kind: 'Proj';
  readonly tuple: Term;
  readonly index: number;
  readonly loc?: Loc;
}
export interface Host {
  readonly kind: 'Host';
  readonly name: string;
  readonly loc?: Loc;
}
export interface Prim {
  readonly kind: 'Prim';
  readonly op: PrimOp;
  readonly args: readonly Term[];
  readonly loc?: Loc;
}

export type Term = Var | Lit | Lam | App | Let | LetRec | Tuple | Proj | Host | Prim;
export type TermKind = Term['kind'];

// Constructors. A node has a `loc` field only when a location is given, so terms built without
// locations compare equal with `toEqual`; each builds its object literal directly (no copying).
export const v = (name: string, loc?: Loc): Var => (loc ? { kind: 'Var', name, loc } : { kind: 'Var', name });
export const lit = (value: LitValue, loc?: Loc): Lit => (loc ? { kind: 'Lit', value, loc } : { kind: 'Lit', value });
export const lam = (params: readonly string[], body: Term, loc?: Loc, name?: string): Lam => {
  const node: { -readonly [K in keyof Lam]: Lam[K] } = { kind: 'Lam', params, body };
  if (name !== undefined) node.name = name;
  if (loc) node.loc = loc;
  return node;
};
export const app = (fn: Term, args: readonly Term[], loc?: Loc): App =>
  loc ? { kind: 'App', fn, args, loc } : { kind: 'App', fn, args };
export const let_ = (name: string, value: Term, body: Term, loc?: Loc): Let =>
  loc ? { kind: 'Let', name, value, body, loc } : { kind: 'Let', name, value, body };
export const letrec = (bindings: readonly Binding[], body: Term, loc?: Loc): LetRec =>
  loc ? { kind: 'LetRec', bindings, body, loc } : { kind: 'LetRec', bindings, body };
export const tuple = (items: readonly Term[], loc?: Loc): Tuple =>
  loc ? { kind: 'Tuple', items, loc } : { kind: 'Tuple', items };
export const proj = (t: Term, index: number, loc?: Loc): Proj =>
  loc ? { kind: 'Proj', tuple: t, index, loc } : { kind: 'Proj', tuple: t, index };
export const host = (name: string, loc?: Loc): Host => (loc ? { kind: 'Host', name, loc } : { kind: 'Host', name });
export const prim = (op: PrimOp, args: readonly Term[], loc?: Loc): Prim =>
  loc ? { kind: 'Prim', op, args, loc } : { kind: 'Prim', op, args };

/** `if c then a else b`, Church-encoded: the branch not taken is a thunk that is never called. */
export const ifThenElse = (c: Term, then: Term, otherwise: Term, loc?: Loc): App =>
  app(prim('bool', [c], loc), [lam([], then, loc), lam([], otherwise, loc)], loc);

/** The Church booleans that `Prim('bool')` produces, as terms (compiled once per program). */
export const churchTrue: Lam = lam(['t', 'f'], app(v('t'), []), undefined, 'true');
export const churchFalse: Lam = lam(['t', 'f'], app(v('f'), []), undefined, 'false');

/**
 * If `t` is a Church-encoded conditional with literal thunks (as `ifThenElse` builds it),
 * its three parts; otherwise undefined. Evaluators use it to avoid allocating the thunks.
 */
export function asConditional(t: App): { cond: Term; then: Term; otherwise: Term } | undefined {
  const [a, b] = t.args;
  if (t.fn.kind !== 'Prim' || t.fn.op !== 'bool' || t.args.length !== 2) return undefined;
  if (a?.kind !== 'Lam' || b?.kind !== 'Lam' || a.params.length !== 0 || b.params.length !== 0) return undefined;
  const cond = t.fn.args[0];
  // biome-ignore lint/suspicious/noThenProperty: a plain record, never awaited
  return cond ? { cond, then: a.body, otherwise: b.body } : undefined;
}
