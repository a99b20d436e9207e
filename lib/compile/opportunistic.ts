/**
 * The opportunistic compiler: a term becomes `Code`, a JS closure that evaluates it in a frame
 * without ever blocking:
 *
 * - weak reduction: a lambda's body is compiled, not run, until the lambda is called;
 * - non-strict, shared application: a call binds parameters to the argument computations as
 *   they are (values or `Cell`s); each is computed once;
 * - opportunistic: `let` values, arguments and the function position are all evaluated at
 *   once, each returning a value or a `Cell`, so nothing waits for what it does not use;
 * - a host function is called when it and its arguments are deeply resolved (`Run.callHost`).
 *
 * The network is made of `Cell`s only where something is pending: resolved values take the fast
 * path and are plain JS values. A Church-encoded `if` with literal thunks (as the front end
 * emits it) is inlined — the chosen thunk's body runs in the current frame, the other is never
 * touched — which is exactly what applying the Church boolean to the two thunks would do.
 */
import { assertNever, EpicInternalError, EpicProgramError } from '../errors.js';
import { Cell, peek } from '../runtime/cell.js';
import { Closure, newFrame, TAIL, type Code, type Frame, type LamCode } from '../runtime/closure.js';
import { track } from '../runtime/deep.js';
import type { Run } from '../runtime/run.js';
import { asConditional, churchFalse, churchTrue, type App, type Lam, type Let, type Term } from '../terms/term.js';
import { project } from '../runtime/values.js';
import { jitBody, type Compilers } from './jit.js';
import { compilePrim } from './prim-code.js';
import { letChain, readVar, Scope } from './scope.js';

/** What the code of one program may refer to besides its own variables. */
export interface CompileContext {
  /** Host values by name: functions, constants, and other programs' closures. */
  readonly hosts: ReadonlyMap<string, unknown>;
  /** The Church booleans, as closures. */
  readonly church: { readonly t: Closure; readonly f: Closure };
}

/** A context for `hosts` (compiles the Church booleans once). */
export function compileContext(hosts: ReadonlyMap<string, unknown>): CompileContext {
  const root = Scope.root(false);
  const shell = { hosts, church: undefined as unknown as CompileContext['church'] };
  const t = new Closure(compileLam(churchTrue, root, shell), [undefined]);
  const f = new Closure(compileLam(churchFalse, root, shell), [undefined]);
  return { hosts, church: { t, f } };
}

/** Compiles a closed lambda (a program) to a closure with an empty environment. */
export function compileClosed(term: Lam, ctx: CompileContext): Closure {
  return new Closure(compileLam(term, Scope.root(false), ctx), [undefined]);
}

/** Compiles a lambda: its body runs in a fresh frame per call, in tail position. */
function compileLam(t: Lam, scope: Scope, ctx: CompileContext): LamCode {
  const inner = scope.enterLambda(t.params);
  const jit = jitBody(t.body, inner, t.params.length, ctx, COMPILERS);
  return {
    arity: t.params.length,
    frameSize: inner.frame.size,
    body: jit?.code ?? compileTerm(t.body, inner, true, ctx),
    frameReusable: jit?.frameReusable ?? false,
    name: t.name ?? 'anonymous',
    loc: t.loc,
  };
}

/** What jit.ts hands its holes and nested lambdas to. */
const COMPILERS: Compilers = {
  term: (t, scope, tail, ctx) => compileTerm(t, scope, tail, ctx),
  lam: (t, scope, ctx) => compileLam(t, scope, ctx),
};

/** Compiles `t` in `scope`. In tail position, a call to a closure may return `TAIL`. */
export function compileTerm(t: Term, scope: Scope, tail: boolean, ctx: CompileContext): Code {
  switch (t.kind) {
    case 'Var': {
      const address = scope.lookup(t.name);
      if (!address) throw new EpicInternalError(`unbound variable ${t.name}`, { loc: t.loc });
      return readVar(address);
    }
    case 'Lit': {
      const value = t.value;
      return () => value;
    }
    case 'Lam': {
      const code = compileLam(t, scope, ctx);
      return (f) => new Closure(code, f);
    }
    case 'App':
      return compileApp(t, scope, tail, ctx);
    case 'Let':
      return compileLets(t, scope, tail, ctx);
    case 'LetRec': {
      let inner = scope;
      const slots = t.bindings.map((b) => {
        const bound = inner.bind(b.name);
        inner = bound.scope;
        return bound.slot;
      });
      const codes = t.bindings.map((b) => compileLam(b.lam, inner, ctx));
      const body = compileTerm(t.body, inner, tail, ctx);
      return (f, run) => {
        for (let i = 0; i < slots.length; i++) f[slots[i]!] = new Closure(codes[i]!, f);
        return body(f, run);
      };
    }
    case 'Tuple': {
      const items = compileArgs(t.items.map((item) => compileTerm(item, scope, false, ctx)));
      return (f, run) => {
        const values = items(f, run);
        for (const x of values) if (typeof x === 'object' && x !== null) return track(run, values);
        return values;
      };
    }
    case 'Proj': {
      const tuple = compileTerm(t.tuple, scope, false, ctx);
      const { index, loc } = t;
      return (f, run) => {
        let x = tuple(f, run);
        if (x instanceof Cell) {
          x = peek(x);
          if (x instanceof Cell) return run.whenResolved(x, (y) => project(y, index, loc));
        }
        return project(x, index, loc);
      };
    }
    case 'Host': {
      if (!ctx.hosts.has(t.name))
        throw new EpicProgramError(`The term refers to a host value that was not given: ${t.name}`, { loc: t.loc });
      const value = ctx.hosts.get(t.name);
      return () => value;
    }
    case 'Prim':
      return compilePrim(
        t,
        t.args.map((a) => compileTerm(a, scope, false, ctx)),
        ctx,
      );
    default:
      return assertNever(t, 'term');
  }
}

