/** The term language: types and constructors, the core syntax printer and parser, locations. */
export * from './term.js';
export { printTerm } from './print.js';
export { parseTerm } from './parse.js';
export { freeVars, withoutLocs } from './locs.js';
export type { Loc, Source } from '../locations.js';
export { isPrimOp, type PrimOp } from './prims.js';
