/**
 * Lambda bodies compiled to JavaScript source (`new Function`, as ajv and graphql-jit do), so
 * the hot path of pure code — variables, arithmetic, `let`s, inlined `if`s, calls — runs as
 * straight-line JS instead of a tree of closures.
 *
 * The generated code does exactly what the closure code of opportunistic.ts does, in the same
 * order: an operator on two numbers is computed inline and anything else takes the operator's
 * own path (`binarySlow`, which builds Cells for pending operands); a condition that is pending
 * continues with the closure code of the chosen branch; a call to a closure of the right arity
 * gets its frame filled inline and runs as `run.enter` would run it (in tail position it
 * returns `TAIL`, except that a tail call of the body itself loops in place while no step check
 * is due). Every other term is a hole: the generated code calls that term's closure code. So
 * semantics are the closure compiler's by construction, and only the dispatch between nodes is
 * gone.
 *
 * Where generating code is not allowed (a Content-Security-Policy without 'unsafe-eval'), bodies
 * keep their closure code.
 *
 * Gotcha: both a branch's generated code and its closure code (for a pending condition) bind
 * their `let`s, so such a branch takes two sets of frame slots; only one set is used per call.
 */
import type { Loc } from '../locations.js';
import { asConditional, type App, type Lam, type Let, type Term } from '../terms/term.js';
import type { BinaryOp } from '../terms/prims.js';
import { Cell, peek } from '../runtime/cell.js';
import { Closure, newFrame, TAIL, type Code, type Frame, type LamCode } from '../runtime/closure.js';
import { track } from '../runtime/deep.js';
import { MAX_DEPTH, type Run } from '../runtime/run.js';
import { project } from '../runtime/values.js';
import { BINARY } from '../runtime/builtins.js';
import { binarySlow, plainFirstOrder } from './prim-code.js';
import type { CompileContext } from './opportunistic.js';
import { letChain, type Address, type FrameLayout, type Scope } from './scope.js';

/** The compilers a body's holes and lambdas are handed to (opportunistic.ts). */
export interface Compilers {
  term(t: Term, scope: Scope, tail: boolean, ctx: CompileContext): Code;
  lam(t: Lam, scope: Scope, ctx: CompileContext): LamCode;
}

/** Bodies bigger than this many nodes (not counting nested lambdas) keep the closure code. */
const MAX_NODES = 400;

/** JS operators of the binary prims (numbers only: `==` on two numbers is `===`). */
const OPERATORS: Readonly<Record<BinaryOp, string>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  '**': '**',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '==': '===',
  '!=': '!==',
  '===': '===',
  '!==': '!==',
  '&': '&',
  '|': '|',
  '^': '^',
  '<<': '<<',
  '>>': '>>',
  '>>>': '>>>',
};

/** A lambda body as generated code. */
export interface JitBody {
  readonly code: Code;
  /**
   * Whether nothing can keep a call's frame once the body has returned (no closure, closure
   * code or pending branch gets it): the caller may then reuse the frame for its next call.
   */
  readonly frameReusable: boolean;
}

/** The body of a lambda as generated code, or undefined to keep the closure code (too big). */
export function jitBody(
  body: Term,
  scope: Scope,
  arity: number,
  ctx: CompileContext,
  compilers: Compilers,
): JitBody | undefined {
  if (size(body, MAX_NODES + 1) > MAX_NODES) return undefined;
  const gen = new Gen(ctx, compilers, scope.frame, arity);
  gen.tail(body, scope);
  return gen.finish();
}

/** Nodes of `t` up to `limit` (lambda bodies other than inlined `if` branches not counted). */
function size(t: Term, limit: number): number {
  let n = 0;
  const stack: Term[] = [t];
  while (stack.length > 0 && n < limit) {
    const x = stack.pop()!;
    n++;
    switch (x.kind) {
      case 'App':
        stack.push(x.fn, ...x.args);
        break;
      case 'Let':
        stack.push(x.value, x.body);
        break;
      case 'LetRec':
        stack.push(x.body);
        break;
      case 'Tuple':
        stack.push(...x.items);
        break;
      case 'Proj':
        stack.push(x.tuple);
        break;
      case 'Prim':
        stack.push(...x.args);
        break;
      case 'Lam':
        if (x.params.length === 0) stack.push(x.body);
        break;
      default:
        break;
    }
  }
  return n;
}

