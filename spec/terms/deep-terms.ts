/**
 * Terms nested 100,000 deep, for the specs that check a pass over terms needs no JS stack in
 * proportion to nesting: deep enough that recursing once per level overflows Node's default
 * stack (about 10,000 frames), built in a loop from the inside out.
 */
import { app, lam, let_, v } from '../../lib/terms/term.js';
import type { Lam, Term } from '../../lib/terms/term.js';

/** How deep the terms below nest. */
export const DEPTH = 100_000;

/** `(let x1 first (let x2 x1 … (let xN x(N-1) body)))`: each value names the previous binder. */
export function letChain(first: Term, body: Term, depth = DEPTH): Term {
  let term = body;
  for (let i = depth; i >= 1; i -= 1) term = let_(`x${i}`, i === 1 ? first : v(`x${i - 1}`), term);
  return term;
}

/** `(f (f … (f inner)))`, `depth` applications of `f`. */
export function nestedApps(f: Term, inner: Term, depth = DEPTH): Term {
  let term = inner;
  for (let i = 0; i < depth; i += 1) term = app(f, [term]);
  return term;
}

/** `(fn (y1) (fn (y2) … (fn (yN) body)))`. */
export function nestedLams(body: Term, depth = DEPTH): Lam {
  let term: Lam = lam([`y${depth}`], body);
  for (let i = depth - 1; i >= 1; i -= 1) term = lam([`y${i}`], term);
  return term;
}
