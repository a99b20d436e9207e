/**
 * The state of one translation: the context shared by the whole run (`Ctx`) and the
 * environment at a point of the program (`Env`), plus locations and located errors.
 *
 * - `Ctx` is created per `translateFunction` call (nothing lives at module level). It holds the
 *   source, the host names, the name supply, and the records the closure check needs at the end
 *   (which closure captured which reassignable binding, every assignment, every loop).
 * - `Env` is immutable and threaded through the statement translation: `scope` maps a JS name to
 *   the binding it denotes here (a binding is *pending* while in its temporal dead zone);
 *   `current` maps each initialised binding to the term variable holding its current SSA version.
 *   Both are persistent (env.ts), so a statement's new environment costs no copy of the old one.
 */
import type * as A from 'acorn';
import { EpicSyntaxError } from '../errors.js';
import { originalLoc, type Loc, type Source } from '../locations.js';
import type { Term } from '../terms/term.js';
import type { LineIndex } from './lines.js';
import type { NameSupply } from './names.js';
import type { Versions } from './versions.js';

/** A JS function being translated (or the program level around the translated function). */
export interface FnScope {
  /** The function's node (its range decides which loops contain it). */
  readonly node: A.Node;
  /** Source offset where the closure takes the current versions of what it captures. */
  readonly createdAt: number;
  readonly loc: Loc;
  /** A callback run at once by map/filter/reduce/forEach: what it captures cannot go stale. */
  readonly immediate: boolean;
  readonly parent: FnScope | undefined;
}

/** What kind of declaration introduced a binding. */
export type BindingKind = 'const' | 'let' | 'param' | 'function';

/** One JS binding (a declared name in one scope). */
export interface Binding {
  /** Unique in the translation: the key of its versions in `Env.current`. */
  readonly id: number;
  readonly name: string;
  readonly kind: BindingKind;
  /** The declaring identifier. */
  readonly node: A.Node;
  /** The function whose scope declares it. */
  readonly fn: FnScope;
  /** Parameter count when the binding is a const/function bound to a function literal. */
  readonly arity?: number;
  /** Why a use before initialisation is an error, when it is not the plain TDZ. */
  readonly pendingReason?: string;
}

/** The names declared by one block, function or loop head, and the scope around it. */
export interface Scope {
  readonly names: ReadonlyMap<string, Binding>;
  readonly parent: Scope | undefined;
}

/** The environment at one point of the program. */
export interface Env {
  /** The innermost scope (a chain as long as the program's nesting, not its length). */
  readonly scope: Scope | undefined;
  /** The current version of each initialised binding, by binding id. */
  readonly current: Versions<string>;
  readonly fn: FnScope;
  /** The innermost loop around this point within the current function, if any. */
  readonly loop: A.Node | undefined;
}

/** A closure that captured a reassignable binding. */
export interface Capture {
  readonly binding: Binding;
  readonly fn: FnScope;
}
/** An assignment to a binding, for the closure check. */
export interface Assignment {
  readonly binding: Binding;
  readonly node: A.Node;
}

/** The translation context. */
export interface Ctx extends Translators {
  readonly source: Source;
  /** Characters added before the text to make it parse (e.g. 1 for a leading "("): node offsets are this far on. */
  readonly shift: number;
  /** The lines of the source's text. */
  readonly lines: LineIndex;
  readonly hosts: ReadonlySet<string>;
  readonly names: NameSupply;
  readonly captures: Capture[];
  readonly assignments: Assignment[];
  readonly loops: A.Node[];
  /** The nesting depth being translated (nesting.ts), and the number of bindings declared so far. */
  readonly counters: { depth: number; bindings: number };
}

/**
 * The translators of the general constructs, wired by translate.ts (`ctx.expr`, …). A construct
 * module reaches the expressions, statements and patterns nested in its construct through these,
 * never by importing expressions.ts, statements.ts or patterns.ts: so the modules form no import
 * cycle, and each can be read knowing only the contract below.
 */
export interface Translators {
  /** The term of an expression (expressions.ts); `name` names the function it may evaluate to. */
  expr(env: Env, node: A.Expression | A.Super | A.PrivateIdentifier, name?: string): Term;
  /** One statement (statements.ts). */
  statement(env: Env, stmt: A.Statement): Step;
  /** A block's statements in a new scope (statements.ts). */
  block(env: Env, stmts: readonly A.Statement[]): Step;
  /** An expression evaluated for its calls, its value dropped (statements.ts). */
  effect(env: Env, expr: A.Expression): Step;
  /** Binds a pattern to a value (patterns.ts). */
  pattern(env: Env, pattern: A.Pattern, value: Term, mode: PatternMode): Step;
}

/** Whether a pattern declares new bindings or assigns existing ones. */
export type PatternMode = 'declare' | 'assign';

/** A frame around the code that follows a statement, e.g. `(rest) => let a = f() in rest`. */
export type Frame = (rest: Term) => Term;

/** Statements that fall through: the environment after them, and their frames, outermost first. */
export interface Open {
  readonly env: Env;
  readonly frames: readonly Frame[];
}
/** Statements that never reach the code after them: their term. */
export interface Closed {
  readonly term: Term;
}
/** The translation of one or more statements. */
export type Step = Open | Closed;

/** The code that ends a branch or a loop body, given the environment there (steps.ts `close`). */
export type Rest = (env: Env) => Term;

/** The location of `node` in the user's text (1-based line and column). */
export function locOf(ctx: Ctx, node: A.Node): Loc {
  const offset = Math.max(0, node.start - ctx.shift);
  const line = ctx.lines.line(offset);
  return { line, column: offset - ctx.lines.start(line)! + 1, source: ctx.source };
}

/**
 * Where `node` is, for messages that point at a second place: `file:line:column` in the file the
 * person wrote when the location maps back to it, else `line:column` in the parsed text.
 *
 * Gotcha: the error's main location (`reject`, printed by `formatLoc`) maps the same way, but
 * only a place that maps is shown in the file's coordinates: a node the loader inserted (or one
 * the alignment missed) falls back to the parsed text, so one message can mix the two forms.
 *
 * @example
 * `${binding.name} is reassigned after the function at ${at(ctx, fn.node)} captures it`
 * // "… after the function at demos/x.ts:6:5 captures it" (or "… at 1:28 …" when unmapped)
 */
export function at(ctx: Ctx, node: A.Node): string {
  const loc = locOf(ctx, node);
  const original = originalLoc(loc);
  return original ? `${original.file}:${original.line}:${original.column}` : `${loc.line}:${loc.column}`;
}

/** Throws an `EpicSyntaxError` located at `node`. */
export function reject(ctx: Ctx, node: A.Node, message: string): never {
  throw new EpicSyntaxError(message, { loc: locOf(ctx, node) });
}
