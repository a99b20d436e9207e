/**
 * The grammar of the front-end fuzz: random JS functions `(a, s, xs) => { … }`, typed so that
 * the supported ones mean the same in JS and in epic-rx — member reads only of fields a record
 * has, callbacks only where the front end takes them, closures capture only consts, loops are
 * bounded — plus, in a third of the programs, constructs the front end rejects (unsupported.ts),
 * attempts to reach outside the hosts, and syntax errors. It is built as the loop fuzz's programs
 * are (spec/support/program-builder.ts), driven by a list of numbers that fast-check shrinks.
 */
import fc from 'fast-check';
import {
  choiceLists,
  constant,
  counter,
  mutable,
  ProgramBuilder,
  type Scope,
  type Var,
} from '../../support/program-builder.js';
import { COMPOUND, LITERALS, TYPES, type Parts, type Ty } from './expressions.js';
import { UNSUPPORTED_EXPRESSIONS, UNSUPPORTED_STATEMENTS } from './unsupported.js';

/** A generated program. */
export interface Generated {
  /** The function's source, one statement a line. */
  readonly source: string;
  /** Its arguments: a number, a string and an array of numbers. */
  readonly args: readonly [number, string, readonly number[]];
  /** Whether it may use constructs the front end rejects (else it must translate). */
  readonly mixed: boolean;
}

/** An expression that reads a let: used as a variable, but neither assigned nor captured. */
const reading = (expr: string, ty: Ty): Var<Ty> => ({ name: expr, ty, assignable: false, capturable: false });

/** Where a statement is: what it may read and assign, and whether it may return. */
interface Env extends Scope<Ty> {
  /** The type a return here returns (undefined: the program's top level, any type). */
  readonly returns: Ty | undefined;
}

class Generator extends ProgramBuilder<Ty, Env> {
  constructor(
    choices: readonly number[],
    private readonly mixed: boolean,
  ) {
    super(choices);
  }

  /** The function: statements, then a return of a value of any type. */
  program(): string {
    const env: Env = {
      vars: [mutable('a', 'num'), mutable('s', 'str'), mutable('xs', 'nums')],
      inLoop: false,
      returns: undefined,
    };
    const [body, after] = this.block(env, 1, 1 + this.c.pick(6));
    const result = this.expr(this.c.oneOf(TYPES.filter((t) => t !== 'fn')), after, 3);
    return `(a, s, xs) => {\n${body}  return ${result};\n}`;
  }

  /**
   * `count` statements; sometimes also a function declaration at the end of the block that the
   * statements may call before it (JS hoists it; it needs nothing declared in the block).
   */
  protected override block(env: Env, depth: number, count: number): [string, Env] {
    const [hoisted, withHoisted] = this.c.chance(15) ? this.functionDeclaration(env, depth) : ['', env];
    const [out, after] = super.block(withHoisted, depth, count);
    return [out + hoisted, after];
  }

  protected statement(env: Env, depth: number): [string, Env] {
    const pad = '  '.repeat(depth);
    if (this.mixed && this.c.chance(8)) return [`${pad}${this.unsupported(UNSUPPORTED_STATEMENTS)}\n`, env];
    const nested = depth < 4;
    const kinds = [
      'const',
      'let',
      'assign',
      'call',
      'destructure',
      'swap',
      'undefined',
      ...(env.inLoop ? [] : ['return']),
      ...(nested ? ['if', 'forOf', 'while', 'doWhile', 'for', 'block', 'shadow', 'fn', 'function', 'recursive'] : []),
    ];
    switch (this.c.oneOf(kinds)) {
      case 'const':
        return this.declare(env, pad, 'const', this.c.oneOf(TYPES), 3);
      case 'let':
        return this.declare(env, pad, 'let', this.c.oneOf(['num', 'str', 'nums'] as const), 3);
      case 'assign':
        return [this.assign(env, pad), env];
      case 'call':
        return [`${pad}${this.oneCall(env)};\n`, env];
      case 'if':
        return [this.ifStatement(env, depth, { elseIf: 30, orElse: 50 }), env];
      case 'forOf':
        return [this.forOf(env, depth), env];
      case 'while':
        return [this.whileLoop(env, depth), env];
      case 'doWhile':
        return [this.doWhile(env, depth), env];
      case 'undefined':
        return this.declareUndefined(env, depth);
      case 'shadow':
        return [this.shadow(env, depth), env];
      case 'recursive':
        return this.recursive(env, pad);
      case 'for':
        return [this.forLoop(env, depth), env];
      case 'block':
        return [`${pad}{\n${this.block(env, depth + 1, 1 + this.c.pick(3))[0]}${pad}}\n`, env];
      case 'fn':
        return this.arrowWithBody(env, depth);
      case 'function':
        return this.functionDeclaration(env, depth);
      case 'destructure':
        return this.destructure(env, pad);
      case 'swap':
        return [this.swap(env, pad), env];
      default:
        return this.returnStatement(env, depth);
    }
  }

