/**
 * What the fuzz mixes into a third of its programs: constructs the front end rejects (one or
 * more of each kind lib/frontend/unsupported.ts names), syntax errors, and attempts to reach
 * outside the hosts. Each is a function of a fresh suffix for the names it declares.
 *
 * The attempts to escape would set `globalThis.__epicFuzzEscaped` if they ran; the fuzz checks
 * that it stays unset. (They never run natively either: JS runs a program only after epic-rx
 * translated it, and only code that epic-rx translated.)
 */

/** The global an escape would set. */
export const ESCAPED = '__epicFuzzEscaped';

const ESCAPE = `"globalThis.${ESCAPED} = true"`;

/** Statements (one line each). */
export const UNSUPPORTED_STATEMENTS: readonly ((n: string) => string)[] = [
  () => 'try { h(1); } catch (e) { h(2); }',
  () => 'throw 1;',
  (n) => `class C${n} {}`,
  () => 'switch (a) { case 1: h(1); break; default: h(2); }',
  (n) => `var w${n} = 1;`,
  () => 'for (const key in { p: 1 }) { h(1); }',
  (n) => `label${n}: for (const y of xs) { h(y); }`,
  () => 'debugger;',
  () => 'for (const y of xs) { if (y > 2) break; }',
  () => 'for (const y of xs) { if (y > 2) continue; h(y); }',
  () => 'for (const y of xs) { if (y > 100) return 1; }',
  () => '({ p: 1 }).p = 2;',
  () => 'xs[0] = 1;',
  () => 'delete ({ p: 1 }).p;',
  (n) => `async function af${n}() { return 1; }`,
  (n) => `function* gen${n}() { yield 1; }`,
  () => 'h(...xs);',
  () => 'xs.push(1);',
  () => 'xs.sort();',
  () => 'xs.some((y) => y > 1);',
  (n) => `const o${n} = { get g() { return 1; } };`,
  (n) => `const [r${n}, ...rest${n}] = xs;`,
  (n) => `const { [s]: c${n} } = { p: 1 };`,
  () => 'h?.(1);',
  () => 'console.log(a);',
  () => 'Math.random();',
  () => 'new Date();',
  () => 'this;',
  (n) => `using u${n} = null;`,
  () => 'with (xs) { h(1); }',
  () => 'h(1',
  () => 'await h(1);',
  (n) => `for (var v${n} of xs) { h(1); }`,
  () => 'for (a of xs) { h(a); }',
  (n) => `const f${n} = () => { a = 1; return a; };`,
  (n) => `const { __proto__: pp${n} } = xs;`,
  () => `mk("r", 1).constructor.constructor(${ESCAPE})();`,
  () => `h.constructor(${ESCAPE})();`,
  () => `(0, xs["constructor"]["constructor"])(${ESCAPE})();`,
  (n) => `const ctor${n} = xs["constructor"]; ctor${n}["constructor"](${ESCAPE})();`,
  (n) => `const up${n} = mk("r", 1)["__proto__"]; h(up${n});`,
  () => `Object.getPrototypeOf(xs).constructor(${ESCAPE})();`,
  () => `JSON.parse("{}").constructor.constructor(${ESCAPE})();`,
  () => `(() => {}).constructor(${ESCAPE})();`,
  () => `[].map.call(xs, (y) => y);`,
  () => `globalThis.${ESCAPED} = true;`,
  () => `Function(${ESCAPE})();`,
];

/** Expressions (in place of a value of any type). */
export const UNSUPPORTED_EXPRESSIONS: readonly ((n: string) => string)[] = [
  () => 'new Number(1)',
  () => 'this',
  () => 'arguments.length',
  () => '(a = 1)',
  () => 'a++',
  () => '(h(1), 2)',
  () => '("p" in { p: 1 })',
  () => '(xs instanceof Array)',
  () => '/a+/.test(s)',
  () => '10n',
  () => 'String.raw`x`',
  () => 'h?.(1)',
  () => 'h(...xs)',
  () => 'xs.some((y) => y > 0)',
  () => 'Math.random()',
  () => 'import.meta',
  () => 'new.target',
  () => '(class {})',
  () => '(async () => 1)',
  () => 'xs.at',
  () => 's.constructor',
  () => 'mk("r", 1).missing',
  () => 'xs[10]',
  () => '({ [s]: 1 })',
  () => '({ get g() { return 1; } })',
  () => '[1, , 2]',
  () => 'Math["max"](1, 2)',
  () => 'Math.max',
  () => 'JSON',
  () => '(0, eval)("1")',
  () => `Function(${ESCAPE})()`,
];
