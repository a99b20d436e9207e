/**
 * The term language as users see it (`terms` in the public API): the term types and
 * constructors, the core-syntax printer and parser, free variables, locations.
 */
export {
  app,
  host,
  lam,
  let_,
  letrec,
  lit,
  prim,
  proj,
  tuple,
  v,
  type App,
  type Binding,
  type Host,
  type Lam,
  type Let,
  type LetRec,
  type Lit,
  type LitValue,
  type Prim,
  type Proj,
  type Term,
  type TermKind,
  type Tuple,
  type Var,
} from './term.js';
export { printTerm } from './print.js';
export { parseTerm } from './parse.js';
export { freeVars, withoutLocs } from './locs.js';
export type { Loc, Source } from '../locations.js';
export { isPrimOp, type PrimOp } from './prims.js';
