/**
 * The expressions of the loop fuzz's programs (loop-programs.ts): their types, and compound forms
 * by type, built from the subexpressions, conditions, callback bodies and closures the generator
 * supplies.
 */

/**
 * The types of the grammar: numbers, booleans, arrays of numbers, closures `() => number` and
 * arrays of them, closures `(q) => number`, records `{ a: number, b: number[] }`, and strings.
 */
export type Ty = 'num' | 'bool' | 'nums' | 'thunk' | 'thunks' | 'fn' | 'rec' | 'str';

/** What a compound expression is built from. */
export interface Parts {
  /** A subexpression of type `ty`. */
  sub(ty: Ty): string;
  /** A condition, usually waiting on a host call. */
  cond(): string;
  /** A callback body of type `ty` over number parameters. */
  callback(ty: Ty, params: readonly string[]): string;
  /** A closure `() => number`. */
  closure(): string;
  /** A closure `(q) => number`. */
  unary(): string;
  /** Fresh names for callback parameters. */
  readonly y: string;
  readonly a: string;
}

/** Compound expressions, by type; operands are parenthesised where precedence could bite. */
export const COMPOUND: Readonly<Record<Ty, readonly ((p: Parts) => string)[]>> = {
  num: [
    (p) => `h(${p.sub('num')})`,
    (p) => `(${p.sub('num')} + ${p.sub('num')})`,
    (p) => `g(${p.sub('num')})`,
    (p) => `(${p.sub('num')} * ${p.sub('num')})`,
    (p) => `(${p.sub('num')} - ${p.sub('num')})`,
    (p) => `(${p.cond()} ? ${p.sub('num')} : ${p.sub('num')})`,
    (p) => `${p.sub('nums')}.length`,
    (p) => `s(${p.sub('nums')})`,
    (p) => `${p.sub('nums')}.reduce((${p.a}, ${p.y}) => ${p.callback('num', [p.a, p.y])}, ${p.sub('num')})`,
    (p) => `${p.sub('thunk')}()`,
    (p) => `${p.sub('thunks')}.reduce((${p.a}, ${p.y}) => ${p.a} + ${p.y}(), 0)`,
    (p) => `Math.max(${p.sub('num')}, ${p.sub('num')})`,
    (p) => `(${p.sub('nums')}.at(-1) ?? ${p.sub('num')})`,
    (p) => `(h(${p.sub('num')}) % 3)`,
    (p) => `${p.sub('rec')}.a`,
    (p) => `${p.sub('str')}.length`,
    (p) => `${p.sub('fn')}(${p.sub('num')})`,
    (p) => `(${p.sub('num')} || ${p.sub('num')})`,
    (p) => `(${p.sub('num')} && ${p.sub('num')})`,
    (p) => `(${p.sub('nums')}.at(${p.sub('num')}) ?? ${p.sub('num')})`,
  ],
  bool: [
    (p) => `(${p.sub('num')} < ${p.sub('num')})`,
    (p) => `(h(${p.sub('num')}) > ${p.sub('num')})`,
    (p) => `(${p.sub('num')} === ${p.sub('num')})`,
    (p) => `(${p.sub('num')} % 2 === 0)`,
    (p) => `!${p.sub('bool')}`,
    (p) => `(${p.sub('bool')} && ${p.sub('bool')})`,
    (p) => `(${p.sub('bool')} || ${p.sub('bool')})`,
    (p) => `${p.sub('nums')}.includes(${p.sub('num')})`,
    (p) => `${p.sub('str')}.includes("1")`,
    (p) => `(${p.sub('str')} === ${p.sub('str')})`,
  ],
  str: [
    (p) => `\`${'$'}{${p.sub('num')}}-${'$'}{${p.sub('str')}}\``,
    (p) => `(${p.sub('str')} + ${p.sub('num')})`,
    (p) => `k(${p.sub('str')})`,
    (p) => `String(${p.sub('num')})`,
    (p) => `${p.sub('nums')}.join("")`,
    (p) => `(${p.cond()} ? ${p.sub('str')} : ${p.sub('str')})`,
    (p) => `${p.sub('str')}.slice(0, 4)`,
    (p) => `(${p.sub('str')} + ${p.sub('str')}).slice(-6)`,
  ],
  nums: [
    (p) => `[...${p.sub('nums')}, ${p.sub('num')}]`,
    (p) => `[${p.sub('num')}, ${p.sub('num')}]`,
    (p) => `${p.sub('nums')}.map((${p.y}) => ${p.callback('num', [p.y])})`,
    (p) => `${p.sub('nums')}.filter((${p.y}) => ${p.callback('bool', [p.y])})`,
    (p) => `r(${p.sub('num')})`,
    (p) => `${p.sub('nums')}.concat([${p.sub('num')}])`,
    (p) => `${p.sub('thunks')}.map((${p.y}) => ${p.y}())`,
    (p) => `(${p.cond()} ? ${p.sub('nums')} : ${p.sub('nums')})`,
    (p) => `${p.sub('nums')}.slice(1)`,
    (p) => `[${p.sub('num')}, ...${p.sub('nums')}]`,
    (p) => `${p.sub('rec')}.b`,
    (p) => `${p.sub('nums')}.flatMap((${p.y}) => [${p.y}, ${p.callback('num', [p.y])}])`,
    (p) => `${p.sub('nums')}.map(${p.sub('fn')})`,
  ],
  thunk: [(p) => p.closure(), (p) => `(${p.cond()} ? ${p.sub('thunk')} : ${p.sub('thunk')})`],
  thunks: [
    (p) => `[...${p.sub('thunks')}, ${p.closure()}]`,
    (p) => `(${p.cond()} ? ${p.sub('thunks')} : ${p.sub('thunks')})`,
    (p) => `[${p.sub('thunk')}]`,
  ],
  fn: [(p) => p.unary(), (p) => `(${p.cond()} ? ${p.sub('fn')} : ${p.sub('fn')})`],
  rec: [
    (p) => `({ a: ${p.sub('num')}, b: ${p.sub('nums')} })`,
    (p) => `({ ...${p.sub('rec')}, a: ${p.sub('num')} })`,
    (p) => `(${p.cond()} ? ${p.sub('rec')} : ${p.sub('rec')})`,
  ],
};
