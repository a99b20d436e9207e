/**
 * Prims that make text (prim-code.ts): `+` and template literals, whose parts may be pending or
 * text streams still arriving. A text stream among the parts makes the result a text stream at
 * once (the parts before it first, then its text as it arrives); otherwise the result waits for
 * whole parts. `+` of primitives and pending Cells, the common `s = s + h(x)`, has its own
 * allocation-free join (`PlusJoin`).
 */
import { plus } from '../runtime/builtins.js';
import { addWaiter, Cell, peek, type Wakeable } from '../runtime/cell.js';
import { concatText, hasTextStream } from '../runtime/stream-ops.js';
import { StreamCell } from '../runtime/streams.js';
import type { Run } from '../runtime/run.js';
import type { Loc } from '../locations.js';
import { strict } from './strict.js';

/** `a + b` when either is not a number: text streams concatenate as they arrive. */
export function slowPlus(run: Run, x: unknown, y: unknown, loc: Loc | undefined): unknown {
  if (typeof x !== 'object' && typeof y !== 'object') return plus(x, y, loc);
  const a = peek(x);
  const b = peek(y);
  if (typeof a !== 'object' && typeof b !== 'object') return plus(a, b, loc);
  if (primitiveOrPending(a) && primitiveOrPending(b)) return new PlusJoin(run, a, b, loc);
  return textualPlus(run, a, b, loc);
}

function textualPlus(run: Run, x: unknown, y: unknown, loc: Loc | undefined): unknown {
  return textual(
    run,
    [x, y],
    (v) => plus('', v, loc) as string,
    (w) => plus(w[0], w[1], loc),
  );
}

/** A primitive, or a pending Cell not (yet) known to be a stream. */
function primitiveOrPending(v: unknown): boolean {
  return typeof v !== 'object' || (v instanceof Cell && !(v instanceof StreamCell));
}

/**
 * `a + b` of primitives and pending Cells (the common `s = s + h(x)`): waits for `a` until it
 * resolves or is known to be a stream, then likewise for `b` if it is still pending, then adds
 * two primitives at once, or leaves anything else (a stream, a container) to `textual`. The same
 * as `textual`, without its allocations: it is its own (only) waiter, on one operand at a time.
 * Waiting for `a` first delays nothing: the sum needs both, and text from `b` can only follow
 * `a`'s.
 */
class PlusJoin extends Cell implements Wakeable {
  /** The operand it waits on: 0 for `a`, 1 for `b`. */
  private on = 0;
  constructor(
    private readonly run: Run,
    private a: unknown,
    private b: unknown,
    private readonly loc: Loc | undefined,
  ) {
    super();
    // Both are primitives or pending roots not known to be streams (see slowPlus), one pending.
    if (a instanceof Cell) addWaiter(a, this);
    else {
      this.on = 1;
      addWaiter(b as Cell, this);
    }
  }
  get takesStream(): boolean {
    return true;
  }
  /** The operand it waits on arrived, or is known to be a stream (Wakeable). */
  wake(x: unknown): void {
    if (this.on === 0) {
      this.a = x;
      const b = peek(this.b);
      if (b instanceof Cell && !(b instanceof StreamCell)) {
        this.on = 1;
        addWaiter(b, this);
        return;
      }
      this.b = b;
    } else this.b = x;
    const { a, b } = this;
    const primitives = typeof a !== 'object' && typeof b !== 'object';
    const sum = primitives ? plus(a, b, this.loc) : textualPlus(this.run, a, b, this.loc);
    this.run.resolve(this, sum);
  }
}

/**
 * An operation that makes text from `parts` (`+`, a template literal): a text stream as soon as
 * some part is known to be a text stream (each part converted by `toText` in turn, the stream
 * passing through as it arrives), else `compute` once every part is whole.
 */
export function textual(
  run: Run,
  parts: unknown[],
  toText: (v: unknown) => string,
  compute: (whole: unknown[]) => unknown,
): unknown {
  if (hasTextStream(parts)) return concatText(run, parts, toText);
  return strict(run, parts, 'stream', (v) =>
    hasTextStream(v) ? concatText(run, v, toText) : strict(run, v, 'deep', compute),
  );
}
