/**
 * Running a callback closure per element, for `map`, `filter` and `fold` (prim-code.ts): the
 * body runs in place where the depth and step count allow, in a frame built as an array literal,
 * or in one frame refilled for every element when the body cannot keep it
 * (`LamCode.frameReusable`). A long list goes a chunk at a time and pauses while host calls crowd
 * (run.ts `crowded`), so that answered calls settle before it makes more.
 */
import type { Loc } from '../locations.js';
import { Cell, peek } from '../runtime/cell.js';
import { Closure, newFrame, TAIL, type Frame } from '../runtime/closure.js';
import { track } from '../runtime/deep.js';
import { MAX_DEPTH, type Run } from '../runtime/run.js';
import { asList, callbackArgs } from '../runtime/values.js';

/** The elements of `list` whose `keep` flag is truthy (a filter's result), tracked. */
export function kept(run: Run, list: readonly unknown[], keep: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < list.length; i++) if (keep[i] && (list[i] !== undefined || i in list)) out.push(list[i]);
  return track(run, out);
}

/** Elements a map or fold runs between two looks at `run.crowded()`. */
const CHUNK = 1024;

/**
 * `xs.map(fn)`, handed to `finish` (which tracks it, or filters by it). When calls crowd
 * (`run.crowded`), the rest of the list is mapped after the answered calls settle, and the
 * result is a Cell meanwhile: the array is there once every element's call has been made.
 */
export function mapList(
  run: Run,
  xs: unknown,
  fn: unknown,
  loc: Loc | undefined,
  finish: (out: unknown[]) => unknown,
): unknown {
  return new Each(run, asList(xs, 'map', loc, false), fn, loc).map(finish);
}

/**
 * `xs.reduce(fn, init)` over a list: the accumulated value. When calls crowd (`run.crowded`),
 * the rest continues after the answered calls settle, and the result is a Cell meanwhile.
 */
export function foldList(
  run: Run,
  list: readonly unknown[],
  init: unknown,
  fn: unknown,
  loc: Loc | undefined,
): unknown {
  return new Each(run, list, fn, loc).fold(init, 0);
}

/** A callback to run on every element of a list, a chunk at a time (see `mapList`, `foldList`). */
class Each {
  constructor(
    private readonly run: Run,
    private readonly list: readonly unknown[],
    private readonly fn: unknown,
    private readonly loc: Loc | undefined,
  ) {}

  map(finish: (out: unknown[]) => unknown): unknown {
    const out = new Array<unknown>(this.list.length);
    const stop = this.mapFrom(out, 0);
    if (stop === this.list.length) return finish(out);
    // Paused: a Cell now, resolved with `finish(out)` once every element is mapped. Each time it
    // goes on, the calls answered meanwhile leave the array for their values, so they can be
    // collected young rather than kept to the end.
    const done = new Cell();
    let settled = 0;
    const go = (at: number): void => {
      for (; settled < at; settled++) if (out[settled] instanceof Cell) out[settled] = peek(out[settled]);
      const next = this.mapFrom(out, at);
      if (next < this.list.length) this.run.afterSettling(() => go(next));
      else this.run.resolve(done, finish(out));
    };
    this.run.afterSettling(() => go(stop));
    return done;
  }

  /** Folds `list[from…]` onto `acc`; paused, a Cell resolved with the result once it is reached. */
  fold(acc: unknown, from: number): unknown {
    const n = this.list.length;
    for (let i = from; i < n; ) {
      const end = Math.min(n, i + CHUNK);
      acc = this.foldChunk(acc, i, end);
      i = end;
      if (i < n && this.run.crowded()) {
        const done = new Cell();
        const at = i;
        const sofar = acc;
        this.run.afterSettling(() => this.run.resolve(done, this.fold(sofar, at)));
        return done;
      }
    }
    return acc;
  }

  /** Maps `list[from…]` into `out` until done or crowded; where it stopped. */
  private mapFrom(out: unknown[], from: number): number {
    const n = this.list.length;
    for (let i = from; i < n; ) {
      const end = Math.min(n, i + CHUNK);
      this.mapChunk(out, i, end);
      i = end;
      if (i < n && this.run.crowded()) return i;
    }
    return n;
  }

