/**
 * Typing host functions as program code sees them. Inside a program, `propose(puzzle)` *is* the
 * list of ideas: the runtime waits for the Promise or Observable a host returns. `external`
 * changes only the static type to that synchronous view, so program code typechecks as written.
 */
import type { Observable } from 'rxjs';

/** What a host result becomes inside a program. */
export type Resolved<R> = R extends PromiseLike<infer T> ? T
  : R extends Observable<infer T> ? T
    : R extends AsyncIterable<infer T> ? T[]
      : R;

/** The synchronous view of a host function. */
export type Sync<F> = F extends (this: any, ...args: infer A) => infer R ? (...args: A) => Resolved<R> : never;

/**
 * Declares `fn` a host function and types it as program code sees it (the identity at run time).
 *
 * Gotcha: only program code sees the synchronous type. Called from ordinary code, the function
 * still returns its Promise/Observable, though its type says otherwise; keep host functions for
 * programs.
 *
 * @example
 * const propose = external(async (puzzle: string): Promise<string[]> => llmIdeas(puzzle));
 * const solve = program({ propose }, (p: string) => propose(p).length);  // propose(p): string[]
 */
export function external<F extends (...args: any[]) => any>(fn: F): Sync<F> {
  return fn as unknown as Sync<F>;
}
