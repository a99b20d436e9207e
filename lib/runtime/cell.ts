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
 */

export const PENDING = 0;
export const RESOLVED = 1;
export const FORWARDED = 2;

/** A callback waiting for a Cell's value. */
export type Waiter = (value: unknown) => void;

/** A pending or resolved computation (see the module comment). */
export class Cell {
  /** PENDING, RESOLVED or FORWARDED. */
  state: number = PENDING;
  /** The value once RESOLVED; the target Cell once FORWARDED. */
  value: unknown = undefined;
  /** Callbacks waiting while PENDING. */
  waiters: Waiter[] | null = null;
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
  const r = root(v);
  return r.state === RESOLVED ? r.value : r;
}
