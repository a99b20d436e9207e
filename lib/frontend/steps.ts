/**
 * What translating a statement gives: a `Step`. A statement that falls through to the code after
 * it gives the environment there and the frames that code goes inside — `const a = f()` gives the
 * frame `(rest) => let a = f() in rest` — and a statement that never does (a `return`, an `if`
 * whose branches both return) gives its whole term.
 *
 * Why frames and not a continuation: translating `s1; s2; …` as `translate(s1, (env) =>
 * translate(s2, …))` nests a JS call per statement, and a program of a few thousand statements
 * overflows the stack. With frames, a block translates its statements in a loop (`Sequence`),
 * and `close` plugs in the code after them with another loop, so a block of 100,000 statements
 * needs no deeper stack than a block of ten.
 *
 * @example
 * // const a = f(); return a
 * const seq = new Sequence(env);
 * seq.add((e) => translateStatement(ctx, e, decl));   // open: frames [(rest) => let a = f() in rest]
 * seq.add((e) => translateStatement(ctx, e, ret));    // closed: let a = f() in a
 */
import type { Term } from '../terms/term.js';
import type { Closed, Env, Frame, Open, Rest, Step } from './context.js';

export type { Closed, Frame, Open, Step } from './context.js';

/** A step that falls through to `env` inside `frames`. */
export function open(env: Env, ...frames: Frame[]): Open {
  return { env, frames };
}

/** A step that ends in `term`. */
export function closed(term: Term): Closed {
  return { term };
}

/** The step's term, with `exit(env)` as the code after it when it falls through. */
export function close(step: Step, exit: Rest): Term {
  return 'term' in step ? step.term : plug(step.frames, exit(step.env));
}

/** The step with the environment after it changed by `f` (e.g. leaving a block's scope). */
export function mapEnv(step: Step, f: (env: Env) => Env): Step {
  return 'term' in step ? step : { env: f(step.env), frames: step.frames };
}

function plug(frames: readonly Frame[], body: Term): Term {
  let term = body;
  for (let i = frames.length - 1; i >= 0; i--) term = frames[i]!(term);
  return term;
}

/**
 * Steps in order, accumulated in a loop. Once one of them is closed, the ones after it are not
 * translated (that code is unreachable; JS would not run it either).
 */
export class Sequence {
  private readonly frames: Frame[] = [];
  private env: Env;
  private end: Term | undefined;

  constructor(env: Env) {
    this.env = env;
  }

  /** Appends the step `translate` makes in the environment so far; false once the sequence is closed. */
  add(translate: (env: Env) => Step): boolean {
    if (this.end !== undefined) return false;
    const step = translate(this.env);
    if ('term' in step) {
      this.end = plug(this.frames, step.term);
      return false;
    }
    for (const f of step.frames) this.frames.push(f);
    this.env = step.env;
    return true;
  }

  /** Appends one frame, after which the code continues in `env` (default: unchanged). */
  frame(frame: Frame, env: Env = this.env): void {
    this.add(() => open(env, frame));
  }

  /** The steps so far, as one. */
  step(): Step {
    return this.end === undefined ? { env: this.env, frames: this.frames } : closed(this.end);
  }
}