/** A tuple's array, tracked when it holds objects (as opportunistic.ts does). */
function tuple(run: Run, values: unknown[]): unknown[] {
  for (const x of values) if (typeof x === 'object' && x !== null) return track(run, values);
  return values;
}

/** `tuple[index]`, waiting for a pending tuple. */
function proj(run: Run, x: unknown, index: number, loc: Loc | undefined): unknown {
  if (x instanceof Cell) {
    x = peek(x);
    if (x instanceof Cell) return run.whenResolved(x, (y) => project(y, index, loc));
  }
  return project(x, index, loc);
}

/**
 * The branch of a pending condition, run on frame `f` once it resolves. A helper, not an inline
 * arrow function: an arrow would read the variable `f`, which a self tail call reassigns.
 */
function branchLater(run: Run, c: Cell, then: Code, otherwise: Code, f: Frame): unknown {
  return run.whenResolved(c, (x) => (x ? then : otherwise)(f, run));
}

const HELPERS = { Cell, Closure, newFrame, peek, TAIL, tuple, proj, branchLater };

/** One body being generated: statements, temporaries and the constants they refer to. */
class Gen {
  /** Statements; a function is a statement generated at `finish`, when the frame's size is known. */
  private readonly lines: Array<string | (() => string)> = [];
  private readonly consts: unknown[] = [];
  private temps = 0;
  /** Whether the body may let its frame outlive a call (a closure or closure code gets it). */
  private captures = false;
  /**
   * Set where the body returns a branch waiting for its condition (in tail position), which
   * keeps the frame only once the body has returned: the body's own loop may still reuse it,
   * a caller that would refill it for the next element may not (`frameReusable`).
   */
  private keptOnReturn = false;

  constructor(
    private readonly ctx: CompileContext,
    private readonly compilers: Compilers,
    private readonly layout: FrameLayout,
    private readonly arity: number,
  ) {}

  /** The compiled body, or undefined where code generation is not allowed (see the module comment). */
  finish(): JitBody | undefined {
    const decl = `let r${Array.from({ length: this.temps }, (_, i) => `, t${i}`).join('')};\n`;
    const names = Object.keys(HELPERS);
    const lines = this.lines.map((line) => (typeof line === 'string' ? line : line()));
    const source = `return function body(f, run) {\n${decl}for (;;) {\n${lines.join('\n')}\n}\n};`;
    try {
      const code = new Function('K', ...names, source)(this.consts, ...Object.values(HELPERS)) as Code;
      return { code, frameReusable: !this.captures && !this.keptOnReturn };
    } catch (error) {
      if (error instanceof EvalError) return undefined; // a Content-Security-Policy forbids it
      throw error;
    }
  }

  /** `t` in tail position: statements ending in `return`. */
  tail(t: Term, scope: Scope): void {
    const v = this.node(t, scope, true);
    if (v !== undefined) this.lines.push(`return ${v};`);
  }

  /** `t` not in tail position: statements, then an expression for its value (pure to read). */
  value(t: Term, scope: Scope): string {
    return this.node(t, scope, false)!;
  }

  private k(value: unknown): string {
    this.consts.push(value);
    return `K[${this.consts.length - 1}]`;
  }

  private temp(): string {
    return `t${this.temps++}`;
  }

  /**
   * A tail call of this very body loops here while no step check is due (run.ts `enter` counts
   * the same steps). When nothing can have kept the frame, the loop reuses it: the parent and
   * the arguments are written over the old ones, and the `let` slots are written before they are
   * read, as on any call.
   */
  private selfCall(callee: string, args: readonly string[]): string {
    const check = `${callee}.code.body === body && run.steps + 1 < run.nextCheck`;
    if (!this.captures) {
      const temps = args.map((_, i) => `a${i}`);
      const snapshot = args.length ? `const ${args.map((a, i) => `${temps[i]} = ${a}`).join(', ')}; ` : '';
      const fill = temps.map((a, i) => `f[${i + 1}] = ${a};`).join(' ');
      return `if (${check}) { ${snapshot}run.steps++; f[0] = ${callee}.env; ${fill} continue; }`;
    }
    return `if (${check}) { run.steps++; f = ${this.frame(`${callee}.env`, args)}; continue; }`;
  }

