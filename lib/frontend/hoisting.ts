/**
 * Where a block's function declarations go.
 *
 * JS makes a block's function declarations available from the block's start, but a `LetRec`
 * there could not see the block's `const`s that the functions use. So each function is placed
 * right after the last statement that declares or assigns a name it mentions, or that a function
 * it mentions needs; the functions placed at one point form one `LetRec`, so functions that
 * call each other are always together. A use of a function before its point is rejected with
 * the reason (never mis-translated).
 *
 * Placing each function on its own needs (rather than all of a block's functions after the last
 * thing any of them needs) keeps a function that uses nothing usable from the block's start
 * even when another function of the block uses a `const` declared further down.
 *
 * @example
 * // function f(x) { return x + 1; }  const k = f(1);  function g() { return k; }
 * // f goes at the block's start (it needs nothing), g after `const k`: two LetRecs
 */
import type * as A from 'acorn';
import { assignedNames } from './assigned.js';
import { declaredNames, referencedNames } from './ast.js';
import { at, type Ctx } from './context.js';

/** The functions placed before the statement at `index`, as one `LetRec`. */
export interface Hoisted {
  readonly index: number;
  readonly fns: readonly A.FunctionDeclaration[];
}

/** Where a block's function declarations go. */
export interface Placement {
  /** The groups, in the order of their indexes. */
  readonly groups: readonly Hoisted[];
  /** The message for a use of `fn` before its point (undefined when it is at the block's start). */
  readonly reason: (fn: A.FunctionDeclaration) => string | undefined;
}

/** Why a function cannot go earlier: the statement that a name it (or a function it uses) needs. */
interface Need {
  readonly index: number;
  readonly name: string;
  readonly how: 'declared' | 'assigned';
  readonly where: A.Node;
  /** The function of the block (one the function mentions) through which the need comes, if not its own. */
  readonly via?: string;
}

/**
 * The placement of the function declarations `fns` among the statements `stmts` of a block.
 *
 * @example
 * placeFunctions(ctx, block.body, fns).groups // [{ index: 0, fns: [f] }, { index: 2, fns: [g] }]
 */
export function placeFunctions(
  ctx: Ctx,
  stmts: readonly A.Statement[],
  fns: readonly A.FunctionDeclaration[],
): Placement {
  const mentions = new Map(fns.map((f) => [f, new Set([...f.params, f.body].flatMap((n) => [...referencedNames(n)]))]));
  const needs = ownNeeds(stmts, fns, mentions);
  inheritNeeds(fns, mentions, needs);
  const byIndex = new Map<number, A.FunctionDeclaration[]>();
  for (const f of fns) push(byIndex, needs.get(f)?.index ?? 0, f);
  const groups = [...byIndex].sort(([a], [b]) => a - b).map(([index, group]) => ({ index, fns: group }));
  return { groups, reason: (fn) => reasonOf(ctx, fn, needs.get(fn)) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** For each function, the last statement that declares or assigns a name it mentions. */
function ownNeeds(
  stmts: readonly A.Statement[],
  fns: readonly A.FunctionDeclaration[],
  mentions: ReadonlyMap<A.FunctionDeclaration, ReadonlySet<string>>,
): Map<A.FunctionDeclaration, Need> {
  const mentionedBy = new Map<string, A.FunctionDeclaration[]>();
  for (const f of fns) for (const name of mentions.get(f)!) push(mentionedBy, name, f);
  const needs = new Map<A.FunctionDeclaration, Need>();
  stmts.forEach((s, i) => {
    if (s.type === 'FunctionDeclaration') return;
    const need = (name: string, how: Need['how'], where: A.Node): void => {
      for (const f of mentionedBy.get(name) ?? []) needs.set(f, { index: i + 1, name, how, where });
    };
    const declared = declaredNames(s).filter((id) => mentionedBy.has(id.name));
    declared.forEach((id) => need(id.name, 'declared', id));
    for (const name of assignedNames(s)) if (!declared.some((id) => id.name === name)) need(name, 'assigned', s);
  });
  return needs;
}

/**
 * A function goes no earlier than the functions it mentions: needs spread from a function to
 * those that mention it, through a worklist (functions may call each other).
 */
function inheritNeeds(
  fns: readonly A.FunctionDeclaration[],
  mentions: ReadonlyMap<A.FunctionDeclaration, ReadonlySet<string>>,
  needs: Map<A.FunctionDeclaration, Need>,
): void {
  const byName = new Map(fns.map((f) => [f.id.name, f]));
  const usedBy = new Map<A.FunctionDeclaration, A.FunctionDeclaration[]>();
  for (const f of fns) {
    for (const name of mentions.get(f)!) {
      const g = byName.get(name);
      if (g && g !== f) push(usedBy, g, f);
    }
  }
  const work = fns.filter((f) => needs.has(f));
  for (let g = work.pop(); g; g = work.pop()) {
    const need = needs.get(g)!;
    for (const f of usedBy.get(g) ?? []) {
      if (need.index > (needs.get(f)?.index ?? 0)) {
        needs.set(f, { ...need, via: g.id.name });
        work.push(f);
      }
    }
  }
}

function reasonOf(ctx: Ctx, fn: A.FunctionDeclaration, need: Need | undefined): string | undefined {
  if (!need) return undefined;
  const { name, how, via } = need;
  const why =
    via === undefined
      ? `it refers to ${name}, which is ${how} later`
      : `it uses the function ${via}, which needs ${name}, ${how} later`;
  return (
    `The function ${fn.id.name} is used before it can be defined: ${why} (at ${at(ctx, need.where)}); move that ` +
    `${how === 'declared' ? 'declaration' : 'assignment'} above the first use of ${fn.id.name}`
  );
}