  /**
   * An assignment to a let. Strings and arrays are cut to a few elements, or a loop that doubles
   * one would outgrow memory (or the longest string JS allows) in a few dozen iterations.
   */
  private assign(env: Env, pad: string): string {
    const target = this.pickVar(env, (v) => v.assignable && (v.ty === 'num' || v.ty === 'str' || v.ty === 'nums'));
    if (!target) return `${pad}${this.oneCall(env)};\n`;
    const t = target.name;
    const value = this.expr(target.ty, env, 2);
    const forms =
      target.ty === 'num'
        ? [
            `${t} = ${value}`,
            `${t} += ${value}`,
            `${t}++`,
            `${t}--`,
            `++${t}`,
            `${t} -= 1`,
            `${t} *= ${value}`,
            `${t} ??= ${value}`,
            `${t} ||= ${value}`,
            `${t} &&= ${value}`,
          ]
        : target.ty === 'str'
          ? [`${t} = (${value}).slice(0, 12)`, `${t} += (${value}).slice(0, 3)`, `${t} &&= (${value}).slice(0, 12)`]
          : [`${t} = (${value}).slice(0, 6)`];
    return `${pad}${this.c.oneOf(forms)};\n`;
  }

  private swap(env: Env, pad: string): string {
    const pair = this.twoLets(env, this.c.oneOf(['num', 'str'] as const));
    if (!pair) return `${pad}${this.oneCall(env)};\n`;
    const [x, y] = pair;
    return `${pad}[${x.name}, ${y.name}] = [${y.name}, ${x.name}];\n`;
  }

  private oneCall(env: Env): string {
    return this.c.oneOf([
      () => `h(${this.expr('num', env, 2)})`,
      () => `k(${this.expr('str', env, 2)})`,
      () => `(${this.expr('nums', env, 1)}).forEach((y) => { h(y); })`,
      () => `void mk(${this.expr('str', env, 1)}, ${this.expr('num', env, 1)})`,
    ])();
  }

  /** Any boolean expression. */
  protected condition(env: Env): string {
    return this.expr('bool', env, 2);
  }

  private forOf(env: Env, depth: number): string {
    const pad = '  '.repeat(depth);
    const x = this.name('x');
    const over = this.expr('nums', env, 2);
    return `${pad}for (const ${x} of ${over}) {\n${this.loopBody(env, depth, constant(x, 'num'))}${pad}}\n`;
  }

  /** A while loop with a counter of its own (nothing else assigns it), so it ends. */
  private whileLoop(env: Env, depth: number): string {
    const pad = '  '.repeat(depth);
    const i = this.name('i');
    const body = this.loopBody(env, depth, counter(i));
    return `${pad}let ${i} = 0;\n${pad}while (${i} < ${this.c.pick(4)}) {\n${body}${pad}  ${i} += 1;\n${pad}}\n`;
  }

  private doWhile(env: Env, depth: number): string {
    const pad = '  '.repeat(depth);
    const i = this.name('i');
    const body = this.loopBody(env, depth, counter(i));
    return `${pad}let ${i} = 0;\n${pad}do {\n${body}${pad}  ${i}++;\n${pad}} while (${i} < ${this.c.pick(4)});\n`;
  }

  /** A for loop; with a second counter, its update is a sequence expression. */
  private forLoop(env: Env, depth: number): string {
    const pad = '  '.repeat(depth);
    const [j, m] = [this.name('j'), this.name('m')];
    const two = this.c.chance(30);
    const body = this.loopBody(env, depth, counter(j), ...(two ? [counter(m)] : []));
    const [init, update] = two ? [`let ${j} = 0, ${m} = 5`, `${j}++, ${m}--`] : [`let ${j} = 0`, `${j}++`];
    return `${pad}for (${init}; ${j} < ${this.c.pick(4)}; ${update}) {\n${body}${pad}}\n`;
  }

  /** `let v;` (undefined), then maybe set in an if. */
  private declareUndefined(env: Env, depth: number): [string, Env] {
    const pad = '  '.repeat(depth);
    const v = this.name('u');
    const set = this.c.chance(70)
      ? `${pad}if (${this.expr('bool', env, 1)}) {\n${pad}  ${v} = ${this.expr('num', env, 1)};\n${pad}}\n`
      : '';
    return [`${pad}let ${v};\n${set}`, this.declared(env, reading(`(${v} ?? 0)`, 'num'))];
  }

