/**
 * Running a closed program term under either strategy: the one place that wires a compiled
 * term, its host values and the run's arguments to the opportunistic `Run` or the sequential
 * `Machine`. `Program` (lib/program.ts) wraps this in Observables.
 */
import { defaultIfEmpty, isObservable, last, map, type Observable, type Subscription } from 'rxjs';
import type { Closure } from './runtime/closure.js';
import { collectStream, HostCalls } from './runtime/host-calls.js';
import { subscribeLast } from './runtime/last-value.js';
import { Run, type RunOptions } from './runtime/run.js';
import { isStackOverflow, tooDeep } from './runtime/stack.js';
import { isStreamSource, type StreamSource } from './runtime/stream-source.js';
import type { Lam } from './terms/term.js';
import { compileClosed, compileContext } from './compile/opportunistic.js';
import { Machine, SeqClosure } from './runtime/sequential.js';

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
    this.compiled ??= this.compile();
    const closure = this.compiled;
    const run = new Run(hooks);
    run.start(() => run.apply(closure, args.map((a, i) => (isObservable(a) || isStreamSource(a) ? run.input(a, i) : a)), this.term.loc));
    return () => run.dispose();
  }

  private compile(): Closure {
    try {
      return compileClosed(this.term, compileContext(this.hosts));
    } catch (error) {
      throw isStackOverflow(error) ? tooDeep(error, this.term.loc) : error;
    }
  }

  /** Observable and stream arguments are awaited (all at once, whole) before the machine starts: CBV. */
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
      if (!isObservable(a) && !isStreamSource(a)) return;
      waiting++;
      subscriptions.push(subscribeLast(isStreamSource(a) ? collected(a) : a, i, (error, value) => {
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

/** A stream input read whole, as one value (the sequential reading of a stream). */
function collected(stream: StreamSource): Observable<unknown> {
  const sink = collectStream(stream.kind);
  const part = (x: unknown): void => {
    if (stream.kind === 'text' && typeof x !== 'string') throw new Error(`(a text stream) emitted ${typeof x}, not a string`);
    sink.part(x);
  };
  return stream.source.pipe(map(part), defaultIfEmpty(undefined), last(), map(() => sink.value()));
}
