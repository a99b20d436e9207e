/**
 * What the fuzzes' random-program generators share (spec/frontend/fuzz/grammar.ts,
 * spec/support/loop-programs.ts): the numbers that drive generation, typed variables in scopes,
 * and a builder of JS source that threads a scope through blocks of statements — declarations,
 * `if`s, loop bodies, the scope of a function made here. Each generator has its own types,
 * statements and expressions.
 *
 * Generation is driven by a list of numbers (`Choices`), which fast-check generates and shrinks:
 * a shorter list, or smaller numbers, give a smaller program, since the first option of every
 * choice is the simplest and an exhausted list always picks it.
 */
import fc from 'fast-check';

/** Lists of up to `maxLength` numbers to drive generation (each makes one program). */
export const choiceLists = (maxLength: number): fc.Arbitrary<number[]> =>
  fc.array(fc.noBias(fc.nat({ max: 0xffff })), { maxLength, size: 'max' });

/** The numbers that drive generation; 0 once they run out. */
class Choices {
  private i = 0;
  constructor(private readonly nums: readonly number[]) {}

  /** An index below `n`. */
  pick(n: number): number {
    const x = this.nums[this.i++];
    return x === undefined ? 0 : x % n;
  }

  /** True with about `percent` % probability; false once the numbers run out. */
  chance(percent: number): boolean {
    return this.pick(100) >= 100 - percent;
  }

  /** One of `items`. */
  oneOf<T>(items: readonly T[]): T {
    return items[this.pick(items.length)]!;
  }

  /** Whether every number has been used. */
  get exhausted(): boolean {
    return this.i >= this.nums.length;
  }
}

/**
 * A variable of a type `T`: `assignable` by the statements of its scope (a `let` or parameter of
 * the current function), `capturable` by closures made there (a closure must not capture what is
 * assigned after it; the front end rejects that, rightly).
 */
export interface Var<T extends string> {
  readonly name: string;
  readonly ty: T;
  readonly assignable: boolean;
  readonly capturable: boolean;
}

/** A `const`, or a parameter nothing assigns: closures may capture it. */
export function constant<T extends string>(name: string, ty: T): Var<T> {
  return { name, ty, assignable: false, capturable: true };
}

/** A `let`, or a parameter statements assign. */
export function mutable<T extends string>(name: string, ty: T): Var<T> {
  return { name, ty, assignable: true, capturable: false };
}

/** A loop counter: read by the body, assigned only by the loop itself. */
export function counter(name: string): Var<'num'> {
  return { name, ty: 'num', assignable: false, capturable: false };
}

/** Where a statement is: the variables it may read, and whether it is in a loop body (no `return` there). */
export interface Scope<T extends string> {
  readonly vars: readonly Var<T>[];
  readonly inLoop: boolean;
}

/**
 * A builder of one random program over types `T` in scopes `S`: fresh names, and the statements
 * every generator makes the same way. A subclass says what a statement, an expression, a literal
 * and a condition are.
 */
export abstract class ProgramBuilder<T extends string, S extends Scope<T>> {
  /** The numbers that drive this program's generation. */
  protected readonly c: Choices;
  private fresh = 0;
  /** Whether a block ends once the numbers run out (after its first statement): no tail of trivial statements. */
  protected readonly blocksEndWhenExhausted: boolean = false;

  /** A builder driven by `choices` (a list from `choiceLists`). */
  constructor(choices: readonly number[]) {
    this.c = new Choices(choices);
  }

  /** One statement at nesting `depth` (its indentation): its lines, and the scope after it. */
  protected abstract statement(env: S, depth: number): [string, S];
  /** An expression of type `ty` reading `env`, at most `depth` deep. */
  protected abstract expr(ty: T, env: S, depth: number): string;
  /** An expression of type `ty` that reads no variable (but a closure's body may). */
  protected abstract literal(ty: T, env: S): string;
  /** The condition of an `if`. */
  protected abstract condition(env: S): string;

  /** A name not used before: `prefix` and a number. */
  protected name(prefix: string): string {
    return `${prefix}${this.fresh++}`;
  }

