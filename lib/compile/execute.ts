/**
 * Running a closed program term under either strategy: the one place that wires a compiled
 * term, its host values and the run's arguments to the opportunistic `Run` or the sequential
 * `Machine`. `Program` (lib/frontend/program.ts) wraps this in Observables.
 */
import { isObservable, type Subscription } from 'rxjs';
import type { Closure } from '../runtime/closure.js';
import { HostCalls } from '../runtime/host-calls.js';
import { subscribeLast } from '../runtime/last-value.js';
import { Run, type RunOptions } from '../runtime/run.js';
import type { Lam } from '../terms/term.js';
import { compileClosed, compileContext } from './opportunistic.js';
import { Machine, SeqClosure } from './sequential.js';

/** How a run evaluates: everything independent at once, or one call at a time (the baseline). */
export type Strategy = 'opportunistic' | 'sequential';

/** A program term with its host values, compiled on first use and run any number of times. */
export class Executable {
  private compiled: Closure | undefined;

  constructor(readonly term: Lam, readonly hosts: ReadonlyMap<string, unknown>) {}

  /** Starts one run; returns its teardown (aborts everything in flight). */
  start(args: readonly unknown[], strategy: Strategy, hooks: RunOptions): () => void {
    return strategy === 'sequential' ? this.startSequential(args, hooks) : this.startOpportunistic(args, hooks);
  }

  private startOpportunistic(args: readonly unknown[], hooks: RunOptions): () => void {
    this.compiled ??= compileClosed(this.term, compileContext(this.hosts));
    const closure = this.compiled;
    const run = new Run(hooks);
    run.start(() => run.apply(closure, args.map((a) => (isObservable(a) ? run.input(a) : a)), this.term.loc));
    return () => run.dispose();
  }

  /** Observable arguments are awaited (all at once) before the machine starts: CBV. */
  private startSequential(args: readonly unknown[], hooks: RunOptions): () => void {
    const machine = new Machine({ calls: new HostCalls(hooks.now, hooks.onEvent), hosts: this.hosts, ...hooks });
    const values = [...args];
    let waiting = 1;
    const subscriptions: Subscription[] = [];
    let stopped = false;
    const fail = (error: unknown): void => {
      if (stopped) return;
      stopped = true;
      for (const s of subscriptions) s.unsubscribe();
      hooks.onError(error);
    };
    const ready = (): void => {
      if (--waiting === 0 && !stopped) machine.start(new SeqClosure(this.term, undefined), values);
    };
    values.forEach((a, i) => {
      if (!isObservable(a)) return;
      waiting++;
      subscriptions.push(subscribeLast(a, (error, value) => {
        if (error !== undefined) fail(error);
        else {
          values[i] = value;
          ready();
        }
      }));
    });
    ready();
    return () => {
      stopped = true;
      for (const s of subscriptions) s.unsubscribe();
      machine.stop();
    };
  }
}
