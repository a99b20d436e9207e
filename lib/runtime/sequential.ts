/**
 * The sequential evaluator: call-by-value, left to right, one host call at a time, each awaited
 * before anything else happens. It is the baseline the opportunistic evaluator is measured
 * against and the oracle it is tested against, so it shares no evaluation code with it — only
 * the first-order builtins and host dispatch.
 *
 * It is a CEK machine over terms: an explicit continuation stack instead of JS recursion, so
 * tail calls run in constant space and deep recursion grows the heap, not the JS stack. A host
 * call whose result is asynchronous suspends the machine; its value resumes it. Nothing here
 * uses Promises, so it runs in virtual time (RxJS `TestScheduler`) as well as real time.
 */
import type { SchedulerLike } from 'rxjs';
import { assertNever, EpicInternalError, EpicRuntimeError } from '../errors.js';
import { applyFirstOrder } from './builtins.js';
import { hostOptions } from './external.js';
import { collectStream, HostCall, type CallOwner, type HostCalls, type StreamSink } from './host-calls.js';
import type { StreamKind } from './stream-source.js';
import { observeWhole } from './observe.js';
import { later } from './later.js';
import { arityError, asList, callbackArgs, FunctionValue, notCallable, project } from './values.js';
import type { Loc } from '../locations.js';
import { churchFalse, churchTrue, type App, type Lam, type Let, type Prim, type Proj, type Term, type Tuple } from '../terms/term.js';

/** A variable binding; `value` is mutable only while a `letrec` group is being built. */
interface Env { readonly name: string; value: unknown; readonly next: Env | undefined }

/** A closure of the sequential evaluator. */
export class SeqClosure extends FunctionValue {
  constructor(readonly lam: Lam, readonly env: Env | undefined) {
    super();
  }
  get arity(): number {
    return this.lam.params.length;
  }
  get name(): string {
    return this.lam.name ?? 'anonymous';
  }
}

const TRUE = new SeqClosure(churchTrue, undefined);
const FALSE = new SeqClosure(churchFalse, undefined);

/** Asks the machine to apply a function (yielded by higher-order builtins). */
type Request = readonly [fn: unknown, args: unknown[]];
type Builtin = Generator<Request, unknown, unknown>;

/** What to do with the value just computed. */
type Kont =
  | { readonly k: 'app'; readonly t: App; readonly env: Env | undefined; readonly done: unknown[] }
  | { readonly k: 'let'; readonly t: Let; readonly env: Env | undefined }
  | { readonly k: 'tuple'; readonly t: Tuple; readonly env: Env | undefined; readonly done: unknown[] }
  | { readonly k: 'prim'; readonly t: Prim; readonly env: Env | undefined; readonly done: unknown[] }
  | { readonly k: 'proj'; readonly t: Proj }
  | { readonly k: 'builtin'; readonly gen: Builtin; readonly loc: Loc | undefined };

type ListKont = Extract<Kont, { done: unknown[] }>;

/** Hooks from the run that owns the machine. */
export interface MachineHooks {
  readonly calls: HostCalls;
  readonly hosts: ReadonlyMap<string, unknown>;
  readonly onResult: (value: unknown) => void;
  readonly onError: (error: unknown) => void;
  /** Where the machine yields between time slices (default `setImmediate`), as `Run` does. */
  readonly scheduler?: SchedulerLike | undefined;
  /** Fail once this many function applications have run. */
  readonly maxSteps?: number | undefined;
}

/** Function applications between two looks at the clock. */
const CHECK_EVERY = 4096;
/** How long the machine runs before it yields to the event loop (ms). */
const SLICE_MS = 8;

/** One sequential run (see the module comment). */
export class Machine implements CallOwner {
  private readonly stack: Kont[] = [];
  private term: Term | undefined;
  private env: Env | undefined;
  private value: unknown;
  private stopped = false;
  /** Whether the machine is suspended on a host call, and a result that came during dispatch. */
  private waiting = false;
  private early: { readonly error: EpicRuntimeError | undefined; readonly value: unknown } | undefined;
  private steps = 0;
  private nextCheck = CHECK_EVERY;
  private sliceStart = 0;
  private resume: { unsubscribe(): void } | undefined;

  constructor(private readonly hooks: MachineHooks) {}

  /** Applies `fn` to `args` and reports the result through the hooks. */
  start(fn: unknown, args: unknown[]): void {
    this.loop(() => this.apply(fn, args, undefined));
  }

