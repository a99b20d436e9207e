/**
 * `Cell`: a shared single-value node of the observable network — one computation that may not
 * have finished. Everything a run evaluates is either an already-resolved JS value (the fast
 * path: no node at all) or a `Cell`. Containers the runtime builds (arrays, records) may hold
 * Cells in their slots: that is partial data, a structure with parts still arriving.
 *
 * A Cell is resolved exactly once, and only through its `Run` (run.ts), which delivers the value
 * to waiting callbacks from a run-local queue, never recursively, so long dependency chains do not
 * grow the JS stack. A Cell may also be *forwarded* to another pending Cell (when a computation's
 * result is itself a pending computation, e.g. a tail call whose result is still being computed);
 * its waiters move to the target, so chains of a million forwarded loop iterations stay O(1) in
 * memory. Gotcha: always look at `root(cell)`, never at a forwarded Cell's own fields.
 *
 * Cost: almost every pending Cell has exactly one waiter, so `waiters` holds a lone waiter
 * inline and becomes an array only at the second; a waiter is a function or, on the hot paths,
 * an object with a `wake` method (one allocation where a closure takes two). Use `addWaiter` and
 * `waiterList`, never the field's shape.
 */

export const PENDING = 0;
export const RESOLVED = 1;
export const FORWARDED = 2;

/** A callback waiting for a Cell's value. */
export type Waiter = (value: unknown) => void;

/**
 * A waiter as an object: one allocation per wait, no closure. With `takesStream`, it learns of
 * a pending stream as soon as the Cell it waits on is forwarded to one (network.ts `listenShape`).
 */
export interface Wakeable {
  wake(value: unknown): void;
  readonly takesStream?: boolean;
}

/** Anything that can wait on a Cell. */
export type AnyWaiter = Waiter | Wakeable;

/** Whether a waiter takes a stream (see `Wakeable`). */
export function takesStream(w: AnyWaiter): boolean {
  return typeof w !== 'function' && w.takesStream === true;
}

/** A callback that takes a stream (see `Wakeable`). */
export class ShapeWaiter implements Wakeable {
  constructor(readonly fn: Waiter) {}
  get takesStream(): boolean {
    return true;
  }
  wake(value: unknown): void {
    this.fn(value);
  }
}

/** A pending or resolved computation (see the module comment). */
export class Cell {
  /** PENDING, RESOLVED or FORWARDED. */
  state: number = PENDING;
  /** The value once RESOLVED; the target Cell once FORWARDED. */
  value: unknown = undefined;
  /** What waits while PENDING: nothing, one waiter, or an array of them (see the module comment). */
  waiters: AnyWaiter | AnyWaiter[] | null = null;
}

/** Adds a waiter to a pending Cell. */
export function addWaiter(cell: Cell, w: AnyWaiter): void {
  const ws = cell.waiters;
  if (ws === null) cell.waiters = w;
  else if (Array.isArray(ws)) ws.push(w);
  else cell.waiters = [ws, w];
}

/** The waiters of a Cell as a list (a fresh array for one waiter; empty for none). */
export function waiterList(cell: Cell): AnyWaiter[] {
  const ws = cell.waiters;
  return ws === null ? [] : Array.isArray(ws) ? ws : [ws];
}

/** Removes `w` (or the `ShapeWaiter` wrapping it) from the Cell `v` stands for, if it still waits there. */
export function removeWaiter(v: unknown, w: Waiter): void {
  if (!(v instanceof Cell)) return;
  const cell = root(v);
  const matches = (x: AnyWaiter): boolean => x === w || (x instanceof ShapeWaiter && x.fn === w);
  const ws = cell.waiters;
  if (ws === null) return;
  if (!Array.isArray(ws)) {
    if (matches(ws)) cell.waiters = null;
    return;
  }
  const i = ws.findIndex(matches);
  if (i >= 0) ws.splice(i, 1);
}

/** Calls a waiter of either form. */
export function wake(w: AnyWaiter, value: unknown): void {
  if (typeof w === 'function') w(value);
  else w.wake(value);
}

/** The Cell a chain of forwarded Cells ends at (compressing the path on the way). */
export function root(cell: Cell): Cell {
  let r = cell;
  while (r.state === FORWARDED) r = r.value as Cell;
  let c = cell;
  while (c.state === FORWARDED) {
    const next = c.value as Cell;
    c.value = r;
    c = next;
  }
  return r;
}

/**
 * The value of `v` if it is known now: `v` itself when it is not a Cell, the value of a resolved
 * Cell, or else the pending root Cell.
 */
export function peek(v: unknown): unknown {
  if (!(v instanceof Cell)) return v;
  if (v.state === RESOLVED) return v.value;
  const r = root(v);
  return r.state === RESOLVED ? r.value : r;
}
