/**
 * Waiting for a prim's operands (prim-code.ts): `strict(run, values, modes, compute)` computes
 * once each operand is as resolved as its mode asks, with one small join object per pending
 * prim instead of closures.
 */
import type { Strictness } from '../runtime/builtins.js';
import { Cell, peek, type Wakeable } from '../runtime/cell.js';
import type { Run } from '../runtime/run.js';
import { StreamCell } from '../runtime/streams.js';

/**
 * `compute(values)` once each value is as resolved as its mode asks (values are replaced by
 * their resolved forms in place); returns the result, or a Cell for it.
 */
export function strict(
  run: Run,
  values: unknown[],
  modes: Mode | readonly Mode[],
  compute: (values: unknown[]) => unknown,
): unknown {
  let waiting = 0;
  for (let i = 0; i < values.length; i++) {
    const mode = typeof modes === 'string' ? modes : modes[i];
    if (mode === 'lazy') continue;
    const v = peek(values[i]);
    values[i] = v;
    if ((v instanceof Cell && !(mode === 'stream' && v instanceof StreamCell)) || (mode === 'deep' && !run.isDeep(v)))
      waiting++;
  }
  if (waiting === 0) return compute(values);
  // Waits are counted as they are made, behind a guard: a deep wait may end at once and settle a
  // container another operand shares, so an operand found waiting above may need no wait now.
  const join = new Join(run, values, compute);
  for (let i = 0; i < values.length; i++) {
    const mode = typeof modes === 'string' ? modes : modes[i];
    const v = values[i];
    if (mode === 'deep' && !run.isDeep(v)) {
      join.expect();
      run.whenDeep(v, new Arrival(join, i));
    } else if (mode === 'stream' && v instanceof Cell && !(v instanceof StreamCell)) {
      join.expect();
      run.listenShape(v, new ShapeArrival(join, i));
    } else if ((mode === 'shallow' || mode === 'deep') && v instanceof Cell) {
      join.expect();
      run.await(v, new Arrival(join, i));
    }
  }
  join.release();
  return join;
}

/** What `Arrival`s report to. */
interface Arrivals {
  arrive(i: number, x: unknown): void;
}

/** The operands of a `strict` computation still arriving; it is the Cell of the result. */
class Join extends Cell implements Arrivals {
  /** Waits not ended yet, plus one for the guard `strict` releases once every wait is made. */
  private waiting = 1;
  constructor(
    private readonly run: Run,
    private readonly values: unknown[],
    private readonly compute: (values: unknown[]) => unknown,
  ) {
    super();
  }
  /** Counts a wait about to be made (it may end within the call that makes it). */
  expect(): void {
    this.waiting++;
  }
  arrive(i: number, x: unknown): void {
    this.values[i] = x;
    this.release();
  }
  /** One wait (or the guard) is over: computes once none is left. */
  release(): void {
    if (--this.waiting === 0) this.run.resolve(this, this.compute(this.values));
  }
}

/** One operand of a `Join` arriving. */
export class Arrival implements Wakeable {
  constructor(
    private readonly join: Arrivals,
    private readonly i: number,
  ) {}
  wake(x: unknown): void {
    this.join.arrive(this.i, x);
  }
}

/** One operand of a `Join` arriving, or becoming known to be a stream still arriving. */
class ShapeArrival implements Wakeable {
  constructor(
    private readonly join: Arrivals,
    private readonly i: number,
  ) {}
  get takesStream(): boolean {
    return true;
  }
  wake(x: unknown): void {
    this.join.arrive(this.i, x);
  }
}

/**
 * How resolved an operand must be: a prim's strictness (builtins.ts), or 'stream': resolved, or
 * known to be a stream still arriving (the operation then works on what has arrived).
 */
export type Mode = Strictness | 'stream';
