/**
 * The expressions of the fuzz grammar (grammar.ts), by type: literals, and compound forms built
 * from subexpressions. Receivers and operands are parenthesised, so any subexpression fits.
 * Member reads are only of fields a value of that type has (`size`, `length`, …) or through
 * `?.`, since reading a missing field is an error in epic-rx and undefined in JS.
 */

/** The types of the grammar: numbers, strings, booleans, arrays of numbers, records, functions. */
export type Ty = 'num' | 'str' | 'bool' | 'nums' | 'rec' | 'fn';
/** Every type. */
export const TYPES: readonly Ty[] = ['num', 'str', 'bool', 'nums', 'rec', 'fn'];

/** What a compound expression is built from. */
export interface Parts {
  /** A subexpression of type `ty`. */
  readonly sub: (ty: Ty) => string;
  /** The body, of type `ty`, of a callback `(y) => …` over a number `y`. */
  readonly callback: (ty: Ty) => string;
  readonly oneOf: (items: readonly string[]) => string;
}

/** Literals (and other leaves without variables), by type. */
export const LITERALS: Readonly<Record<Ty, readonly string[]>> = {
  num: ['0', '1', '2', '7', '(-3)', '0.5', '10', 'NaN', '(-0)'],
  str: ['""', '"ab"', '"x y"', "'Q'", '`t`'],
  bool: ['true', 'false'],
  nums: ['[]', '[1, 2, 3]', '[0]', '[5, -1]'],
  rec: ['mk("r", 1)', '{ name: "n", size: 2, tags: ["t"] }'],
  fn: ['((y) => y + 1)', '((y) => h(y))'],
};

type Compound = (p: Parts) => string;

