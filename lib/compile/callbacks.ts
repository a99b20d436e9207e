/**
 * Running a callback closure per element, for `map`, `filter` and `fold` (prim-code.ts): the
 * body runs in place where the depth and step count allow, in a frame built as an array literal.
 */
import type { Loc } from '../locations.js';
import { Closure, newFrame, TAIL, type Frame } from '../runtime/closure.js';
import { track } from '../runtime/deep.js';
import { MAX_DEPTH, type Run } from '../runtime/run.js';
import { asList, callbackArgs } from '../runtime/values.js';

export function kept(run: Run, list: readonly unknown[], keep: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < list.length; i++) if (keep[i] && (list[i] !== undefined || i in list)) out.push(list[i]);
  return track(run, out);
}

export function mapList(run: Run, xs: unknown, fn: unknown, loc: Loc | undefined): unknown[] {
  const list = asList(xs, 'map', loc, false);
  const out = new Array<unknown>(list.length);
  if (fn instanceof Closure && fn.arity <= 3 && fn.code.frameReusable) {
    const frame = newFrame(fn);
    for (let i = 0; i < list.length; i++)
      out[i] = enterReusing(run, fn, fillFrame(frame, fn, list[i], i, list, undefined));
  } else if (fn instanceof Closure && fn.arity <= 3) {
    for (let i = 0; i < list.length; i++) out[i] = enterNow(run, fn, callbackFrame(fn, list[i], i, list, undefined));
  } else {
    for (let i = 0; i < list.length; i++) out[i] = run.apply(fn, callbackArgs(fn, list[i], i, list), loc);
  }
  return out;
}

/**
 * `run.enter(fn, frame)` for a callback: the body runs right here while the depth and the step
 * count allow, as `enter` would run it (the same steps counted); `enter` itself otherwise, and to
 * finish a tail call the body leaves.
 */
export function enterNow(run: Run, fn: Closure, frame: Frame): unknown {
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
export function enterReusing(run: Run, fn: Closure, frame: Frame): unknown {
  if (run.depth >= MAX_DEPTH || run.steps + 1 >= run.nextCheck) return run.enter(fn, frame.slice());
  run.steps++;
  run.depth++;
  const r = fn.code.body(frame, run);
  run.depth--;
  return r === TAIL ? run.enter(run.tailFn, run.tailFrame) : r;
}

/** Refills `frame` for a call of `fn` (arity ≤ 4) with the first `arity` of `a, b, c, d`. */
export function fillFrame(frame: Frame, fn: Closure, a: unknown, b: unknown, c: unknown, d: unknown): Frame {
  const { arity } = fn.code;
  frame[0] = fn.env;
  if (arity > 0) frame[1] = a;
  if (arity > 1) frame[2] = b;
  if (arity > 2) frame[3] = c;
  if (arity > 3) frame[4] = d;
  return frame;
}

/** A frame for a callback closure of arity ≤ 4, holding the first `arity` of `a, b, c, d`. */
export function callbackFrame(fn: Closure, a: unknown, b: unknown, c: unknown, d: unknown): Frame {
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
