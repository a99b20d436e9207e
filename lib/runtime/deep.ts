/**
 * Waiting until a value is deeply resolved: no pending `Cell` anywhere inside it.
 *
 * Only containers the run itself built (tuples, records, spreads, `map` results) can hold Cells;
 * the run records those that do in `run.containers`, so any other object — in particular all
 * data a host function returned — is known to be resolved without walking it.
 *
 * The walk replaces each resolved Cell it meets by its value, in place. A program cannot observe
 * this (its containers are immutable and a Cell stands for exactly that value), and it makes the
 * next walk cheaper. When the walk ends, every container it visited is resolved and is removed
 * from `run.containers`, so later checks are O(1).
 */
import { addWaiter, Cell, peek, wake, type AnyWaiter, type Wakeable } from './cell.js';
import type { Network } from './network.js';

/**
 * Walks one value until it is deeply resolved, then calls `done` (see the module comment). It
 * waits on every pending Cell it meets itself (no object per wait): an arriving value that still
 * has pending parts is walked at once; when the last wait ends, one more pass over the containers
 * it walked writes the values in place of the resolved Cells.
 */
export class DeepWaiter implements Wakeable {
  private pending = 0;
  private started = false;
  private visited: object[] | null = null;
  private value: unknown;

  constructor(
    private readonly run: Network,
    private readonly done: AnyWaiter,
  ) {}

  /** Starts on `v`; `done` may be called before this returns. */
  start(v: unknown): void {
    this.pending = 1;
    this.run.await(v, this);
  }

  /** The value it started on, or a pending part, has arrived (Wakeable). */
  wake(x: unknown): void {
    if (!this.started) {
      this.started = true;
      this.value = x;
    }
    this.visit(x);
    if (--this.pending > 0) return;
    const visited = this.visited;
    this.visited = null;
    if (visited) {
      for (const c of visited) settle(c as Record<string, unknown>);
      for (const c of visited) this.run.containers.delete(c);
    }
    wake(this.done, this.value);
  }

  /** Walks the containers reachable from `v`, waiting on every pending Cell. */
  private visit(v: unknown): void {
    if (this.run.isDeep(v)) return;
    const stack = [v as Record<string, unknown>];
    const visited = (this.visited ??= []);
    while (stack.length > 0) {
      const c = stack.pop()!;
      visited.push(c);
      if (Array.isArray(c)) {
        for (let i = 0; i < c.length; i++) this.slot(c, i as unknown as string, stack);
      } else for (const key of Object.keys(c)) this.slot(c, key, stack);
    }
  }

  private slot(c: Record<string, unknown>, key: string, stack: Array<Record<string, unknown>>): void {
    const x = peek(c[key]);
    if (x instanceof Cell) {
      this.pending++;
      addWaiter(x, this);
    } else {
      c[key] = x;
      if (!this.run.isDeep(x)) stack.push(x as Record<string, unknown>);
    }
  }
}

/** Writes the value of each resolved Cell in `c`'s slots in its place. */
function settle(c: Record<string, unknown>): void {
  if (Array.isArray(c)) {
    for (let i = 0; i < c.length; i++) if (c[i] instanceof Cell) c[i] = peek(c[i]);
  } else for (const key of Object.keys(c)) if (c[key] instanceof Cell) c[key] = peek(c[key]);
}

/**
 * Records a container the run built: in `run.built` if any slot holds an object or a function
 * (a container of primitives can hide nothing from `assertData`, so it is not recorded: one
 * WeakSet entry fewer per record of plain data), and in `run.containers` if any slot holds a
 * pending part, replacing resolved Cells by their values on the way. Returns the container.
 */
export function track<T extends object>(run: Network, container: T): T {
  let holds = false;
  let pending = false;
  const c = container as unknown as Record<PropertyKey, unknown>;
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) {
      const x: unknown = container[i];
      if (typeof x === 'object' && x !== null) {
        holds = true;
        pending = settleSlot(run, c, i, x) || pending;
      } else if (typeof x === 'function') holds = true;
    }
  } else {
    for (const key of Object.keys(c)) {
      const x = c[key];
      if (typeof x === 'object' && x !== null) {
        holds = true;
        pending = settleSlot(run, c, key, x) || pending;
      } else if (typeof x === 'function') holds = true;
    }
  }
  if (holds) run.built.add(container);
  if (pending) run.containers.add(container);
  return container;
}

/** Replaces a resolved Cell in a slot by its value; whether the slot still has a pending part. */
function settleSlot(run: Network, c: Record<PropertyKey, unknown>, key: PropertyKey, x: object): boolean {
  const now = x instanceof Cell ? peek(x) : x;
  if (now !== x) c[key] = now;
  return !run.isDeep(now);
}

/**
 * `track(run, merged)` for `{ ...a, ...b }` from what the parts are known to hold, without a walk
 * when neither may hold a pending part: a record updated step by step (`cache = { ...cache, … }`)
 * grows, and walking every copy would make each update cost its whole size a second time. The
 * record holds what its parts hold: a pending part only if a part is in `run.containers`, and a
 * program function only inside a part in `run.built` (data from outside holds none).
 *
 * @example
 * trackMerge(run, [cache, added], { ...cache, ...added }) // the record; walked only if a part is pending
 */
export function trackMerge(run: Network, parts: readonly unknown[], merged: object): object {
  let holds = false;
  for (const part of parts) {
    if (typeof part !== 'object' || part === null) continue;
    if (run.containers.has(part)) return track(run, merged);
    if (run.built.has(part)) holds = true;
  }
  if (holds) run.built.add(merged);
  return merged;
}
