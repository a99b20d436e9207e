/**
 * Random programs with loops, for the fuzz of generated loop code (spec/compile/jit-loops.spec.ts):
 * JS source text of a function `(n, xs) => { … }` whose statements are `while`, `do…while`, C-style
 * `for` and `for…of` loops (nested), self-recursive arrows and function declarations that loop by
 * calling themselves in tail position (in a `?:` branch, after an early `if … return`, in a branch
 * whose condition waits on a host call), `let` reassignment, `if`s and `?:`s whose conditions are
 * often host results, closures made in a loop body and called after the loop, array spreads and
 * `concat` accumulating pending values, arithmetic on them, and map/filter/reduce callbacks.
 *
 * Every program it makes is in the front end's subset and means the same in JS and in epic-rx:
 * loops are bounded (a counter of their own, or a recursion parameter that grows, against a bound
 * of at most 5), no `break`/`return` inside loops, arrays are never mutated and only read with
 * `.at()`, closures and function bodies capture only `const`s and parameters (a closure capturing
 * a `let` that is assigned later is rightly rejected, closure-check.ts), and callbacks only read
 * `let`s. The program returns an array of its top-level variables, so a wrong intermediate value
 * shows.
 *
 * It is built as the front-end fuzz's programs are (program-builder.ts), driven by a list of
 * numbers that fast-check shrinks.
 */
import fc from 'fast-check';
import { COMPOUND, type Ty } from './loop-expressions.js';
import { choiceLists, constant, counter, mutable, ProgramBuilder, type Scope, type Var } from './program-builder.js';

/** A generated program. */
export interface LoopProgram {
  /** The function's source: an arrow `(n, xs) => { … }`, one statement a line. */
  readonly source: string;
  /** Its arguments: a small count and an array of small numbers. */
  readonly args: readonly [number, readonly number[]];
  /** Shifts how many microtasks each host call takes to answer (so results arrive in varied orders). */
  readonly salt: number;
  /** Hosts that answer at once (a plain value, not a Promise), so some conditions are not pending. */
  readonly sync: readonly string[];
}

/** The hosts' plain (synchronous) meanings; the spec makes async versions of them for epic-rx. */
export const HOSTS = {
  /** The identity: `h(i) < 3` is a loop condition that waits on a host call and still ends. */
  h: (x: number): number => x,
  g: (x: number): number => (x * 7 + 3) % 10,
  /** The sum of an array (a host call waits for every element). */
  s: (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0),
  /** An array from a number (its elements arrive together). */
  r: (x: number): number[] => [x, x + 1],
  /** A string from a string. */
  k: (t: string): string => `${t}!`,
} as const;

/** The hosts' names, in the order of `HOSTS`. */
export const HOST_NAMES = Object.keys(HOSTS) as (keyof typeof HOSTS)[];

/** Where a statement is: the variables it may read, and whether it is in a loop body. */
type Env = Scope<Ty>;

/** Deepest nesting of statements (loops in loops in recursive functions …). */
const MAX_DEPTH = 3;

class Generator extends ProgramBuilder<Ty, Env> {
  protected override readonly blocksEndWhenExhausted = true;

  /** The function: a few `let`s for the loops to accumulate into, statements, then a return of the variables. */
  program(): string {
    let env: Env = { vars: [constant('n', 'num'), constant('xs', 'nums')], inLoop: false };
    let lets = '';
    for (const ty of ['num', 'nums', this.c.oneOf(['thunks', 'num', 'nums', 'thunk'] as const)] as const) {
      const name = this.name('v');
      lets += `  let ${name} = ${this.literal(ty, env)};\n`;
      env = this.declared(env, mutable(name, ty));
    }
    const [body, after] = this.block(env, 1, 1 + this.c.pick(6));
    const shown = after.vars.filter((v) => v.name !== 'n' && v.name !== 'xs').slice(-8);
    const results = shown.map((v) => this.observe(v));
    return `(n, xs) => {\n${lets}${body}  return [${['n', ...results].join(', ')}];\n}`;
  }

  /** An expression showing a variable's value as data (closures are called). */
  private observe(v: Var<Ty>): string {
    if (v.ty === 'thunk') return `${v.name}()`;
    if (v.ty === 'thunks') return `${v.name}.map((f) => f())`;
    if (v.ty === 'fn') return `${v.name}(2)`;
    return v.name;
  }

