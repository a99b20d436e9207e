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
import { Cell, peek } from './cell.js';
import type { Network } from './network.js';

/** Walks one value until it is deeply resolved, then calls `done` (see the module comment). */
export class DeepWaiter {
  private pending = 0;
  private readonly visited: object[] = [];
  private value: unknown;

  constructor(private readonly run: Network, private readonly done: (value: unknown) => void) {}

  /** Starts on `v`; `done` may be called before this returns. */
  start(v: unknown): void {
    this.pending = 1;
    this.run.listen(v, (x) => {
      this.value = x;
      this.visit(x);
      this.release();
    });
  }

  private release(): void {
    if (--this.pending > 0) return;
    for (const c of this.visited) this.run.containers.delete(c);
    this.done(this.value);
  }

  /** Walks the containers reachable from `v`, registering a wait for every pending Cell. */
  private visit(v: unknown): void {
    if (this.run.isDeep(v)) return;
    const stack = [v as Record<string, unknown>];
    while (stack.length > 0) {
      const c = stack.pop()!;
      this.visited.push(c);
      for (const key of Array.isArray(c) ? c.keys() : Object.keys(c)) {
        const x = peek(c[key as string]);
        if (x instanceof Cell) this.wait(c, key as string, x);
        else {
          c[key as string] = x;
          if (!this.run.isDeep(x)) stack.push(x as Record<string, unknown>);
        }
      }
    }
  }

  private wait(container: Record<string, unknown>, key: string, cell: Cell): void {
    this.pending++;
    (cell.waiters ??= []).push((x) => {
      container[key] = x;
      this.visit(x);
      this.release();
    });
  }
}

/**
 * Records a container the run built: in `run.built`, and in `run.containers` if any slot holds a
 * pending part, replacing resolved Cells by their values on the way. Returns the container.
 */
export function track<T extends object>(run: Network, container: T): T {
  run.built.add(container);
  let pending = false;
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) {
      const x = container[i];
      if (typeof x === 'object' && x !== null) pending = settleSlot(run, container as unknown as Record<PropertyKey, unknown>, i, x) || pending;
    }
  } else {
    const c = container as Record<string, unknown>;
    for (const key of Object.keys(c)) {
      const x = c[key];
      if (typeof x === 'object' && x !== null) pending = settleSlot(run, c, key, x) || pending;
    }
  }
  if (pending) run.containers.add(container);
  return container;
}

/** Replaces a resolved Cell in a slot by its value; whether the slot still has a pending part. */
function settleSlot(run: Network, c: Record<PropertyKey, unknown>, key: PropertyKey, x: object): boolean {
  const now = x instanceof Cell ? peek(x) : x;
  if (now !== x) c[key] = now;
  return !run.isDeep(now);
}
