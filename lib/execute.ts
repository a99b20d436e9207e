/**
 * Running a closed program term under either strategy: the one place that wires a compiled
 * term, its host values and the run's arguments to a `Run` — opportunistic, or serial (one host
 * call at a time, the sequential strategy: the same compiled code, so the two differ only in
 * scheduling). `Program` (lib/program.ts) wraps this in Observables.
 */
import { isObservable, Observable, type Subscriber } from 'rxjs';
import type { Closure } from './runtime/closure.js';
import { awaitInputs } from './runtime/last-value.js';
import { Run, type RunOptions } from './runtime/run.js';
import { isStackOverflow, tooDeep } from './runtime/stack.js';
import { isStreamSource } from './runtime/stream-source.js';
import type { Lam } from './terms/term.js';
import { compileClosed, compileContext } from './compile/opportunistic.js';

/** What a run reports to (its result, its error, its events, its value as soon as it is known), and how it runs a host call (run.ts). */
export type RunHooks = Pick<RunOptions, 'onResult' | 'onError' | 'onEvent' | 'onValue' | 'aroundHost'>;

/** What a subscriber of `observeRun` hears of its run, and what to stop beside the run. */
export type RunListener = Partial<RunHooks> & { readonly teardown?: () => void };

/**
 * An Observable of which each subscription is one run: `start(hooks)` starts the run and
 * returns its teardown (unsubscribing calls it, aborting the run's host calls). By default the
 * subscriber gets the result, then completion; `listen(subscriber)` (called once per
 * subscription) may hear more of the run and emit otherwise. A run's error errors the Observable.
 *
 * @example
 * observeRun<R>((hooks) => executable.start(args, 'opportunistic', { ...hooks, now }))
 */
export function observeRun<T>(
  start: (hooks: RunHooks) => () => void,
  listen: (subscriber: Subscriber<T>) => RunListener = () => ({}),
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const { teardown, ...hooks } = listen(subscriber);
    const stop = start({
      onResult: (value) => {
        subscriber.next(value as T);
        subscriber.complete();
      },
      onError: (error) => subscriber.error(error),
      ...hooks,
    });
    return () => {
      teardown?.();
      stop();
    };
  });
}

/** How a run evaluates: everything independent at once, or one call at a time (the baseline). */
export type Strategy = 'opportunistic' | 'sequential';

/** A program term with its host values, compiled on first use and run any number of times. */
export class Executable {
  private compiled: Closure | undefined;

  constructor(
    readonly term: Lam,
    readonly hosts: ReadonlyMap<string, unknown>,
  ) {}

  /** Starts one run; returns its teardown (aborts everything in flight). */
  start(args: readonly unknown[], strategy: Strategy, hooks: RunOptions): () => void {
    return strategy === 'sequential' ? this.startSequential(args, hooks) : this.startOpportunistic(args, hooks);
  }

  private startOpportunistic(args: readonly unknown[], hooks: RunOptions): () => void {
    const closure = (this.compiled ??= this.compile());
    const run = new Run(hooks);
    run.start(() =>
      run.apply(
        closure,
        args.map((a, i) => (isObservable(a) || isStreamSource(a) ? run.input(a, i) : a)),
        this.term.loc,
      ),
    );
    return () => run.dispose();
  }

  /**
   * The same compiled code, one host call at a time (`serial`), after every Observable and
   * stream argument has been read whole: call by value for inputs, as for calls.
   */
  private startSequential(args: readonly unknown[], hooks: RunOptions): () => void {
    const closure = (this.compiled ??= this.compile());
    const run = new Run({ ...hooks, serial: true });
    const stopWaiting = awaitInputs(
      args,
      (values) => run.start(() => run.apply(closure, values, this.term.loc)),
      (error) => run.fail(error),
    );
    return () => {
      stopWaiting();
      run.dispose();
    };
  }

  private compile(): Closure {
    try {
      return compileClosed(this.term, compileContext(this.hosts));
    } catch (error) {
      throw isStackOverflow(error) ? tooDeep(error, 'compile', this.term.loc) : error;
    }
  }
}