  /**
   * In a nested block, what a statement declares is often folded into a `let` of an enclosing
   * block, so that what an inner loop computes shows in the result.
   */
  protected override afterStatement(outer: Env, before: Env, after: Env, depth: number): string {
    const declared = after.vars.at(-1);
    if (depth > 1 && declared && after.vars.length > before.vars.length && this.c.chance(60)) {
      return this.fold(outer, declared, '  '.repeat(depth));
    }
    return '';
  }

  /** An assignment of a `let` of `env` that reads `v`, or nothing if `env` has no `let`. */
  private fold(env: Env, v: Var<Ty>, pad: string): string {
    const target = this.pickVar(env, (x) => x.assignable && (x.ty === 'num' || x.ty === 'nums'));
    if (!target) return '';
    const num = {
      num: v.name,
      bool: `(${v.name} ? 1 : 0)`,
      nums: this.c.oneOf([`s(${v.name})`, `${v.name}.length`]),
      thunk: `${v.name}()`,
      thunks: `${v.name}.reduce((a, f) => a + f(), 0)`,
      fn: `${v.name}(${v.name === 'n' ? 0 : 'n'})`,
      rec: `${v.name}.a`,
      str: `${v.name}.length`,
    }[v.ty];
    const t = target.name;
    if (target.ty === 'num') return `${pad}${t} = ${t} * 3 + ${num};\n`;
    if (v.ty === 'nums') return `${pad}${t} = [...${t}, ...${v.name}.slice(0, 3)];\n`;
    return `${pad}${t} = [...${t}, ${num}];\n`;
  }

  protected statement(env: Env, depth: number): [string, Env] {
    const pad = '  '.repeat(depth);
    const nested = depth <= MAX_DEPTH;
    const kinds = [
      'assign',
      'let',
      'assign',
      'const',
      'assign',
      ...(env.inLoop ? ['assign', 'assign'] : []),
      'call',
      'swap',
      'destructure',
      ...(depth === 1 ? ['return'] : []),
      ...(nested ? ['if', 'while', 'forOf', 'recursive', 'for', 'doWhile', 'recursive', 'while'] : []),
    ];
    switch (this.c.oneOf(kinds)) {
      case 'let':
        return this.declare(
          env,
          pad,
          'let',
          this.c.oneOf(['num', 'nums', 'thunks', 'num', 'thunk', 'bool', 'rec', 'fn', 'str'] as const),
          2,
        );
      case 'const':
        return this.declare(
          env,
          pad,
          'const',
          this.c.oneOf(['num', 'nums', 'thunk', 'bool', 'thunks', 'rec', 'fn', 'str'] as const),
          2,
        );
      case 'assign':
        return [this.assign(env, pad), env];
      case 'call':
        return this.c.chance(25)
          ? [
              `${pad}${this.expr('nums', env, 2)}.forEach((y) => {\n${pad}  h(${this.callback('num', env, ['y'])});\n${pad}});\n`,
              env,
            ]
          : [`${pad}${this.c.oneOf(['h', 'g'])}(${this.expr('num', env, 2)});\n`, env];
      case 'swap':
        return [this.swap(env, pad), env];
      case 'destructure':
        return this.destructure(env, pad);
      case 'return':
        return [this.earlyReturn(env, pad), env];
      case 'if':
        return [this.ifStatement(env, depth, { orElse: 60 }), env];
      case 'while':
        return [this.whileLoop(env, depth), env];
      case 'forOf':
        return [this.forOf(env, depth), env];
      case 'for':
        return [this.forLoop(env, depth), env];
      case 'doWhile':
        return [this.doWhile(env, depth), env];
      default:
        return this.recursive(env, depth);
    }
  }

