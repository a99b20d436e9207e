/**
 * acorn, with its scope bookkeeping made linear and its stack-overflow check made safe.
 *
 * acorn checks redeclarations (`let x; let x;`) by keeping each scope's declared names in arrays
 * and searching them with `indexOf` on every declaration, which is quadratic in the names of one
 * scope: a function of 100,000 `const`s took 9 s to parse (under half a second with this
 * plugin). This parser class (an acorn plugin, `Parser.extend`) gives each new scope name lists
 * whose `push` also records the name's first index in a Map, so `indexOf` is a lookup. acorn's
 * own code, and so its checks and messages, are unchanged.
 *
 * It also recognises a stack overflow without a regular expression. acorn turns an overflow into
 * "Not enough stack space to parse input" by testing the message of every error caught in a
 * nested expression with a regular expression, and V8 (re)compiles a regular expression when it
 * runs it after a garbage collection flushed its code: compiling one deep in an exhausted stack
 * kills the process ("FATAL ERROR: RegExpCompiler Allocation failed"; a 20,000-deep `else if`
 * chain did it). The same test with `String.includes` needs no compiler.
 *
 * Gotcha: the plugin overrides acorn internals — `enterScope`, `currentScope`, the
 * `var`/`lexical`/`functions` lists of a scope and `catchStackOverflow` (acorn 8.x). Should a
 * later acorn rename them, the plugin stops applying (`indexed` leaves a scope without those
 * lists alone): parsing is quadratic again and deep input may crash; spec/frontend/parser.spec.ts
 * checks both.
 */
import * as acorn from 'acorn';
import type * as A from 'acorn';
import { isStackOverflow } from './nesting.js';

/** A list of names whose `indexOf` is a Map lookup (acorn only pushes and searches them). */
export class NameList extends Array<string> {
  private readonly first = new Map<string, number>();

  override push(...names: string[]): number {
    for (const name of names) {
      if (!this.first.has(name)) this.first.set(name, this.length);
      super.push(name);
    }
    return this.length;
  }

  /** The first index of `name`, or -1 (acorn never passes a start index). */
  override indexOf(name: string): number {
    return this.first.get(name) ?? -1;
  }
}

/** The parts of acorn's parser the plugin uses. */
interface Internals {
  enterScope(flags: number): void;
  currentScope(): Record<string, unknown>;
  raise(pos: number, message: string): never;
  readonly start: number;
}

const LISTS = ['var', 'lexical', 'functions'] as const;

/** Gives the current scope indexed name lists, if it has acorn's empty ones. */
function indexed(scope: Record<string, unknown>): void {
  for (const key of LISTS) {
    const list = scope[key];
    if (Array.isArray(list) && list.length === 0) scope[key] = new NameList();
  }
}

const Linear = acorn.Parser.extend((Base) => {
  const base = Base.prototype as unknown as Internals;
  return class extends Base {
    enterScope(flags: number): void {
      base.enterScope.call(this, flags);
      indexed(base.currentScope.call(this));
    }

    catchStackOverflow<T>(f: () => T): T {
      try {
        return f();
      } catch (error) {
        if (isStackOverflow(error))
          base.raise.call(this, (this as unknown as Internals).start, 'Not enough stack space to parse input');
        throw error;
      }
    }
  };
});

/**
 * Parses `text` as acorn's `parse` does, in time linear in the number of declarations.
 *
 * @example
 * parseProgram('(x => x + 1)', { ecmaVersion: 'latest', locations: true }).body[0].type // 'ExpressionStatement'
 */
export function parseProgram(text: string, options: A.Options): A.Program {
  return Linear.parse(text, options);
}