  /** `count` statements at nesting `depth`, each in the scope the one before leaves: their lines and the last scope. */
  protected block(env: S, depth: number, count: number): [string, S] {
    let out = '';
    let inner = env;
    for (let i = 0; i < count && !(i > 0 && this.blocksEndWhenExhausted && this.c.exhausted); i++) {
      const [text, after] = this.statement(inner, depth);
      out += text + this.afterStatement(env, inner, after, depth);
      inner = after;
    }
    return [out, inner];
  }

  /** Lines to follow a statement of a block that began in scope `outer`, which took `before` to `after`: none here. */
  protected afterStatement(_outer: S, _before: S, _after: S, _depth: number): string {
    return '';
  }

  /** `env` with `vars` declared in it. */
  protected declared(env: S, ...vars: Var<T>[]): S {
    return { ...env, vars: [...env.vars, ...vars] };
  }

  /** `const v… = …` or `let v… = …` of type `ty`, its value at most `depth` deep: the line, and the scope with it. */
  protected declare(env: S, pad: string, kind: 'const' | 'let', ty: T, depth: number): [string, S] {
    const name = this.name('v');
    const text = `${pad}${kind} ${name} = ${this.expr(ty, env, depth)};\n`;
    return [text, this.declared(env, kind === 'let' ? mutable(name, ty) : constant(name, ty))];
  }

  /**
   * `if`, maybe with an `else if` (`odds.elseIf` % of the time; never if not given) and an `else`
   * (`odds.orElse` %): branches of 1–3 statements, which may assign the lets outside.
   */
  protected ifStatement(env: S, depth: number, odds: { readonly elseIf?: number; readonly orElse: number }): string {
    const pad = '  '.repeat(depth);
    const branch = (): string => this.block(env, depth + 1, 1 + this.c.pick(3))[0];
    let text = `${pad}if (${this.condition(env)}) {\n${branch()}${pad}}`;
    if (odds.elseIf && this.c.chance(odds.elseIf)) text += ` else if (${this.condition(env)}) {\n${branch()}${pad}}`;
    if (this.c.chance(odds.orElse)) text += ` else {\n${branch()}${pad}}`;
    return `${text}\n`;
  }

  /** The body of a loop at nesting `depth`: 1–3 statements, which also see the loop's own `vars`. */
  protected loopBody(env: S, depth: number, ...vars: Var<T>[]): string {
    return this.block({ ...env, inLoop: true, vars: [...env.vars, ...vars] }, depth + 1, 1 + this.c.pick(3))[0];
  }

  /** The scope of the body of a function made in `env`: what it may capture, and its parameters. */
  protected functionScope(env: S, ...params: Var<T>[]): S {
    const shadowed = (v: Var<T>): boolean => params.some((p) => p.name === v.name);
    return { ...env, inLoop: false, vars: [...this.captured(env).filter((v) => !shadowed(v)), ...params] };
  }

  /** What a closure made in `env` may read. */
  private captured(env: S): Var<T>[] {
    return env.vars.filter((v) => v.capturable);
  }

  /** One of the variables of `env` that are `ok`, if any. */
  protected pickVar(env: S, ok: (v: Var<T>) => boolean): Var<T> | undefined {
    const vars = env.vars.filter(ok);
    return vars.length === 0 ? undefined : this.c.oneOf(vars);
  }

  /** Two different lets of type `ty` (for a swap), if there are two. */
  protected twoLets(env: S, ty: T): [Var<T>, Var<T>] | undefined {
    const lets = env.vars.filter((v) => v.assignable && v.ty === ty);
    if (lets.length < 2) return undefined;
    const x = this.c.oneOf(lets);
    return [x, this.c.oneOf(lets.filter((v) => v !== x))];
  }

  /** A variable of type `ty`, `percent` % of the time when there is one; else a literal. */
  protected leaf(ty: T, env: S, percent: number): string {
    const vars = env.vars.filter((v) => v.ty === ty).map((v) => v.name);
    if (vars.length > 0 && this.c.chance(percent)) return this.c.oneOf(vars);
    return this.literal(ty, env);
  }
}