  /** Stops the machine for good (the run was unsubscribed or failed). */
  stop(): void {
    this.stopped = true;
    this.resume?.unsubscribe();
    this.hooks.calls.abortAll(new Error('run unsubscribed'));
  }

  private loop(first: () => boolean): void {
    this.sliceStart = 0; // read lazily (sliceOver): no clock read per host result
    try {
      if (!first()) return;
      for (;;) {
        if (this.stopped) return;
        if (this.term) {
          if (!this.eval(this.term, this.env)) return;
        } else {
          const kont = this.stack.pop();
          if (!kont) {
            this.stopped = true;
            this.hooks.onResult(this.value);
            return;
          }
          if (!this.continue(kont, this.value)) return;
        }
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stop();
    this.hooks.onError(error);
  }

  private ret(value: unknown): true {
    this.term = undefined;
    this.value = value;
    return true;
  }

  private evalNext(term: Term, env: Env | undefined): true {
    this.term = term;
    this.env = env;
    return true;
  }

  /** One step on a term. Returns false when the machine suspended on a host call. */
  private eval(t: Term, env: Env | undefined): boolean {
    switch (t.kind) {
      case 'Var': {
        let e = env;
        while (e && e.name !== t.name) e = e.next;
        if (!e) throw new EpicInternalError(`unbound variable ${t.name}`, { loc: t.loc });
        return this.ret(e.value);
      }
      case 'Lit': return this.ret(t.value);
      case 'Lam': return this.ret(new SeqClosure(t, env));
      case 'Host': {
        if (!this.hooks.hosts.has(t.name)) throw new EpicInternalError(`unknown host ${t.name}`, { loc: t.loc });
        return this.ret(this.hooks.hosts.get(t.name));
      }
      case 'App':
        this.stack.push({ k: 'app', t, env, done: [] });
        return this.evalNext(t.fn, env);
      case 'Let':
        this.stack.push({ k: 'let', t, env });
        return this.evalNext(t.value, env);
      case 'LetRec': {
        let inner = env;
        const cells = t.bindings.map((b): Env => (inner = { name: b.name, value: undefined, next: inner }));
        t.bindings.forEach((b, i) => { cells[i]!.value = new SeqClosure(b.lam, inner); });
        return this.evalNext(t.body, inner);
      }
      case 'Tuple':
        return this.startList({ k: 'tuple', t, env, done: [] }, t.items, (items) => this.ret(items));
      case 'Proj':
        this.stack.push({ k: 'proj', t });
        return this.evalNext(t.tuple, env);
      case 'Prim':
        return this.startList({ k: 'prim', t, env, done: [] }, t.args, (args) => this.prim(t, args));
      default:
        return assertNever(t, 'term');
    }
  }

  /** Evaluates `items` left to right into `kont.done`, then `finish`es. */
  private startList(kont: ListKont, items: readonly Term[], finish: (done: unknown[]) => boolean): boolean {
    const first = items[0];
    if (!first) return finish([]);
    this.stack.push(kont);
    return this.evalNext(first, kont.env);
  }

  /** Feeds `value` to the continuation `kont`. */
  private continue(kont: Kont, value: unknown): boolean {
    switch (kont.k) {
      case 'app': {
        kont.done.push(value);
        const next = kont.t.args[kont.done.length - 1];
        if (next) return this.push(kont, next);
        const [fn, ...args] = kont.done;
        return this.apply(fn, args, kont.t.loc, kont.t.fn.kind === 'Host' ? kont.t.fn.name : undefined);
      }
      case 'let':
        return this.evalNext(kont.t.body, { name: kont.t.name, value, next: kont.env });
      case 'tuple':
      case 'prim': {
        kont.done.push(value);
        const items = kont.k === 'tuple' ? kont.t.items : kont.t.args;
        const next = items[kont.done.length];
        if (next) return this.push(kont, next);
        return kont.k === 'tuple' ? this.ret(kont.done) : this.prim(kont.t, kont.done);
      }
      case 'proj':
        return this.ret(project(value, kont.t.index, kont.t.loc));
      case 'builtin':
        return this.step(kont.gen, kont.loc, value);
      default:
        return assertNever(kont, 'continuation');
    }
  }

  private push(kont: ListKont, next: Term): true {
    this.stack.push(kont);
    return this.evalNext(next, kont.env);
  }

  /** Applies a function value; tail calls push nothing, so loops run in constant space. */
  private apply(fn: unknown, args: unknown[], site: Loc | undefined, hostName?: string): boolean {
    if (fn instanceof SeqClosure) {
      const { lam } = fn;
      if (args.length !== lam.params.length) throw arityError(fn.name, lam.params.length, args.length, site);
      let env = fn.env;
      lam.params.forEach((p, i) => { env = { name: p, value: args[i], next: env }; });
      this.evalNext(lam.body, env);
      return !(++this.steps >= this.nextCheck && this.sliceOver(fn));
    }
    if (typeof fn === 'function') return this.callHost(fn, args, site, hostName ?? (fn.name || 'anonymous'));
    throw notCallable(fn, site);
  }

  /**
   * Every CHECK_EVERY applications: fails past `maxSteps`; when the time slice is over, schedules
   * the rest of the run and answers true (the loop then returns, as on a host call).
   */
  private sliceOver(fn: SeqClosure): boolean {
    this.nextCheck = this.steps + CHECK_EVERY;
    const max = this.hooks.maxSteps;
    if (max !== undefined && this.steps > max) {
      throw new EpicRuntimeError(`The run took more than maxSteps (${max}) reduction steps, in function ${fn.name}`, { loc: fn.lam.loc });
    }
    const now = performance.now();
    if (this.sliceStart === 0) this.sliceStart = now; // the slice's clock starts at its first check
    if (now - this.sliceStart <= SLICE_MS) return false;
    const resume = later(this.hooks.scheduler, () => {
      this.resume = undefined;
      if (!this.stopped) this.loop(() => true);
    });
    if (resume) this.resume = resume;
    return true;
  }

  private callHost(fn: Function, args: unknown[], site: Loc | undefined, name: string): boolean {
    const streamArgs = hostOptions(fn)?.streamArgs;
    if (streamArgs) for (const i of streamArgs) if (i < args.length) args[i] = observeWhole(args[i]);
    this.early = undefined;
    const r = this.hooks.calls.dispatch(fn, args, site, name, this);
    if (!(r instanceof HostCall)) return this.ret(r);
    const early = this.early as { readonly error: EpicRuntimeError | undefined; readonly value: unknown } | undefined;
    if (early) {
      this.early = undefined;
      if (early.error) throw early.error;
      return this.ret(early.value);
    }
    this.waiting = true;
    return false;
  }

  /** The host call settled (CallOwner): the machine goes on with its value. */
  settled(_call: HostCall, error: EpicRuntimeError | undefined, value: unknown): void {
    if (!this.waiting) {
      this.early = { error, value };
      return;
    }
    this.waiting = false;
    if (error) this.fail(error);
    else if (!this.stopped) this.loop(() => this.ret(value));
  }

  /** A streaming result is read whole (CallOwner). */
  open(_call: HostCall, kind: StreamKind): StreamSink {
    return collectStream(kind);
  }

  private prim(t: Prim, args: unknown[]): boolean {
    switch (t.op) {
      case 'bool': return this.ret(args[0] ? TRUE : FALSE);
      case 'fold': return this.step(foldBuiltin(asList(args[0], 'fold', t.loc, true), args[1], args[2]), t.loc, undefined);
      case 'map': return this.step(mapBuiltin(asList(args[0], 'map', t.loc, false), args[1]), t.loc, undefined);
      case 'filter': return this.step(filterBuiltin(asList(args[0], 'filter', t.loc, false), args[1]), t.loc, undefined);
      default: return this.ret(applyFirstOrder(t.op, args, t.loc));
    }
  }

  /** Resumes a higher-order builtin with `input`; it either finishes or asks for a call. */
  private step(gen: Builtin, loc: Loc | undefined, input: unknown): boolean {
    const next = gen.next(input);
    if (next.done) return this.ret(next.value);
    this.stack.push({ k: 'builtin', gen, loc });
    const [fn, args] = next.value;
    return this.apply(fn, args, loc);
  }
}

function* foldBuiltin(list: readonly unknown[], init: unknown, fn: unknown): Builtin {
  let acc = init;
  for (let i = 0; i < list.length; i++) acc = yield [fn, callbackArgs(fn, acc, list[i], i, list)];
  return acc;
}

function* mapBuiltin(list: readonly unknown[], fn: unknown): Builtin {
  const out: unknown[] = [];
  for (let i = 0; i < list.length; i++) out.push(yield [fn, callbackArgs(fn, list[i], i, list)]);
  return out;
}

function* filterBuiltin(list: readonly unknown[], fn: unknown): Builtin {
  const out: unknown[] = [];
  for (let i = 0; i < list.length; i++) if (yield [fn, callbackArgs(fn, list[i], i, list)]) out.push(list[i]);
  return out;
}
