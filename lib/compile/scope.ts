/**
 * Compile-time scopes: where each variable lives at run time, as (frames up, slot).
 *
 * Every lambda gets a frame; `let`/`letrec` bindings of its body take further slots of that same
 * frame (so a `let` costs no allocation), and so do the bindings inside inlined `if` branches.
 * Free variables of a whole term (only for `compile(term)` with an environment) live in the root
 * frame.
 */
import type { Frame } from '../runtime/closure.js';
import { EpicInternalError } from '../errors.js';
import type { Let, Term } from '../terms/term.js';

/** The layout of one frame being compiled. Slot 0 is the parent frame. */
export class FrameLayout {
  size = 1;
  constructor(readonly parent: FrameLayout | undefined) {}
  /** A new slot in this frame. */
  allocate(): number {
    return this.size++;
  }
}

/**
 * One binding, linked to the bindings outside it (`next`): the chains of all scopes of a term
 * form a tree. `depth` is its place in its chain (1 for the outermost) and `jump` an ancestor
 * further out (Myers' jump pointers), so `ancestorAt` finds a binding's ancestor at any depth in
 * O(log depth) steps.
 */
interface Binding {
  readonly name: string;
  readonly frame: FrameLayout;
  readonly slot: number;
  readonly next: Binding | undefined;
  readonly depth: number;
  readonly jump: Binding | undefined;
}

/** A binding inside `next` (see `Binding`). */
function link(name: string, frame: FrameLayout, slot: number, next: Binding | undefined): Binding {
  const j = next?.jump;
  const jump = next && j && next.depth - j.depth === j.depth - (j.jump?.depth ?? 0) ? j.jump : next;
  return { name, frame, slot, next, depth: (next?.depth ?? 0) + 1, jump };
}

/** The binding at `depth` in the chain that ends at `b` (undefined for depth 0). */
function ancestorAt(b: Binding | undefined, depth: number): Binding | undefined {
  while (b && b.depth > depth) b = (b.jump?.depth ?? 0) >= depth ? b.jump : b.next;
  return b;
}

/**
 * Every binding made while compiling one term, by name, oldest first. A name is looked up among
 * its own bindings, not along the chain: a long `let` chain whose values name a binding near its
 * start would otherwise cost a walk per use, quadratic in the chain.
 */
type BindingsByName = Map<string, Binding[]>;

/** Where a variable is: `depth` frames up from the current one, at `slot`. */
export interface Address {
  readonly depth: number;
  readonly slot: number;
}

/** An immutable scope: the bindings visible at a point, in the frame being compiled. */
export class Scope {
  private constructor(
    readonly frame: FrameLayout,
    private readonly bindings: Binding | undefined,
    private readonly free: Map<string, number> | undefined,
    private readonly byName: BindingsByName,
  ) {}

  /** The root scope; if `collectFree`, unknown names get root slots (see `freeSlots`). */
  static root(collectFree: boolean): Scope {
    return new Scope(new FrameLayout(undefined), undefined, collectFree ? new Map() : undefined, new Map());
  }

  /** The scope with `name` bound to a new slot of the current frame. */
  bind(name: string): { scope: Scope; slot: number } {
    const slot = this.frame.allocate();
    return { scope: this.with(name, this.frame, slot), slot };
  }

  /**
   * The scope with `name` as another name for the variable `target` (same slot), or undefined
   * if `target` is not bound here (a free name: let the caller bind a slot instead).
   */
  alias(name: string, target: string): Scope | undefined {
    const b = this.find(target);
    return b && this.with(name, b.frame, b.slot);
  }

  /** The scope inside a new lambda with these parameters (slots 1…n of a new frame). */
  enterLambda(params: readonly string[]): Scope {
    let scope = new Scope(new FrameLayout(this.frame), this.bindings, this.free, this.byName);
    for (const p of params) scope = scope.bind(p).scope;
    return scope;
  }

  /** Where `name` lives, or undefined if unbound (and free names are not collected). */
  lookup(name: string): Address | undefined {
    const b = this.find(name);
    if (!b) {
      if (!this.free) return undefined;
      let slot = this.free.get(name);
      if (slot === undefined) {
        slot = this.outermost().allocate();
        this.free.set(name, slot);
      }
      return { depth: this.depthOf(this.outermost()), slot };
    }
    return { depth: this.depthOf(b.frame), slot: b.slot };
  }

  /** The root-frame slots given to free names (empty unless collecting). */
  freeSlots(): ReadonlyMap<string, number> {
    return this.free ?? new Map();
  }

  /** The scope with one more binding, recorded under its name. */
  private with(name: string, frame: FrameLayout, slot: number): Scope {
    const b = link(name, frame, slot, this.bindings);
    const same = this.byName.get(name);
    if (same) same.push(b);
    else this.byName.set(name, [b]);
    return new Scope(this.frame, b, this.free, this.byName);
  }

  /**
   * The innermost binding of `name` in this scope: the newest of its bindings in this scope's
   * chain (a chain's bindings are made outermost first).
   */
  private find(name: string): Binding | undefined {
    const same = this.byName.get(name);
    if (!same || !this.bindings) return undefined;
    for (let i = same.length - 1; i >= 0; i--) {
      const b = same[i]!;
      if (b.depth <= this.bindings.depth && ancestorAt(this.bindings, b.depth) === b) return b;
    }
    return undefined;
  }

  private outermost(): FrameLayout {
    let f = this.frame;
    while (f.parent) f = f.parent;
    return f;
  }

  private depthOf(target: FrameLayout): number {
    let depth = 0;
    for (let f: FrameLayout | undefined = this.frame; f !== target; f = f.parent) {
      if (!f) throw new EpicInternalError('binding outside the scope chain');
      depth++;
    }
    return depth;
  }
}

/** Code reading the variable at `address`, specialised for the common depths. */
export function readVar(address: Address): (frame: Frame) => unknown {
  const { depth, slot } = address;
  switch (depth) {
    case 0:
      return (f) => f[slot];
    case 1:
      return (f) => (f[0] as Frame)[slot];
    case 2:
      return (f) => ((f[0] as Frame)[0] as Frame)[slot];
    default:
      return (f) => {
        let frame = f;
        for (let i = 0; i < depth; i++) frame = frame[0] as Frame;
        return frame[slot];
      };
  }
}

/**
 * Walks a chain of `let`s in one loop (long programs do not nest the JS stack), with two
 * rewrites that change nothing observable, since variables are immutable: `let x = y` (a
 * variable) makes `x` another name for `y`'s slot, and `let x = e in x` is just `e` (keeping `e`
 * in tail position). The front end's SSA form produces both often. Each other value is compiled
 * by `compile` in the scope before its binding, then handed to `store` with its slot; returns
 * the body left and its scope. Both compilers (opportunistic.ts, jit.ts) take lets this way.
 */
export function letChain<V>(
  t: Let,
  scope: Scope,
  compile: (value: Term, scope: Scope) => V,
  store: (value: V, slot: number) => void,
): { body: Term; scope: Scope } {
  let term: Term = t;
  while (term.kind === 'Let') {
    const { name, value } = term;
    const next: Term = term.body;
    if (next.kind === 'Var' && next.name === name) return { body: value, scope };
    const alias = value.kind === 'Var' ? scope.alias(name, value.name) : undefined;
    if (alias) scope = alias;
    else {
      const compiled = compile(value, scope);
      const bound = scope.bind(name);
      scope = bound.scope;
      store(compiled, bound.slot);
    }
    term = next;
  }
  return { body: term, scope };
}