  /** A frame for a call of this very body as an array literal (only once its size is known). */
  private frame(env: string, args: readonly string[]): string {
    return `[${[env, ...args].join(', ')}${', undefined'.repeat(Math.max(0, this.layout.size - 1 - args.length))}]`;
  }

  /**
   * `run.enter(callee, frame)` inlined: the body runs here (a call of this very body is a direct
   * call) when the depth and the step count allow, exactly as `enter` would run it; otherwise,
   * and to finish a tail call the callee leaves, `enter` itself.
   */
  private enter(callee: string, frame: string): string {
    const body = `(${callee}.code.body === body ? body(${frame}, run) : ${callee}.code.body(${frame}, run))`;
    const finish = 'r === TAIL ? run.enter(run.tailFn, run.tailFrame) : r';
    const direct = `(run.steps++, run.depth++, r = ${body}, run.depth--, ${finish})`;
    return `run.depth < ${MAX_DEPTH} && run.steps + 1 < run.nextCheck ? ${direct} : run.enter(${callee}, ${frame})`;
  }

  /** A hole: `t`'s closure code. */
  private hole(t: Term, scope: Scope, tail: boolean): string {
    this.captures = true;
    return `${this.k(this.compilers.term(t, scope, tail, this.ctx))}(f, run)`;
  }

  /** Emits `t`; returns its value's expression, or undefined after emitting a `return` (tail only). */
  private node(t: Term, scope: Scope, tail: boolean): string | undefined {
    switch (t.kind) {
      case 'Var': {
        const address = scope.lookup(t.name);
        return address ? read(address) : this.hole(t, scope, tail);
      }
      case 'Lit':
        return literal(t.value) ?? this.k(t.value);
      case 'Lam':
        this.captures = true;
        return this.assign(`new Closure(${this.k(this.compilers.lam(t, scope, this.ctx))}, f)`);
      case 'Let':
        return this.lets(t, scope, tail);
      case 'LetRec': {
        this.captures = true;
        let inner = scope;
        const slots = t.bindings.map((b) => {
          const bound = inner.bind(b.name);
          inner = bound.scope;
          return bound.slot;
        });
        t.bindings.forEach((b, i) => {
          const code = this.k(this.compilers.lam(b.lam, inner, this.ctx));
          this.lines.push(`f[${slots[i]}] = new Closure(${code}, f);`);
        });
        return this.node(t.body, inner, tail);
      }
      case 'Tuple': {
        const items = t.items.map((item) => this.value(item, scope));
        return this.assign(`tuple(run, [${items.join(', ')}])`);
      }
      case 'Proj':
        return this.assign(`proj(run, ${this.value(t.tuple, scope)}, ${t.index}, ${this.k(t.loc)})`);
      case 'App':
        return this.app(t, scope, tail);
      case 'Prim': {
        const op = t.op as BinaryOp;
        if (!(op in BINARY) || t.args.length !== 2) {
          const plain = plainFirstOrder(t);
          if (!plain) return this.assign(this.hole(t, scope, false));
          const values = t.args.map((a) => this.value(a, scope));
          return this.assign(`${this.k(plain)}(run, [${values.join(', ')}])`);
        }
        const x = this.value(t.args[0]!, scope);
        const y = this.value(t.args[1]!, scope);
        const slow = this.k(binarySlow(t));
        const numbers = `typeof ${x} === 'number' && typeof ${y} === 'number'`;
        return this.assign(`${numbers} ? ${x} ${OPERATORS[op]} ${y} : ${slow}(run, ${x}, ${y})`);
      }
      default:
        return this.assign(this.hole(t, scope, false));
    }
  }

  /** A fresh temporary holding `expr` (evaluated now). */
  private assign(expr: string): string {
    const t = this.temp();
    this.lines.push(`${t} = ${expr};`);
    return t;
  }

