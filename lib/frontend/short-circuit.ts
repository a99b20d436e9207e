/**
 * Short-circuiting expressions, Church-encoded so the side that is not needed is never
 * evaluated (and makes no host call): `&&`, `||`, `??`, `?:` and optional chains.
 *
 * - `a && b` → `let $t = a in if $t then b else $t`
 * - `a || b` → `let $t = a in if $t then $t else b`
 * - `a ?? b` → `let $t = a in if $t == null then b else $t`
 * - `c ? a : b` → `if c then a else b`
 * - `o?.k` → `getOpt(o, "k")`; `o?.k.m` → `let $t = o in if $t == null then undefined else get(getOpt($t, "k"), "m")`
 *
 * The `let` is left out when the left side is already a variable or a literal.
 */
import type * as A from 'acorn';
import { assertNever } from '../errors.js';
import { ifThenElse, let_, lit, prim, v, type Term } from '../terms/term.js';
import type { Loc } from '../locations.js';
import { locOf, type Ctx, type Env } from './context.js';
import { memberKey } from './keys.js';
import { translateImported } from './identifiers.js';
import { importedName } from './loader-forms.js';
import { CUT, type Split } from './spine.js';
import { unsupported } from './unsupported.js';

/** Whether `term` may be used twice without computing anything twice (a variable, literal or host). */
export function isAtomic(term: Term): boolean {
  return term.kind === 'Var' || term.kind === 'Lit' || term.kind === 'Host';
}

/** `body(t)` where `t` names `value` once: `value` itself when it is atomic, else a `let`. */
export function bindOnce(ctx: Ctx, value: Term, loc: Loc, body: (t: Term) => Term): Term {
  if (isAtomic(value)) return body(value);
  const name = ctx.names.fresh('$t');
  return let_(name, value, body(v(name, loc)), loc);
}

/** `left op right` for a logical operator; `right` is built only into the branch that needs it. */
export function shortCircuit(ctx: Ctx, op: A.LogicalOperator, left: Term, right: () => Term, loc: Loc): Term {
  return bindOnce(ctx, left, loc, (t) => {
    switch (op) {
      case '&&':
        return ifThenElse(t, right(), t, loc);
      case '||':
        return ifThenElse(t, t, right(), loc);
      case '??':
        return ifThenElse(prim('==', [t, lit(null, loc)], loc), right(), t, loc);
      default:
        return assertNever(op, 'logical operator');
    }
  });
}

/** `a && b`, `a || b`, `a ?? b`, split at `a` (spine.ts). */
export function splitLogical(ctx: Ctx, env: Env, node: A.LogicalExpression): Split {
  const right = (): Term => ctx.expr(env, node.right);
  return { inner: node.left, finish: (left) => shortCircuit(ctx, node.operator, left, right, locOf(ctx, node)) };
}

/** `c ? a : b`. */
export function translateConditional(ctx: Ctx, env: Env, node: A.ConditionalExpression): Term {
  const test = ctx.expr(env, node.test);
  return ifThenElse(test, ctx.expr(env, node.consequent), ctx.expr(env, node.alternate), locOf(ctx, node));
}

/** An optional chain of member accesses (`a?.b.c`, `a.b?.[k]`); calls in a chain are rejected. */
export function translateChain(ctx: Ctx, env: Env, node: A.ChainExpression): Term {
  const links: A.MemberExpression[] = [];
  let base: A.Expression | A.Super = node.expression;
  for (; base.type === 'MemberExpression'; base = base.object) links.push(base);
  links.reverse();
  if (node.expression.type === 'CallExpression' || (base.type === 'CallExpression' && hasOptional(base))) {
    return unsupported(ctx, node, 'optionalCall');
  }
  if (base.type === 'Super') return unsupported(ctx, base, 'superRef');
  const first = links[0];
  const imported = first && !first.optional ? importedName(ctx, env, first) : undefined;
  if (first && imported !== undefined)
    return applyLinks(ctx, env, translateImported(ctx, env, first, imported), links.slice(1));
  return applyLinks(ctx, env, ctx.expr(env, base), links);
}

