/**
 * The builtin, pure host functions a `Prim` term applies, and the pure JS methods and globals a
 * program may use. This file is data shared by the front end (what to accept), the printer and
 * parser (what names exist) and the evaluators (`lib/runtime/builtins.ts` implements them).
 *
 * Strictness (what must be resolved before a prim computes) is part of each prim's meaning:
 * - `deep`: every argument fully resolved (no pending part anywhere inside), like a host call;
 * - `shallow`: the argument itself resolved, though elements inside it may still be pending;
 * - `lazy`: not waited for at all (stored as is, e.g. the fields of a record).
 */

/** Binary operators, with JS semantics on resolved values. */
export const BINARY_OPS = [
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '!=',
  '===',
  '!==',
  '&',
  '|',
  '^',
  '<<',
  '>>',
  '>>>',
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

/** Unary operators: `-x`, `+x`, `!x`, `~x`, `typeof x`. */
export const UNARY_OPS = ['neg', 'pos', 'not', 'bitnot', 'typeof'] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

/**
 * Structural and higher-order prims.
 * - `bool(c)`: the Church boolean for the truthiness of `c` (shallow).
 * - `concat(a1, …, an)`: the elements of the arrays `ai` in order: `[...a1, …, ...an]` (shallow).
 * - `record(k0, v0, k1, v1, …)`: the object `{k0: v0, …}`; keys are string literals, values lazy.
 * - `merge(a, b)`: `{...a, ...b}` (shallow; null and undefined spread as nothing).
 * - `get(o, k)`: `o[k]` for an own property, an array index in range, or `length` of an array
 *   or string (o shallow, k deep). Anything else is a runtime error naming the property.
 * - `getOpt(o, k)`: `o?.[k]`, and also undefined (not an error) when the property is missing.
 * - `template(s0, e0, s1, …, sn)`: a template literal; each part converted with `String` (deep).
 * - `fold(xs, init, f)`: `xs.reduce(f, init)`, calling `f` non-strictly with the first
 *   `arity(f)` of `(acc, x, i, xs)`; `for…of` loops are folds (xs shallow; its elements lazy).
 * - `map(xs, f)`, `filter(xs, f)`: `xs.map(f)`, `xs.filter(f)`; `f` gets the first `arity(f)`
 *   of `(x, i, xs)`. Every call of `f` starts at once.
 * - `method(recv, name, …args)`: a pure method from the lists below, e.g. `s.trim()` (deep,
 *   except the structural array methods in `SHALLOW_ARRAY_METHODS`).
 * - `global(name, …args)`: a pure global function such as `Math.max` or `JSON.stringify` (deep).
 */
export const STRUCT_OPS = [
  'bool',
  'concat',
  'record',
  'merge',
  'get',
  'getOpt',
  'template',
  'fold',
  'map',
  'filter',
  'method',
  'global',
] as const;
export type StructOp = (typeof STRUCT_OPS)[number];

export type PrimOp = BinaryOp | UnaryOp | StructOp;

/** Every prim name, for parsers and exhaustiveness checks. */
export const PRIM_OPS: ReadonlySet<string> = new Set<string>([...BINARY_OPS, ...UNARY_OPS, ...STRUCT_OPS]);

/** Whether `name` is a prim op. */
export function isPrimOp(name: string): name is PrimOp {
  return PRIM_OPS.has(name);
}

/** Pure string methods a program may call. */
export const STRING_METHODS: ReadonlySet<string> = new Set([
  'at',
  'charAt',
  'charCodeAt',
  'codePointAt',
  'concat',
  'endsWith',
  'includes',
  'indexOf',
  'lastIndexOf',
  'localeCompare',
  'normalize',
  'padEnd',
  'padStart',
  'repeat',
  'replace',
  'replaceAll',
  'slice',
  'split',
  'startsWith',
  'substring',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'trimEnd',
  'trimStart',
  'toString',
]);

/** Pure, callback-free array methods a program may call. */
export const ARRAY_METHODS: ReadonlySet<string> = new Set([
  'at',
  'concat',
  'includes',
  'indexOf',
  'lastIndexOf',
  'join',
  'slice',
  'flat',
  'toReversed',
  'toSorted',
  'toSpliced',
  'with',
  'toString',
]);

/**
 * Array methods that only rearrange elements, so pending elements need not be waited for.
 * (Not `concat`: on a string receiver it converts its arguments to strings, reading them whole.)
 */
export const SHALLOW_ARRAY_METHODS: ReadonlySet<string> = new Set(['at', 'slice', 'toReversed', 'toSpliced', 'with']);

/** Array methods that mutate: rejected, with a hint at the pure alternative. */
export const MUTATING_ARRAY_METHODS: Readonly<Record<string, string>> = {
  push: 'use [...xs, x]',
  pop: 'use xs.slice(0, -1) and xs.at(-1)',
  shift: 'use xs.slice(1) and xs[0]',
  unshift: 'use [x, ...xs]',
  splice: 'use xs.toSpliced(...) or slice and spread',
  sort: 'use xs.toSorted()',
  reverse: 'use xs.toReversed()',
  fill: 'build a new array with map',
  copyWithin: 'build a new array with slice and spread',
};

/** Array methods that take a callback and are translated to the prims `map`, `filter`, `fold`. */
export const CALLBACK_ARRAY_METHODS: ReadonlySet<string> = new Set(['map', 'flatMap', 'filter', 'reduce', 'forEach']);

/** Pure number methods a program may call. */
export const NUMBER_METHODS: ReadonlySet<string> = new Set(['toFixed', 'toPrecision', 'toExponential', 'toString']);

const MATH_FUNCTIONS = [
  'abs',
  'acos',
  'acosh',
  'asin',
  'asinh',
  'atan',
  'atan2',
  'atanh',
  'cbrt',
  'ceil',
  'clz32',
  'cos',
  'cosh',
  'exp',
  'expm1',
  'floor',
  'fround',
  'hypot',
  'imul',
  'log',
  'log10',
  'log1p',
  'log2',
  'max',
  'min',
  'pow',
  'round',
  'sign',
  'sin',
  'sinh',
  'sqrt',
  'tan',
  'tanh',
  'trunc',
];

/** Pure global functions, by the dotted name a program calls them with. `Math.random` is not pure. */
export const GLOBAL_FUNCTIONS: Readonly<Record<string, (...args: never[]) => unknown>> = Object.fromEntries([
  ...MATH_FUNCTIONS.map((name) => [`Math.${name}`, (Math as unknown as Record<string, () => unknown>)[name]]),
  ['JSON.stringify', JSON.stringify],
  ['JSON.parse', JSON.parse],
  ['String', String],
  ['Number', Number],
  ['Boolean', Boolean],
  ['Array.isArray', Array.isArray],
  ['Array.of', Array.of],
  ['Object.keys', Object.keys],
  ['Object.values', Object.values],
  ['Object.entries', Object.entries],
  ['Object.fromEntries', Object.fromEntries],
  ['Number.isInteger', Number.isInteger],
  ['Number.isFinite', Number.isFinite],
  ['Number.isNaN', Number.isNaN],
  ['Number.parseFloat', Number.parseFloat],
  ['Number.parseInt', Number.parseInt],
  ['parseInt', parseInt],
  ['parseFloat', parseFloat],
  // biome-ignore lint/suspicious/noGlobalIsNan: the program's isNaN is JavaScript's global one
  ['isNaN', isNaN],
  // biome-ignore lint/suspicious/noGlobalIsFinite: the program's isFinite is JavaScript's global one
  ['isFinite', isFinite],
]);

/** Global constants, inlined as literals by the front end. */
export const GLOBAL_CONSTANTS: Readonly<Record<string, number | undefined>> = {
  'Math.PI': Math.PI,
  'Math.E': Math.E,
  'Math.LN2': Math.LN2,
  'Math.LN10': Math.LN10,
  'Math.LOG2E': Math.LOG2E,
  'Math.LOG10E': Math.LOG10E,
  'Math.SQRT2': Math.SQRT2,
  'Math.SQRT1_2': Math.SQRT1_2,
  'Number.MAX_SAFE_INTEGER': Number.MAX_SAFE_INTEGER,
  'Number.MIN_SAFE_INTEGER': Number.MIN_SAFE_INTEGER,
  'Number.EPSILON': Number.EPSILON,
  'Number.MAX_VALUE': Number.MAX_VALUE,
  'Number.MIN_VALUE': Number.MIN_VALUE,
  'Number.POSITIVE_INFINITY': Infinity,
  'Number.NEGATIVE_INFINITY': -Infinity,
  'Number.NaN': NaN,
  NaN,
  Infinity,
  undefined,
};

/** The global namespaces a program may name (only through the members above). */
export const KNOWN_GLOBALS: ReadonlySet<string> = new Set([
  'Math',
  'JSON',
  'String',
  'Number',
  'Boolean',
  'Array',
  'Object',
]);