  /** An assignment to a `let`; arrays grow by a few elements at most (loops nest). */
  private assign(env: Env, pad: string): string {
    const target = this.pickVar(env, (v) => v.assignable);
    if (!target) return `${pad}${this.c.oneOf(['h', 'g'])}(${this.expr('num', env, 1)});\n`;
    const t = target.name;
    const num = (): string => this.expr('num', env, 2);
    let forms: (() => string)[];
    switch (target.ty) {
      case 'num':
        forms = [() => num(), () => `${t} + ${num()}`, () => `${t} * 2 - ${num()}`, () => `${t} - 1`];
        if (this.c.chance(25)) {
          const op = this.c.oneOf(['+=', '-=', '*=', '||=', '&&=', '??=']);
          return this.c.chance(20) ? `${pad}${t}${this.c.oneOf(['++', '--'])};\n` : `${pad}${t} ${op} ${num()};\n`;
        }
        break;
      case 'nums':
        forms = [
          () => `[...${t}, ${num()}]`,
          () => `${t}.concat([${num()}])`,
          () => `[${num()}, ...${t}].slice(0, 6)`,
          () => `${t}.map((y) => ${this.callback('num', env, ['y'])})`,
          () => `[...${t}, ...${this.expr('nums', env, 1)}.slice(0, 2)]`,
          () => `${this.expr('nums', env, 2)}.slice(0, 5)`,
        ];
        break;
      case 'thunks':
        forms = [() => `[...${t}, ${this.closure(env)}]`, () => `[${this.closure(env)}]`];
        break;
      case 'thunk':
        forms = [() => this.closure(env), () => this.expr('thunk', env, 2)];
        break;
      case 'fn':
        forms = [() => this.expr('fn', env, 2)];
        break;
      case 'rec':
        forms = [
          () => `{ ...${t}, a: ${t}.a + ${num()} }`,
          () => `{ a: ${num()}, b: [...${t}.b, ${num()}] }`,
          () => this.expr('rec', env, 2),
        ];
        break;
      case 'str':
        forms = [
          () => `(${t} + ${num()}).slice(-6)`,
          () => `\`${'$'}{${t}}${'$'}{${num()}}\`.slice(0, 8)`,
          () => `k(${t}).slice(-5)`,
          () => this.expr('str', env, 2),
        ];
        break;
      default:
        forms = [() => this.expr('bool', env, 2)];
    }
    return `${pad}${t} = ${this.c.oneOf(forms)()};\n`;
  }

  /** `[x, y] = [y, x + …]` on two number `let`s (a Fibonacci step), or a call when there are not two. */
  private swap(env: Env, pad: string): string {
    const pair = this.twoLets(env, 'num');
    if (!pair) return `${pad}h(${this.expr('num', env, 1)});\n`;
    const [x, y] = pair;
    return `${pad}[${x.name}, ${y.name}] = [${y.name}, ${x.name} + ${this.expr('num', env, 1)}];\n`;
  }

  /** `const [a, b = …] = …` of an array that may be pending. */
  private destructure(env: Env, pad: string): [string, Env] {
    const [a, b] = [this.name('d'), this.name('d')];
    const from = this.c.oneOf([() => `r(${this.expr('num', env, 1)})`, () => this.expr('nums', env, 2)])();
    const text = `${pad}const [${a} = ${this.c.pick(4)}, ${b} = ${this.expr('num', env, 1)}] = ${from};\n`;
    return [text, this.declared(env, constant(a, 'num'), constant(b, 'num'))];
  }

  /** A `return` from the program, under a condition (not inside a loop: the front end rejects that). */
  private earlyReturn(env: Env, pad: string): string {
    const shown = env.vars
      .filter((v) => v.ty === 'num' || v.ty === 'nums')
      .slice(-3)
      .map((v) => v.name);
    return `${pad}if (${this.condition(env)}) {\n${pad}  return [${['-1', ...shown].join(', ')}];\n${pad}}\n`;
  }

  /** A loop bound: a literal up to 4, `n` (up to 4) or the length of `xs`. */
  private bound(): string {
    return this.c.oneOf(['2', '3', 'n', '4', '1', 'xs.length', '0']);
  }

  private whileLoop(env: Env, depth: number): string {
    const pad = '  '.repeat(depth);
    const i = this.name('i');
    const body = this.loopBody(env, depth, counter(i));
    const b = this.bound();
    const test = this.c.oneOf([
      `${i} < ${b}`,
      `h(${i}) < ${b}`,
      `${i} < ${b} && ${this.condition(env)}`,
      `g(${i}) >= 0 && ${i} < ${b}`,
    ]);
    const step = this.c.oneOf([
      `${i} = ${i} + 1`,
      `${i} += 1`,
      `${i}++`,
      `${i} = h(${i}) + 1`,
      `${i} = ${i} + (g(${i}) % 2 === 0 ? 1 : 2)`,
    ]);
    return `${pad}let ${i} = 0;\n${pad}while (${test}) {\n${body}${pad}  ${step};\n${pad}}\n`;
  }

  private doWhile(env: Env, depth: number): string {
    const pad = '  '.repeat(depth);
    const i = this.name('i');
    const body = this.loopBody(env, depth, counter(i));
    const test = this.c.oneOf([`${i} < ${this.bound()}`, `h(${i}) < ${this.bound()}`]);
    return `${pad}let ${i} = 0;\n${pad}do {\n${body}${pad}  ${i} = ${i} + 1;\n${pad}} while (${test});\n`;
  }