function hasOptional(node: A.Expression | A.Super): boolean {
  for (let n = node; ; ) {
    if (n.type === 'MemberExpression') {
      if (n.optional) return true;
      n = n.object;
    } else if (n.type === 'CallExpression') {
      if (n.optional) return true;
      n = n.callee;
    } else return false;
  }
}

/**
 * `base` followed by the member accesses `links`. An optional link that is not last (or whose
 * key computes something) starts a segment: the chain so far is named once, and the segment —
 * that link and the plain links after it, up to the next such optional link — is computed only
 * when the name is not nullish, else it is `undefined`. Segments follow one another as `let`s
 * instead of nesting: when one short-circuits, the next one's own test does too, so the rest of
 * the chain is skipped as JS skips it. Every CUT plain links the value so far is named as well
 * (spine.ts), so a chain of any length is a `let` chain whose values nest at most CUT links
 * deep, and the compilers take it in a loop.
 */
function applyLinks(ctx: Ctx, env: Env, base: Term, links: readonly A.MemberExpression[]): Term {
  const chain = new LinkChain(ctx, base);
  links.forEach((link, i) => {
    const loc = locOf(ctx, link);
    const key = memberKey(ctx, env, link);
    if (!link.optional || (i === links.length - 1 && isAtomic(key)))
      chain.link(link.optional ? 'getOpt' : 'get', key, loc);
    else chain.optional(key, loc);
  });
  return chain.end();
}

/** A `let` of a chain's term. */
interface ChainLet {
  readonly name: string;
  readonly value: Term;
  readonly loc: Loc;
}

/** The term of a chain of member accesses as `applyLinks` builds it, link by link. */
class LinkChain {
  /** The `let`s the chain is made of, outermost first; the open segment's, inside its test. */
  private readonly lets: ChainLet[] = [];
  private readonly inner: ChainLet[] = [];
  /** The open segment's test: its object, named once. */
  private test: { readonly object: Term; readonly loc: Loc } | undefined;
  /** Plain links since the value was last named. */
  private run = 0;

  constructor(
    private readonly ctx: Ctx,
    private term: Term,
  ) {}

  /** A link that needs no test of its own (`get`, or a last `getOpt` with a plain key). */
  link(op: 'get' | 'getOpt', key: Term, loc: Loc): void {
    this.term = prim(op, [this.term, key], loc);
    if (++this.run < CUT) return;
    const name = this.ctx.names.fresh('$c');
    (this.test ? this.inner : this.lets).push({ name, value: this.term, loc });
    this.term = v(name, loc);
    this.run = 0;
  }

  /** An optional link that starts a segment (see `applyLinks`). */
  optional(key: Term, loc: Loc): void {
    this.close();
    let object = this.term;
    if (!isAtomic(object)) {
      const name = this.ctx.names.fresh('$t');
      this.lets.push({ name, value: object, loc });
      object = v(name, loc);
    }
    this.test = { object, loc };
    this.term = prim('getOpt', [object, key], loc);
    this.run = 1;
  }

  /** The chain's term. */
  end(): Term {
    this.close();
    return wrap(this.lets, this.term);
  }

  /** Ends the open segment: its value, or `undefined` when its object is nullish. */
  private close(): void {
    const { test } = this;
    if (!test) return;
    const { object, loc } = test;
    const body = wrap(this.inner, this.term);
    this.inner.length = 0;
    this.term = ifThenElse(prim('==', [object, lit(null, loc)], loc), lit(undefined, loc), body, loc);
    this.test = undefined;
  }
}

/** `body` inside `lets` (outermost first). */
function wrap(lets: readonly ChainLet[], body: Term): Term {
  let term = body;
  for (let i = lets.length - 1; i >= 0; i -= 1) term = let_(lets[i]!.name, lets[i]!.value, term, lets[i]!.loc);
  return term;
}
