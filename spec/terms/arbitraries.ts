/**
 * fast-check arbitraries for terms, shared by the printer, parser and locs specs: every kind,
 * nesting, awkward names (keywords, literal words, the empty string, quotes, backslashes,
 * control characters, lone surrogates, astral characters) and awkward literals.
 */
import fc from 'fast-check';
import { PRIM_OPS, isPrimOp, type PrimOp } from '../../lib/terms/prims.js';
import { app, host, lam, let_, letrec, lit, prim, proj, tuple, v } from '../../lib/terms/term.js';
import type { Lam, LitValue, Term } from '../../lib/terms/term.js';

const primOps: PrimOp[] = [...PRIM_OPS].filter(isPrimOp);

/** One UTF-16 code unit (lone surrogates included) or a hand-picked troublemaker. */
const oddUnit = fc.oneof(
  fc.constantFrom(
    '`',
    '\\',
    '"',
    '\n',
    '\r',
    '\t',
    '\u0000',
    '\u001f',
    '\u007f',
    '\u2028',
    '\ud800',
    '\udfff',
    '😀',
    'é',
    ' ',
    ';',
    '(',
    ']',
    '@',
    '%',
  ),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
);

/** Strings of odd code units, including the empty string. */
export const oddString = fc.string({ unit: oddUnit, maxLength: 6 });

/** Names: plain identifiers, keywords and literal words, and odd strings. */
export const nameArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'x',
    'y',
    'f',
    '$',
    '_a1',
    'fn',
    'let',
    'letrec',
    'proj',
    'true',
    'false',
    'null',
    'undefined',
    'NaN',
    'Infinity',
    '',
    '-0',
    '1x',
    'a b',
  ),
  fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,5}$/),
  oddString,
);

/** Literal values: doubles (NaN, ±0, ±Infinity included), integers, strings, and the rest. */
export const litArb: fc.Arbitrary<LitValue> = fc.oneof(
  fc.double(),
  fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, 1e21, 5e-324, Number.MAX_VALUE, -1.5e-7),
  fc.integer(),
  oddString,
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

const { term: termArb } = fc.letrec<{ term: Term; lam: Lam }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nameArb.map((name) => v(name)),
    litArb.map((value) => lit(value)),
    nameArb.map((name) => host(name)),
    tie('lam'),
    fc.tuple(tie('term'), fc.array(tie('term'), { maxLength: 3 })).map(([fn, args]) => app(fn, args)),
    fc.tuple(nameArb, tie('term'), tie('term')).map(([name, value, body]) => let_(name, value, body)),
    fc.tuple(fc.array(fc.tuple(nameArb, tie('lam')), { maxLength: 3 }), tie('term')).map(([bindings, body]) =>
      letrec(
        bindings.map(([name, l]) => ({ name, lam: l })),
        body,
      ),
    ),
    fc.array(tie('term'), { maxLength: 4 }).map((items) => tuple(items)),
    fc.tuple(tie('term'), fc.nat()).map(([t, index]) => proj(t, index)),
    fc.tuple(fc.constantFrom(...primOps), fc.array(tie('term'), { maxLength: 3 })).map(([op, args]) => prim(op, args)),
  ),
  lam: fc
    .tuple(fc.array(nameArb, { maxLength: 3 }), tie('term'), fc.option(nameArb, { nil: undefined }))
    .map(([params, body, name]) => lam(params, body, undefined, name)),
}));

/** Random terms of every kind, without locations. */
export { termArb };