  private forLoop(env: Env, depth: number): string {
    const pad = '  '.repeat(depth);
    const j = this.name('j');
    // JS gives each iteration its own `j`, so closures in the body may capture it (closure-check.ts)
    const body = this.loopBody(env, depth, { ...counter(j), capturable: true });
    const test = this.c.oneOf([`${j} < ${this.bound()}`, `${j} < h(${this.bound()})`]);
    return `${pad}for (let ${j} = 0; ${test}; ${j}++) {\n${body}${pad}}\n`;
  }

  private forOf(env: Env, depth: number): string {
    const pad = '  '.repeat(depth);
    const x = this.name('x');
    const over = this.c.oneOf([
      () => 'xs',
      () => `${this.expr('nums', env, 2)}.slice(0, 4)`,
      () => `r(${this.expr('num', env, 1)})`,
    ])();
    return `${pad}for (const ${x} of ${over}) {\n${this.loopBody(env, depth, constant(x, 'num'))}${pad}}\n`;
  }

  /**
   * A function that loops by calling itself, `(i, acc[, p])`, and a call of it: `i` grows to a
   * bound, `acc` accumulates (a number, an array of numbers or of closures). Its body is a `?:`
   * (maybe choosing between two tail calls on a pending condition), or statements with an early
   * `return` — as an arrow or a function declaration — or, sometimes, a recursion that is not a
   * tail call.
   */
  private recursive(env: Env, depth: number): [string, Env] {
    const pad = '  '.repeat(depth);
    const f = this.name('loop');
    const [i, acc, p, v] = [this.name('i'), this.name('acc'), this.name('p'), this.name('v')];
    const ty = this.c.oneOf(['nums', 'num', 'thunks', 'nums'] as const);
    const start = this.c.oneOf(['0', '1']);
    const form = this.c.pick(7);
    // Now and then a long loop (at the top level only: bodies are not nested loops there): past
    // the depth where calls continue from the queue (200), and for numbers past a step check (4096).
    const long = depth === 1 && (form === 0 || form === 4) && this.c.chance(6);
    const bound = long ? this.c.oneOf(ty === 'num' ? ['201', '250', '4100'] : ['201', '250']) : this.bound();
    // the loop's first call is sometimes made by a map callback, once per element of `xs`
    const perElement = ty === 'num' && form < 4 && this.c.chance(25);
    const done = this.declared(env, constant(v, perElement ? 'nums' : ty));
    if (form === 5) return [this.pairLoop(env, pad, ty, bound, start, v), done];
    if (form === 6) return [this.mutualLoop(env, pad, ty, bound, start, v), done];
    if (form === 4 && ty !== 'thunks') {
      // not a tail call: the recursive call's result is used
      const el = long ? `(h(${i}) % 3)` : this.expr('num', this.functionScope(env, constant(i, 'num')), 2);
      const step = ty === 'num' ? `${el} + ${f}(${i} + 1)` : `[${el}, ...${f}(${i} + 1)]`;
      const base = ty === 'num' ? '0' : '[]';
      return [
        `${pad}const ${f} = (${i}) => ${i} >= ${bound} ? ${base} : ${step};\n${pad}const ${v} = ${f}(${start});\n`,
        done,
      ];
    }
    const extra = !long && this.c.chance(40);
    const inner = this.functionScope(
      env,
      constant(i, 'num'),
      constant(acc, ty),
      ...(extra ? [constant(p, 'num')] : []),
    );
    // `acc = []` as a default parameter, which the first call leaves out
    const defaulted = !extra && ty === 'nums' && this.c.chance(25);
    const params = extra ? `${i}, ${acc}, ${p}` : defaulted ? `${i}, ${acc} = []` : `${i}, ${acc}`;
    // a long loop's steps are cheap: no callbacks over its accumulator (quadratic, or worse)
    const update = (e: Env): string =>
      !long
        ? this.update(ty, acc, e)
        : ty === 'num'
          ? `${acc} + (h(${i}) % 2 === 0 ? ${i} : 1)`
          : ty === 'nums'
            ? `[...${acc}, h(${i}) > 1 ? ${i} : -${i}]`
            : `[...${acc}, () => h(${i}) * 2]`;
    const call = (e: Env, step: string): string =>
      `${f}(${i} + ${step}, ${update(e)}${extra ? `, ${this.expr('num', e, 1)}` : ''})`;
    const init = this.initial(ty, env);
    const y = this.name('y');
    const first = (from: string): string =>
      defaulted ? `${f}(${from})` : `${f}(${from}, ${init}${extra ? `, ${this.expr('num', env, 1)}` : ''})`;
    const use = perElement
      ? `${pad}const ${v} = xs.map((${y}) => ${first(`Math.abs(${y}) % 3`)});\n`
      : `${pad}const ${v} = ${first(start)};\n`;
    if (form === 0) {
      // an arrow whose body is one expression
      const tailCall =
        !long && this.c.chance(40)
          ? `(${this.condition(inner)} ? ${call(inner, '1')} : ${call(inner, '2')})`
          : call(inner, '1');
      return [`${pad}const ${f} = (${params}) => ${i} >= ${bound} ? ${acc} : ${tailCall};\n${use}`, done];
    }
    // statements, with an early return
    const [stmts, after] = this.block(inner, depth + 1, this.c.pick(3));
    const ipad = `${pad}  `;
    const tail = this.c.chance(40)
      ? `${ipad}if (${this.condition(after)}) {\n${ipad}  return ${call(after, '1')};\n${ipad}}\n${ipad}return ${call(after, '2')};\n`
      : `${ipad}return ${call(after, '1')};\n`;
    const body = this.c.chance(50)
      ? `${ipad}if (${i} >= ${bound}) {\n${ipad}  return ${acc};\n${ipad}}\n${stmts}${tail}`
      : `${ipad}if (${i} < ${bound}) {\n${indent(stmts + tail)}${ipad}}\n${ipad}return ${acc};\n`;
    const declaration = form === 1 || form === 4;
    const head = declaration ? `function ${f}(${params}) {\n` : `const ${f} = (${params}) => {\n`;
    return [`${pad}${head}${body}${pad}}${declaration ? '' : ';'}\n${use}`, done];
  }