  private mapChunk(out: unknown[], from: number, to: number): void {
    const { run, list, fn, loc } = this;
    if (fn instanceof Closure && fn.arity <= 3 && fn.code.frameReusable) {
      const frame = newFrame(fn);
      for (let i = from; i < to; i++) out[i] = enterReusing(run, fn, fillFrame(frame, fn, list[i], i, list, undefined));
    } else if (fn instanceof Closure && fn.arity <= 3) {
      for (let i = from; i < to; i++) out[i] = enterNow(run, fn, callbackFrame(fn, list[i], i, list, undefined));
    } else {
      for (let i = from; i < to; i++) out[i] = run.apply(fn, callbackArgs(fn, list[i], i, list), loc);
    }
  }

  private foldChunk(init: unknown, from: number, to: number): unknown {
    const { run, list, fn, loc } = this;
    let acc = init;
    if (fn instanceof Closure && fn.arity <= 4 && fn.code.frameReusable) {
      const frame = newFrame(fn);
      for (let i = from; i < to; i++) acc = enterReusing(run, fn, fillFrame(frame, fn, acc, list[i], i, list));
    } else if (fn instanceof Closure && fn.arity <= 4) {
      for (let i = from; i < to; i++) acc = enterNow(run, fn, callbackFrame(fn, acc, list[i], i, list));
    } else {
      for (let i = from; i < to; i++) acc = run.apply(fn, callbackArgs(fn, acc, list[i], i, list), loc);
    }
    return acc;
  }
}

/**
 * `run.enter(fn, frame)` for a callback: the body runs right here while the depth and the step
 * count allow, as `enter` would run it (the same steps counted); `enter` itself otherwise, and to
 * finish a tail call the body leaves.
 */
function enterNow(run: Run, fn: Closure, frame: Frame): unknown {
  if (run.depth >= MAX_DEPTH || run.steps + 1 >= run.nextCheck) return run.enter(fn, frame);
  run.steps++;
  run.depth++;
  const r = fn.code.body(frame, run);
  run.depth--;
  return r === TAIL ? run.enter(run.tailFn, run.tailFrame) : r;
}

/**
 * `enterNow` on a frame the caller fills again for its next call (`LamCode.frameReusable`): when
 * the body cannot run right here, `enter` gets a copy, since it may keep the frame for later.
 */
function enterReusing(run: Run, fn: Closure, frame: Frame): unknown {
  if (run.depth >= MAX_DEPTH || run.steps + 1 >= run.nextCheck) return run.enter(fn, frame.slice());
  run.steps++;
  run.depth++;
  const r = fn.code.body(frame, run);
  run.depth--;
  return r === TAIL ? run.enter(run.tailFn, run.tailFrame) : r;
}

/** Refills `frame` for a call of `fn` (arity ≤ 4) with the first `arity` of `a, b, c, d`. */
function fillFrame(frame: Frame, fn: Closure, a: unknown, b: unknown, c: unknown, d: unknown): Frame {
  const { arity } = fn.code;
  frame[0] = fn.env;
  if (arity > 0) frame[1] = a;
  if (arity > 1) frame[2] = b;
  if (arity > 2) frame[3] = c;
  if (arity > 3) frame[4] = d;
  return frame;
}

/** A frame for a callback closure of arity ≤ 4, holding the first `arity` of `a, b, c, d`. */
function callbackFrame(fn: Closure, a: unknown, b: unknown, c: unknown, d: unknown): Frame {
  const { arity, frameSize } = fn.code;
  if (frameSize === arity + 1) {
    // no let slots: an array literal (packed, allocated at once)
    switch (arity) {
      case 1:
        return [fn.env, a];
      case 2:
        return [fn.env, a, b];
      case 3:
        return [fn.env, a, b, c];
      default:
        break;
    }
  }
  const frame = newFrame(fn);
  if (arity > 0) frame[1] = a;
  if (arity > 1) frame[2] = b;
  if (arity > 2) frame[3] = c;
  if (arity > 3) frame[4] = d;
  return frame;
}