/** A chain of `let`s: one loop storing each value in its slot, then the body (scope.ts `letChain`). */
function compileLets(t: Let, scope: Scope, tail: boolean, ctx: CompileContext): Code {
  const slots: number[] = [];
  const values: Code[] = [];
  const rest = letChain(
    t,
    scope,
    (value, at) => compileTerm(value, at, false, ctx),
    (value, slot) => {
      values.push(value);
      slots.push(slot);
    },
  );
  const body = compileTerm(rest.body, rest.scope, tail, ctx);
  if (slots.length === 0) return body;
  if (slots.length === 1) {
    const [slot] = slots as [number];
    const [value] = values as [Code];
    return (f, run) => {
      f[slot] = value(f, run);
      return body(f, run);
    };
  }
  return (f, run) => {
    for (let i = 0; i < slots.length; i++) f[slots[i]!] = values[i]!(f, run);
    return body(f, run);
  };
}

function compileApp(t: App, scope: Scope, tail: boolean, ctx: CompileContext): Code {
  const conditional = asConditional(t);
  if (conditional) {
    const cond = compileTerm(conditional.cond, scope, false, ctx);
    const then = compileTerm(conditional.then, scope, tail, ctx);
    const otherwise = compileTerm(conditional.otherwise, scope, tail, ctx);
    return (f, run) => {
      let c = cond(f, run);
      if (c instanceof Cell) {
        c = peek(c);
        if (c instanceof Cell) return run.whenResolved(c, (x) => (x ? then : otherwise)(f, run));
      }
      return c ? then(f, run) : otherwise(f, run);
    };
  }
  const argCodes = t.args.map((a) => compileTerm(a, scope, false, ctx));
  const args = compileArgs(argCodes);
  const site = t.loc;
  if (t.fn.kind === 'Host' && typeof ctx.hosts.get(t.fn.name) === 'function') {
    const fn = ctx.hosts.get(t.fn.name) as Function;
    const name = t.fn.name;
    return (f, run) => run.callHost(fn, args(f, run), site, name);
  }
  const fn = compileTerm(t.fn, scope, false, ctx);
  const arity = t.args.length;
  const fill = compileFill(argCodes);
  if (!tail) {
    return (f, run) => {
      const callee = fn(f, run);
      if (!(callee instanceof Closure) || callee.code.arity !== arity) return run.apply(callee, args(f, run), site);
      const frame = newFrame(callee);
      fill(frame, f, run);
      return run.enter(callee, frame);
    };
  }
  return (f, run) => {
    const callee = fn(f, run);
    if (!(callee instanceof Closure) || callee.code.arity !== arity) return run.apply(callee, args(f, run), site);
    const frame = newFrame(callee);
    fill(frame, f, run);
    run.tailFn = callee;
    run.tailFrame = frame;
    return TAIL;
  };
}

/** Code evaluating arguments straight into slots 1…n of a callee's frame. */
function compileFill(codes: readonly Code[]): (frame: Frame, f: Frame, run: Run) => void {
  const [a, b, c] = codes;
  switch (codes.length) {
    case 0:
      return () => {};
    case 1:
      return (frame, f, run) => {
        frame[1] = a!(f, run);
      };
    case 2:
      return (frame, f, run) => {
        frame[1] = a!(f, run);
        frame[2] = b!(f, run);
      };
    case 3:
      return (frame, f, run) => {
        frame[1] = a!(f, run);
        frame[2] = b!(f, run);
        frame[3] = c!(f, run);
      };
    default:
      return (frame, f, run) => {
        for (let i = 0; i < codes.length; i++) frame[i + 1] = codes[i]!(f, run);
      };
  }
}

/** Code building a fresh argument array (callees may keep and mutate it). */
function compileArgs(codes: readonly Code[]): (f: Frame, run: Run) => unknown[] {
  const [a, b, c] = codes;
  switch (codes.length) {
    case 0:
      return () => [];
    case 1:
      return (f, run) => [a!(f, run)];
    case 2:
      return (f, run) => [a!(f, run), b!(f, run)];
    case 3:
      return (f, run) => [a!(f, run), b!(f, run), c!(f, run)];
    default:
      return (f, run) => codes.map((code) => code(f, run));
  }
}