/** Compound expressions, by type. */
export const COMPOUND: Readonly<Record<Ty, readonly Compound[]>> = {
  num: [
    (p) => `((${p.sub('num')}) ${p.oneOf(['-', '*', '%', '**', '&', '|', '>>', '/'])} (${p.sub('num')}))`,
    (p) => `(${p.sub('num')} + ${p.sub('num')})`,
    (p) => `-(${p.sub('num')})`,
    (p) => `h(${p.sub('num')})`,
    (p) => `pick(${p.sub('nums')})`,
    (p) => `(${p.sub('nums')}).length`,
    (p) => `(${p.sub('str')}).length`,
    (p) => `(${p.sub('rec')}).size`,
    (p) => `(${p.sub('bool')} ? ${p.sub('num')} : ${p.sub('num')})`,
    (p) => `Math.max(${p.sub('num')}, ${p.sub('num')})`,
    (p) => `Math.floor(${p.sub('num')} / 2)`,
    (p) => `(${p.sub('nums')}).reduce((acc, y) => acc + y, ${p.sub('num')})`,
    (p) => `(${p.sub('fn')})(${p.sub('num')})`,
    (p) => `((${p.sub('nums')}).at(${p.sub('num')}) ?? 0)`,
    (p) => `(${p.sub('nums')}).indexOf(${p.sub('num')})`,
    (p) => `(Number(${p.sub('str')}) || 0)`,
    (p) => `((z) => z * 2)(${p.sub('num')})`,
    (p) => `[${p.sub('num')}, ${p.sub('num')}][1]`,
    (p) => `(${p.sub('rec')}?.size ?? 0)`,
    (p) => `((${p.sub('bool')} ? null : ${p.sub('rec')})?.size ?? -1)`,
    (p) => `(${p.sub('bool')} ? h(${p.sub('num')}) : h(${p.sub('num')}))`,
    (p) => `((${p.sub('num')} > 0 && h(${p.sub('num')}) > 50) ? 1 : 0)`,
    (p) => `[${p.sub('num')}, ${p.sub('num')}].reduce((acc, y) => acc * 2 + y)`,
    (p) => `((q) => (r) => q - r)(${p.sub('num')})(${p.sub('num')})`,
    (p) => `(() => { const t = ${p.sub('num')}; if (t > 3) { return t; } return -t; })()`,
    (p) => `((q, r = 2) => q * r)(${p.sub('num')})`,
    (p) => `((${p.sub('rec')})?.["size"] ?? 0)`,
    (p) => `(${p.sub('str')} < ${p.sub('str')} ? 1 : 2)`,
  ],
  str: [
    (p) => `\`\${${p.sub('num')}}-\${${p.sub('str')}}\``,
    (p) => `(${p.sub('str')} + ${p.sub('str')})`,
    (p) => `k(${p.sub('str')})`,
    (p) => `String(${p.sub('num')})`,
    (p) => `(${p.sub('str')}).toUpperCase()`,
    (p) => `(${p.sub('str')}).slice(0, 2)`,
    (p) => `(${p.sub('nums')}).join("-")`,
    (p) => `(${p.sub('rec')}).name`,
    (p) => `(${p.sub('bool')} ? ${p.sub('str')} : ${p.sub('str')})`,
    (p) => `typeof (${p.sub(p.oneOf(['num', 'str', 'bool', 'nums', 'rec']) as Ty)})`,
    (p) => `JSON.stringify(${p.sub('nums')})`,
    (p) => `(${p.sub('str')}).padStart(3, "0")`,
    (p) => `\`\${${p.sub('nums')}}\``,
    (p) => `((${p.sub('str')}).at(0) ?? "")`,
    (p) => `(${p.sub('str')} || "z")`,
    (p) => `(${p.sub('rec')}).tags.join()`,
    (p) => `(${p.sub('num')}).toFixed(1)`,
    (p) => `\`<\${\`\${${p.sub('str')}}\`}>\``,
    (p) => `(${p.sub('bool')} ? k(${p.sub('str')}) : "")`,
  ],
  bool: [
    (p) => `(${p.sub('num')} < ${p.sub('num')})`,
    (p) => `(${p.sub('num')} === ${p.sub('num')})`,
    (p) => `(${p.sub('str')} !== ${p.sub('str')})`,
    (p) => `!(${p.sub('bool')})`,
    (p) => `(${p.sub('bool')} && ${p.sub('bool')})`,
    (p) => `(${p.sub('bool')} || ${p.sub('bool')})`,
    (p) => `(${p.sub('str')}).includes("a")`,
    (p) => `(${p.sub('nums')}).includes(${p.sub('num')})`,
    (p) => `Array.isArray(${p.sub('nums')})`,
    (p) => `((${p.sub('nums')}).length > 0)`,
    (p) => `(${p.sub('num')} == ${p.sub('str')})`,
    (p) => `(${p.sub('nums')} == ${p.sub('nums')})`,
    (p) => `Boolean(${p.sub('num')})`,
  ],
  nums: [
    (p) => `[${p.sub('num')}, ${p.sub('num')}]`,
    (p) => `[...(${p.sub('nums')}), ${p.sub('num')}]`,
    (p) => `list(${p.sub('num')})`,
    (p) => `(${p.sub('nums')}).map((y) => ${p.callback('num')})`,
    (p) => `(${p.sub('nums')}).filter((y) => ${p.callback('bool')})`,
    (p) => `(${p.sub('nums')}).slice(1)`,
    (p) => `(${p.sub('nums')}).concat(${p.sub('nums')})`,
    (p) => `(${p.sub('nums')}).toReversed()`,
    (p) => `Object.values({ p: ${p.sub('num')}, q: ${p.sub('num')} })`,
    (p) => `(${p.sub('nums')}).toSorted()`,
  ],
  rec: [
    (p) => `mk(${p.sub('str')}, ${p.sub('num')})`,
    (p) => `{ name: ${p.sub('str')}, size: ${p.sub('num')}, tags: [${p.sub('str')}] }`,
    (p) => `{ ...(${p.sub('rec')}), size: ${p.sub('num')} }`,
  ],
  fn: [(p) => `((y) => ${p.callback('num')})`, (p) => `(function (y) { return ${p.callback('num')}; })`],
};
