/**
 * `compile(term)`: the term as a function from an environment to an Observable of its value —
 * the observable-network view of a term, for embedding a term directly in an Rx app.
 *
 * Compiling subscribes to nothing; each subscription to the returned Observable is one run
 * (opportunistic evaluation), and unsubscribing aborts every host call it has in flight.
 * Free variables of the term are read from the environment; an environment entry may be an
 * Observable (subscribed once per run; its last value is used) or a stream (`asStream`).
 *
 * @example
 * const f = compile(parseTerm('(@add x (@double y))'), { add, double });
 * f({ x: 1, y: of(2) }).subscribe(console.log);   // 5
 */
import { asyncScheduler, isObservable, type Observable } from 'rxjs';
import { observeRun } from './execute.js';
import { EpicError } from './errors.js';
import type { Code } from './runtime/closure.js';
import { Run } from './runtime/run.js';
import { isStackOverflow, tooDeep } from './runtime/stack.js';
import { isStreamSource } from './runtime/stream-source.js';
import type { Term } from './terms/term.js';
import { compileContext, compileTerm } from './compile/opportunistic.js';
import { Scope } from './compile/scope.js';

/**
 * Compiles `term` with `hosts` (see the module comment). Throws `EpicRuntimeError` if the term
 * nests too deeply for the compiler, which recurses on nested calls and fns (at Node's default
 * stack, about 1,500 levels), as a program's first run does; a long `let` chain compiles.
 */
export function compile(
  term: Term,
  hosts: Readonly<Record<string, unknown>> = {},
): (env?: Readonly<Record<string, unknown>>) => Observable<unknown> {
  const scope = Scope.root(true);
  const code = compileRoot(term, scope, hosts);
  const free = scope.freeSlots();
  const size = scope.frame.size;
  return (env = {}) => {
    const missing = [...free.keys()].filter((name) => !Object.hasOwn(env, name));
    if (missing.length) throw new EpicError(`compile(): the environment lacks ${missing.join(', ')}`);
    return observeRun<unknown>((hooks) => {
      const run = new Run({ ...hooks, now: () => asyncScheduler.now() });
      run.start(() => {
        const frame: unknown[] = new Array(size);
        for (const [name, slot] of free) {
          const value = env[name];
          frame[slot] = isObservable(value) || isStreamSource(value) ? run.input(value, name) : value;
        }
        return code(frame, run);
      });
      return () => run.dispose();
    });
  };
}

/** The term's code, a stack overflow while compiling it reported as `tooDeep` at its location. */
function compileRoot(term: Term, scope: Scope, hosts: Readonly<Record<string, unknown>>): Code {
  try {
    return compileTerm(term, scope, false, compileContext(new Map(Object.entries(hosts))));
  } catch (error) {
    throw isStackOverflow(error) ? tooDeep(error, 'compile', term.loc) : error;
  }
}