  /**
   * Two closures of one lambda, made by a factory with different captured values, tail-calling
   * each other in turn (a tail call of the same body whose frame has another parent), or
   * themselves when a pending condition says so.
   */
  private pairLoop(env: Env, pad: string, ty: Ty, bound: string, start: string, v: string): string {
    const [mk, c, i, acc, a, b] = ['mk', 'c', 'i', 'acc', 'a', 'b'].map((x) => this.name(x)) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const inner = this.functionScope(env, constant(c, 'num'), constant(i, 'num'), constant(acc, ty));
    const other = `other(other, me, ${i} + 1, ${this.update(ty, acc, inner)})`;
    const tail = this.c.chance(50)
      ? `(${this.condition(inner)} ? ${other} : me(me, other, ${i} + 2, ${this.update(ty, acc, inner)}))`
      : other;
    return (
      `${pad}const ${mk} = (${c}) => (me, other, ${i}, ${acc}) => ${i} >= ${bound} ? ${acc} : ${tail};\n` +
      `${pad}const ${a} = ${mk}(${this.expr('num', env, 1)});\n` +
      `${pad}const ${b} = ${mk}(${this.expr('num', env, 1)});\n` +
      `${pad}const ${v} = ${a}(${a}, ${b}, ${start}, ${this.initial(ty, env)});\n`
    );
  }

  /** Two function declarations looping by tail-calling each other (the trampoline, not the in-place loop). */
  private mutualLoop(env: Env, pad: string, ty: Ty, bound: string, start: string, v: string): string {
    const [ev, od, i, acc] = ['ev', 'od', 'i', 'acc'].map((x) => this.name(x)) as [string, string, string, string];
    const inner = this.functionScope(env, constant(i, 'num'), constant(acc, ty));
    const call = (to: string, step: string): string => `${to}(${i} + ${step}, ${this.update(ty, acc, inner)})`;
    const tail = (to: string): string =>
      this.c.chance(50) ? `(${this.condition(inner)} ? ${call(to, '1')} : ${call(to, '2')})` : call(to, '1');
    const fn = (name: string, to: string): string =>
      `${pad}function ${name}(${i}, ${acc}) {\n${pad}  return ${i} >= ${bound} ? ${acc} : ${tail(to)};\n${pad}}\n`;
    return `${fn(ev, od)}${fn(od, ev)}${pad}const ${v} = ${ev}(${start}, ${this.initial(ty, env)});\n`;
  }

