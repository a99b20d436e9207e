import { concatMap, exhaustMap, mergeMap, switchMap, type Observable, type OperatorFunction } from 'rxjs';
import { EpicError } from './internal/errors.js';
import { checkCount } from './internal/check-options.js';

/**
 * Anything that runs on arguments and answers with an Observable: an epic-rx `Program` (whose
 * `run` emits the result once, then completes), or any object written to this shape.
 */
export interface Runnable<A extends readonly unknown[], R> {
  run(...args: A): Observable<R>;
}

/** How runs of {@link runEach} overlap (the RxJS flattening operator each mode stands for). */
export type RunEachMode = 'merge' | 'switch' | 'concat' | 'exhaust';

/** Options of {@link runEach}. */
export interface RunEachOptions {
  /**
   * `'merge'` (default, `mergeMap`): every emission starts a run, up to `concurrency` at once.
   * `'switch'` (`switchMap`): a new emission unsubscribes the run in progress, aborting its host
   * calls. `'concat'` (`concatMap`): one run at a time, in order. `'exhaust'` (`exhaustMap`):
   * emissions arriving while a run is in progress are dropped.
   */
  readonly mode?: RunEachMode;
  /** Most runs at once in mode `'merge'` (the others wait, in order). Default `Infinity`. */
  readonly concurrency?: number;
}

/** {@link RunEachOptions} with `args`, which maps an emission to the run's arguments. */
export interface RunEachArgsOptions<T, A extends readonly unknown[]> extends RunEachOptions {
  /** The arguments of the run for one emission (their types come from `prog`, not from here). */
  readonly args: (value: T) => Readonly<NoInfer<A>>;
}

const MODES: readonly string[] = ['merge', 'switch', 'concat', 'exhaust'] satisfies readonly RunEachMode[];
const OPTION_NAMES: readonly string[] = ['mode', 'concurrency', 'args'];

/**
 * Runs `prog` once per emission of the source — `prog.run(x)`, or `prog.run(...args(x))` with
 * `args` — and emits what each run emits (a Program's result), flattened as `mode` says.
 *
 * Gotcha: in mode `'merge'` results come in the order runs FINISH, not the order of the
 * emissions (use `'concat'` for that, or put the emission in the result). As with `mergeMap`, a
 * failed run errors the output and unsubscribes the other runs, aborting their host calls; to
 * keep going, pass a Runnable that catches: `{ run: (x) => prog.run(x).pipe(catchError(…)) }`.
 * Bad options throw an EpicError here, not at subscribe time.
 *
 * @example
 * const answer = program({ chat }, (q: string) => chat(q));
 * questions$.pipe(runEach(answer, { mode: 'switch' })); // a new question cancels the old one's request
 * pairs$.pipe(runEach(compare, { args: ([a, b]) => [a, b] as const, concurrency: 4 }));
 */
export function runEach<T, R>(prog: Runnable<readonly [T], R>, options?: RunEachOptions): OperatorFunction<T, R>;
export function runEach<T, A extends readonly unknown[], R>(
  prog: Runnable<A, R>,
  options: RunEachArgsOptions<T, A>,
): OperatorFunction<T, R>;
export function runEach<T, R>(
  prog: Runnable<readonly unknown[], R>,
  options: RunEachOptions & { readonly args?: (value: T) => unknown } = {},
): OperatorFunction<T, R> {
  checkOptions(prog, options);
  const { mode = 'merge', concurrency = Infinity, args } = options;
  const runOne = (value: T): Observable<R> => prog.run(...(args ? argumentsOf(args, value) : [value]));
  switch (mode) {
    case 'merge':
      return mergeMap(runOne, concurrency);
    case 'switch':
      return switchMap(runOne);
    case 'concat':
      return concatMap(runOne);
    default:
      return exhaustMap(runOne); // 'exhaust' (checkOptions accepts only the four modes)
  }
}

/** `args(value)`, which must be an array; a throw here errors the output, like a failed run. */
function argumentsOf<T>(args: (value: T) => unknown, value: T): readonly unknown[] {
  const out = args(value);
  if (Array.isArray(out)) return out;
  throw new EpicError(`runEach: option "args" must return an array of arguments, returned ${shown(out)}`);
}

/** Throws an EpicError naming the first bad argument (programmer misuse fails at the call). */
function checkOptions(prog: unknown, options: unknown): void {
  const run =
    typeof prog === 'object' || typeof prog === 'function' ? (prog as { run?: unknown } | null)?.run : undefined;
  if (typeof run !== 'function') {
    throw new EpicError(
      `runEach: the first argument must have a run(...args) method (e.g. a Program), got ${shown(prog)}`,
    );
  }
  if (typeof options !== 'object' || options === null)
    throw new EpicError(`runEach: options must be an object, got ${shown(options)}`);
  const unknown = Object.keys(options).find((name) => !OPTION_NAMES.includes(name));
  if (unknown !== undefined)
    throw new EpicError(`runEach: unknown option "${unknown}" (known: ${OPTION_NAMES.join(', ')})`);
  const { mode, concurrency, args } = options as { mode?: unknown; concurrency?: unknown; args?: unknown };
  if (mode !== undefined && !MODES.includes(mode as string))
    throw bad('mode', `one of ${MODES.map(shown).join(', ')}`, mode);
  if (concurrency !== undefined) {
    checkCount('runEach', 'concurrency', concurrency);
    if ((mode ?? 'merge') !== 'merge')
      throw new EpicError(`runEach: option "concurrency" applies to mode "merge" only, not ${shown(mode)}`);
  }
  if (args !== undefined && typeof args !== 'function')
    throw bad('args', 'a function (value) => arguments array', args);
}

function bad(name: string, expected: string, value: unknown): EpicError {
  return new EpicError(`runEach: option "${name}" must be ${expected}, got ${shown(value)}`);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
