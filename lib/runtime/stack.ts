/**
 * When the JS stack runs out. The evaluators keep deep programs off the stack (queues, loops,
 * `let` cuts in long chains), but a term nested deeply enough can still exhaust it while it is
 * compiled or evaluated; that becomes an error that says so, never a raw `RangeError`.
 */
import { EpicRuntimeError } from '../errors.js';
import type { Loc } from '../locations.js';

/** Whether `error` is the JS engine running out of stack. */
export function isStackOverflow(error: unknown): error is RangeError {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/**
 * The error for a program too deeply nested to compile, or to evaluate (the stack overflowed).
 * Both strategies compile the same way and run the same code, so the way out is the same for
 * both: less nesting.
 */
export function tooDeep(cause: unknown, when: 'compile' | 'evaluate', loc?: Loc): EpicRuntimeError {
  return new EpicRuntimeError(
    `The program is too deeply nested to ${when} (the JS stack ran out); ` +
      'bind inner parts to variables of their own (consts in a program, lets in a term)',
    { cause, loc },
  );
}