  /** A first value for an accumulator of type `ty`. */
  private initial(ty: Ty, env: Env): string {
    if (ty === 'num') return this.expr('num', env, 1);
    if (ty === 'nums') return this.c.oneOf([() => '[]', () => 'xs', () => `[${this.expr('num', env, 1)}]`])();
    return '[]';
  }

  /** `acc` for the next iteration of a recursive loop. */
  private update(ty: Ty, acc: string, env: Env): string {
    const num = (): string => this.expr('num', env, 2);
    switch (ty) {
      case 'num':
        return this.c.oneOf([
          () => `${acc} + ${num()}`,
          () => `(${this.condition(env)} ? ${acc} + ${num()} : ${acc} - 1)`,
          () => num(),
        ])();
      case 'nums':
        return this.c.oneOf([
          () => `[...${acc}, ${num()}]`,
          () => `${acc}.concat([${num()}])`,
          () => `[${num()}, ...${acc}]`,
          () => `[...${acc}, ${this.condition(env)} ? ${num()} : ${num()}]`,
          () => `[...${acc}, ${this.condition(env)} ? (${acc}.at(-1) ?? ${num()}) + 1 : 0]`,
        ])();
      default:
        return `[...${acc}, ${this.closure(env)}]`;
    }
  }

  /** A closure `() => number` reading only what it may capture. */
  private closure(env: Env): string {
    return `(() => ${this.expr('num', this.functionScope(env), 2)})`;
  }

  /** A closure `(q) => number` reading only what it may capture, and its parameter. */
  private unary(env: Env): string {
    const q = this.name('q');
    return `((${q}) => ${this.expr('num', this.functionScope(env, constant(q, 'num')), 2)})`;
  }

  /** A condition, usually waiting on a host call. */
  protected condition(env: Env): string {
    const num = (): string => this.expr('num', env, 1);
    return this.c.oneOf([
      () => `h(${num()}) > ${this.c.pick(4)}`,
      () => `g(${num()}) % 2 === 0`,
      () => this.expr('bool', env, 2),
      () => `s(${this.expr('nums', env, 1)}) > ${num()}`,
      () => `h(${num()}) === ${num()}`,
    ])();
  }

  /** The body of a callback with parameters `params` (numbers): it may read any variable here. */
  private callback(ty: Ty, env: Env, params: readonly string[]): string {
    const vars = [
      ...env.vars.filter((v) => !params.includes(v.name)).map((v) => ({ ...v, assignable: false })),
      ...params.map((q) => constant(q, 'num')),
    ];
    return this.expr(ty, { ...env, vars }, 1);
  }

  protected expr(ty: Ty, env: Env, depth: number): string {
    if (depth <= 0 || !this.c.chance(55)) return this.leaf(ty, env, 65);
    const sub = (t: Ty): string => this.expr(t, env, depth - 1);
    const y = this.name('y');
    const a = this.name('a');
    const forms = COMPOUND[ty];
    return this.c.oneOf(forms)({
      sub,
      cond: () => this.condition(env),
      callback: (t, params) => this.callback(t, env, params),
      closure: () => this.closure(env),
      unary: () => this.unary(env),
      y,
      a,
    });
  }

  protected literal(ty: Ty, env: Env): string {
    switch (ty) {
      case 'num':
        return this.c.oneOf(['0', '1', '2', '3', '5', '10', '(-1)']);
      case 'bool':
        return this.c.oneOf(['true', 'false']);
      case 'str':
        return this.c.oneOf(['""', '"ab"', '`x`']);
      case 'nums':
        return this.c.oneOf(['[]', '[1, 2]', 'xs', '[0]']);
      case 'thunk':
        return this.closure(env);
      case 'fn':
        return this.unary(env);
      case 'rec':
        return this.c.oneOf(['({ a: 0, b: [] })', '({ a: n, b: xs })']);
      default:
        return this.c.oneOf([() => '[]', () => `[${this.closure(env)}]`])();
    }
  }
}

/** Each line of `text` indented one level more. */
function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ');
}

/** Random loop programs (see the file comment). */
export const loopPrograms: fc.Arbitrary<LoopProgram> = fc
  .record({
    choices: choiceLists(500),
    n: fc.integer({ min: 0, max: 4 }),
    xs: fc.array(fc.integer({ min: -3, max: 9 }), { maxLength: 4 }),
    salt: fc.nat({ max: 3 }),
    sync: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray(HOST_NAMES) }),
  })
  .map(({ choices, n, xs, salt, sync }) => ({
    source: new Generator(choices).program(),
    args: [n, xs] as const,
    salt,
    sync,
  }));