  /** A chain of `let`s, with the same rewrites as opportunistic.ts (scope.ts `letChain`). */
  private lets(t: Let, scope: Scope, tail: boolean): string | undefined {
    const rest = letChain(
      t,
      scope,
      (value, at) => this.value(value, at),
      (v, slot) => this.lines.push(`f[${slot}] = ${v};`),
    );
    return this.node(rest.body, rest.scope, tail);
  }

  private app(t: App, scope: Scope, tail: boolean): string | undefined {
    const conditional = asConditional(t);
    if (conditional) {
      const c = this.temp();
      this.lines.push(`${c} = ${this.value(conditional.cond, scope)};`);
      const then = this.k(this.compilers.term(conditional.then, scope, tail, this.ctx));
      const otherwise = this.k(this.compilers.term(conditional.otherwise, scope, tail, this.ctx));
      const out = tail ? undefined : this.temp();
      // the branch runs on this frame once the condition resolves: in tail position, after the body returned
      if (tail) this.keptOnReturn = true;
      else this.captures = true;
      const pending = `branchLater(run, ${c}, ${then}, ${otherwise}, f)`;
      const wait = tail ? `return ${pending}` : `${out} = ${pending}`;
      this.lines.push(`if (${c} instanceof Cell && (${c} = peek(${c})) instanceof Cell) ${wait};`);
      this.lines.push(`else if (${c}) {`);
      this.branch(conditional.then, scope, tail, out);
      this.lines.push('} else {');
      this.branch(conditional.otherwise, scope, tail, out);
      this.lines.push('}');
      return out;
    }
    const site = this.k(t.loc);
    if (t.fn.kind === 'Host' && typeof this.ctx.hosts.get(t.fn.name) === 'function') {
      const fn = this.k(this.ctx.hosts.get(t.fn.name));
      const args = t.args.map((a) => this.value(a, scope));
      const call =
        args.length === 1
          ? `run.callHost1(${fn}, ${args[0]}, ${site}, ${this.k(t.fn.name)})`
          : `run.callHost(${fn}, [${args.join(', ')}], ${site}, ${this.k(t.fn.name)})`;
      return tail ? `${call}` : this.assign(call);
    }
    const callee = this.temp();
    this.lines.push(`${callee} = ${this.value(t.fn, scope)};`);
    const args = t.args.map((a) => this.value(a, scope));
    const r = tail ? undefined : this.temp();
    const apply = `run.apply(${callee}, [${args.join(', ')}], ${site})`;
    const other = tail ? `return ${apply}` : `${r} = ${apply}`;
    this.lines.push(`if (!(${callee} instanceof Closure) || ${callee}.code.arity !== ${args.length}) ${other};`);
    if (tail) this.lines.push(() => this.selfCall(callee, args));
    const fill = args.map((a, i) => `fr[${i + 1}] = ${a};`).join(' ');
    if (tail || args.length !== this.arity) this.lines.push(`else { const fr = newFrame(${callee}); ${fill}`);
    else {
      const own = (): string => this.frame(`${callee}.env`, args);
      const other = `fr = newFrame(${callee}); ${fill}`;
      this.lines.push(() => `else { let fr; if (${callee}.code.body === body) fr = ${own()}; else { ${other} }`);
    }
    if (tail) this.lines.push(`run.tailFn = ${callee}; run.tailFrame = fr; return TAIL; }`);
    else this.lines.push(`${r} = ${this.enter(callee, 'fr')}; }`);
    return r;
  }

  /** One branch of an inlined `if`: returns in tail position, else assigns `out`. */
  private branch(t: Term, scope: Scope, tail: boolean, out: string | undefined): void {
    if (tail) this.tail(t, scope);
    else this.lines.push(`${out} = ${this.value(t, scope)};`);
  }
}

/** Reading the variable at `address`. */
function read({ depth, slot }: Address): string {
  return `f${'[0]'.repeat(depth)}[${slot}]`;
}

/** A literal's JS source, if it has a plain one. */
function literal(v: unknown): string | undefined {
  if (v === null || v === undefined || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? `(${String(v)})` : undefined;
  if (typeof v === 'string') return JSON.stringify(v);
  return undefined;
}