  /** A block that shadows a parameter. */
  private shadow(env: Env, depth: number): string {
    const pad = '  '.repeat(depth);
    const outer: Env = { ...env, vars: env.vars.filter((v) => v.name !== 'a') };
    const inner = this.declared(outer, constant('a', 'num'));
    return `${pad}{\n${pad}  const a = ${this.expr('num', outer, 1)};\n${this.block(inner, depth + 1, 1 + this.c.pick(2))[0]}${pad}}\n`;
  }

  /** A named function expression that calls itself, a bounded number of times. */
  private recursive(env: Env, pad: string): [string, Env] {
    const [f, n] = [this.name('r'), this.name('n')];
    const step = this.c.oneOf([`${n} + ${f}(${n} - 1)`, `h(${f}(${n} - 1))`, `${f}(${n} - 1) * 2`]);
    const text = `${pad}const ${f} = function ${f}(${n}, acc = 0) {\n${pad}  return ${n} <= 0 ? acc : ${step};\n${pad}};\n`;
    const call = `${f}(Math.min(4, Math.abs(${this.expr('num', env, 1)})) || 0)`;
    return [`${text}${pad}const ${f}v = ${call};\n`, this.declared(env, constant(`${f}v`, 'num'))];
  }

  /** `const f = (p) => { …; return num; }`: its own statements, reading only consts outside. */
  private arrowWithBody(env: Env, depth: number): [string, Env] {
    const pad = '  '.repeat(depth);
    const f = this.name('f');
    const p = this.name('p');
    const inner: Env = { ...this.functionScope(env, constant(p, 'num')), returns: 'num' };
    const [body, after] = this.block(inner, depth + 1, this.c.pick(3));
    const text = `${pad}const ${f} = (${p}) => {\n${body}${pad}  return ${this.expr('num', after, 2)};\n${pad}};\n`;
    return [text, this.declared(env, constant(f, 'fn'))];
  }

  /** A function declaration, used after it (it mentions only consts declared before it). */
  private functionDeclaration(env: Env, depth: number): [string, Env] {
    const pad = '  '.repeat(depth);
    const f = this.name('g');
    const p = this.name('p');
    const inner: Env = { ...this.functionScope(env, constant(p, 'num')), returns: 'num' };
    const text = `${pad}function ${f}(${p}) {\n${pad}  return ${this.expr('num', inner, 2)};\n${pad}}\n`;
    return [text, this.declared(env, constant(f, 'fn'))];
  }

  private destructure(env: Env, pad: string): [string, Env] {
    const [x, y] = [this.name('d'), this.name('d')];
    const text = this.c.chance(50)
      ? `${pad}const [${x} = 0, ${y} = ${this.c.pick(9)}] = ${this.expr('nums', env, 2)};\n`
      : `${pad}const { size: ${x}, missing: ${y} = 1 } = ${this.expr('rec', env, 2)};\n`;
    return [text, this.declared(env, constant(x, 'num'), constant(y, 'num'))];
  }

  private returnStatement(env: Env, depth: number): [string, Env] {
    const pad = '  '.repeat(depth);
    const ty = env.returns ?? this.c.oneOf(['num', 'str', 'nums'] as const);
    // A return that is not last in its block leaves dead code after it, which JS never runs.
    return [`${pad}if (${this.expr('bool', env, 1)}) {\n${pad}  return ${this.expr(ty, env, 2)};\n${pad}}\n`, env];
  }

  protected expr(ty: Ty, env: Env, depth: number): string {
    if (this.mixed && this.c.chance(4)) return this.unsupported(UNSUPPORTED_EXPRESSIONS);
    const leaf = this.leaf(ty, env, 60);
    if (depth <= 0 || !this.c.chance(60)) return leaf;
    const parts: Parts = {
      sub: (t) => this.expr(t, env, depth - 1),
      callback: (t) => this.expr(t, this.functionScope(env, constant('y', 'num')), depth - 1),
      oneOf: (items) => this.c.oneOf(items),
    };
    return this.c.oneOf(COMPOUND[ty])(parts);
  }

  protected literal(ty: Ty): string {
    return this.c.oneOf(LITERALS[ty]);
  }

  private unsupported(list: readonly ((n: string) => string)[]): string {
    return this.c.oneOf(list)(this.name(''));
  }
}

/** Random programs (see the file comment); `mixed` ones may use rejected constructs. */
export const programs: fc.Arbitrary<Generated> = fc
  .record({
    choices: choiceLists(400),
    mixed: fc.noBias(fc.nat(2)).map((n) => n === 0),
    a: fc.integer({ min: -5, max: 20 }),
    s: fc.constantFrom('', 'ab', 'x y', 'Zed'),
    xs: fc.array(fc.integer({ min: -3, max: 9 }), { maxLength: 4 }),
  })
  .map(({ choices, mixed, a, s, xs }) => ({
    source: new Generator(choices, mixed).program(),
    args: [a, s, xs] as const,
    mixed,
  }));
