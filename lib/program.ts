/**
 * `program(hosts, fn)`: the front door. The function's source is translated to a term
 * (translate.ts); a `Program` runs it, opportunistically by default, as an Observable.
 *
 * @example
 * const solve = program({ propose, judge, best }, (puzzle: string) => {
 *   const ideas = propose(puzzle);
 *   const scores = ideas.map((i) => judge(i));   // every judge call dispatches at once
 *   return best(ideas, scores);
 * });
 * solve.run('4 9 10 13').subscribe(console.log);
 * await solve.evaluate('4 9 10 13');
 */
import { asyncScheduler, filter, lastValueFrom, map, type Observable, type SchedulerLike } from 'rxjs';
import { Executable, observeRun, type RunHooks, type Strategy } from './execute.js';
import { EpicError, EpicUnboundNameError } from './errors.js';
import type { RunEvent, SnapshotEvent, WatchEvent } from './runtime/events.js';
import type { AroundHost } from './runtime/host-calls.js';
import { SnapshotTracker, type Snapshot } from './runtime/snapshot.js';
import { children, freeVars } from './terms/locs.js';
import type { Lam, Term } from './terms/term.js';
import { definitionSite, readOriginal } from './frontend/definition-site.js';
import { translateFunction } from './frontend/translate.js';

export type { Strategy } from './execute.js';

/** Options of a program. */
export interface ProgramOptions {
  /** Name in messages, traces and error locations (default: the function's name, or "program"). */
  readonly name?: string;
  /** `'opportunistic'` (default) or `'sequential'` (one call at a time: the baseline). */
  readonly strategy?: Strategy;
  /**
   * Clock for event times and snapshot ticks, and where long pure reduction yields between time
   * slices; pass a `TestScheduler` for virtual time (default: asyncScheduler's clock, and
   * `setImmediate` for yielding).
   */
  readonly scheduler?: SchedulerLike;
  /**
   * Fail a run (with a located `EpicRuntimeError`) once it has made this many reduction steps
   * (function applications): a budget against runaway loops. Default: no limit.
   */
  readonly maxSteps?: number;
}

/** An argument, or an Observable of it (its last value is used; e.g. a stream in an Rx app). */
export type Input<T> = T | Observable<T>;
/** Program arguments, each possibly an Observable. */
export type Inputs<A extends readonly unknown[]> = { [K in keyof A]: Input<A[K]> };

const PROGRAM_BRAND = Symbol.for('epic-rx.program');

/**
 * The key of `Program`'s `events` that takes an `AroundHost` (host-calls.ts): how tracing
 * (lib/tracing) runs each host call inside its call's span. Not in the public API.
 */
export const EVENTS_AROUND: unique symbol = Symbol('epic-rx.events-around');
const TRUSTED: unique symbol = Symbol('epic-rx.trusted-program');

/**
 * A translated program with its host values. Each subscription to `run`/`events` is one
 * independent run; unsubscribing aborts every host call it has in flight (their AbortSignals
 * fire) and leaves nothing running.
 */
export class Program<A extends readonly unknown[] = unknown[], R = unknown> {
  /**
   * Whether `x` is a Program — also one made by another copy of epic-rx loaded beside this one
   * (e.g. a user module loaded through a second module instance), which `instanceof` misses.
   */
  static isProgram(x: unknown): x is Program<readonly unknown[], unknown> {
    return typeof x === 'object' && x !== null && (x as Record<PropertyKey, unknown>)[PROGRAM_BRAND] === true;
  }

  private constructor(
    /** The λ^O term the function translated to. */
    readonly term: Lam,
    /** The host values the term may refer to, by name. */
    readonly hosts: Readonly<Record<string, unknown>>,
    readonly options: ProgramOptions,
    private readonly executable: Executable,
  ) {
    Object.defineProperty(this, PROGRAM_BRAND, { value: true });
  }

  /**
   * A program from a term (e.g. parsed from core syntax). Throws `EpicError` if the term names a
   * host that is not given, and `EpicUnboundNameError` if it has a free variable.
   */
  static fromTerm<A extends readonly unknown[] = unknown[], R = unknown>(
    term: Lam,
    hosts: object,
    options: ProgramOptions = {},
  ): Program<A, R> {
    const table = hostTable(hosts);
    checkHosts(term, table);
    const [free] = freeVars(term);
    if (free !== undefined) throw new EpicUnboundNameError(free, term.loc, ' (the term has a free variable)');
    return Program[TRUSTED]<A, R>(term, table, checkOptions(options));
  }

  /**
   * A program from a term known to be closed and to name only given hosts (the front end's
   * output, which is not checked again). Keyed by a symbol this module does not export, so only
   * `program()` can call it.
   */
  static [TRUSTED]<A extends readonly unknown[], R>(
    term: Lam,
    table: Readonly<Record<string, unknown>>,
    options: ProgramOptions,
  ): Program<A, R> {
    return new Program<A, R>(term, table, options, new Executable(term, new Map(Object.entries(table))));
  }

  /** The program's name. */
  get name(): string {
    return this.options.name ?? this.term.name ?? 'program';
  }

  /** The evaluation strategy. */
  get strategy(): Strategy {
    return this.options.strategy ?? 'opportunistic';
  }

  /** The same program with other options (e.g. `{ strategy: 'sequential' }`). */
  with(options: ProgramOptions): Program<A, R> {
    return new Program<A, R>(this.term, this.hosts, checkOptions({ ...this.options, ...options }), this.executable);
  }

  /** An Observable of the result: emits it once, when the run has finished, then completes. */
  run(...args: Inputs<A>): Observable<R> {
    return observeRun<R>((hooks) => this.start(args, hooks));
  }

  /** The result as a Promise. */
  evaluate(...args: Inputs<A>): Promise<R> {
    return lastValueFrom(this.run(...args));
  }

  /**
   * The result as it fills in: immutable immer snapshots (snapshot.ts) — the result with the
   * parts known so far, a `Pending` marker for each part still pending, a stream's items (or
   * text) so far — with the immer patches from the previous one. At most one per tick of the
   * program's scheduler; the last is `complete` and equal to `evaluate()`'s value. A sequential
   * run fills in too, one host call at a time.
   *
   * @example
   * prog.snapshots(topic).subscribe(({ value, complete }) => render(value, complete));
   */
  snapshots(...args: Inputs<A>): Observable<Snapshot<R>> {
    return this.watch(...args).pipe(
      filter((e): e is SnapshotEvent => e.type === 'snapshot'),
      map(({ value, patches, complete }) => ({ value, patches, complete }) as Snapshot<R>),
    );
  }

  /**
   * One run observed whole: its events (as `events`), its snapshots (as `snapshots`, as
   * `snapshot` events), then the `result` event. A `resolved` event also says where the call's
   * value lands in the result (`paths`), when it appears there itself. For a page that shows
   * the result filling in beside a timeline of the calls.
   */
  watch(...args: Inputs<A>): Observable<WatchEvent<R>> {
    return observeRun<WatchEvent<R>>(
      (hooks) => this.start(args, hooks),
      (subscriber) => {
        const scheduler = this.options.scheduler ?? asyncScheduler;
        const now = this.clock();
        const start = now();
        const emit = (s: Snapshot): void => subscriber.next({ type: 'snapshot', ...s, time: now() - start });
        let tracker: SnapshotTracker | undefined;
        return {
          onEvent: (event) => {
            const paths = event.type === 'resolved' ? tracker?.pathsOf(event.id) : undefined;
            subscriber.next((paths ? { ...event, paths } : event) as WatchEvent<R>);
          },
          onValue: (value, run) => {
            tracker = new SnapshotTracker(run, scheduler, emit);
            tracker.start(value);
          },
          onResult: (value) => {
            if (!tracker) {
              tracker = new SnapshotTracker(undefined, scheduler, emit);
              tracker.start(value);
            }
            tracker.finish();
            subscriber.next({ type: 'result', value: value as R, time: now() - start });
            subscriber.complete();
          },
          teardown: () => tracker?.stop(),
        };
      },
    );
  }

  /** The run's host-call events as they happen, then a final `result` event (events.ts). */
  events(...args: Inputs<A>): Observable<RunEvent<R>> {
    return this[EVENTS_AROUND](args, undefined);
  }

  /** `events`, with each host call run through `aroundHost` (see `EVENTS_AROUND`). */
  [EVENTS_AROUND](args: Inputs<A>, aroundHost: AroundHost | undefined): Observable<RunEvent<R>> {
    return observeRun<RunEvent<R>>(
      (hooks) => this.start(args, aroundHost ? { ...hooks, aroundHost } : hooks),
      (subscriber) => {
        const now = this.clock();
        const start = now();
        return {
          onEvent: (event) => subscriber.next(event as RunEvent<R>),
          onResult: (value) => {
            subscriber.next({ type: 'result', value: value as R, time: now() - start });
            subscriber.complete();
          },
        };
      },
    );
  }

  /** Starts one run with the program's clock, scheduler and step budget; returns its teardown. */
  private start(args: readonly unknown[], hooks: RunHooks): () => void {
    const { scheduler, maxSteps } = this.options;
    return this.executable.start(args, this.strategy, { ...hooks, now: this.clock(), scheduler, maxSteps });
  }

  private clock(): () => number {
    const scheduler = this.options.scheduler ?? asyncScheduler;
    return () => scheduler.now();
  }
}

/**
 * Translates `fn` (a synchronous-looking function that calls the functions in `hosts`) into a
 * program. Throws `EpicSyntaxError` for unsupported constructs and `EpicUnboundNameError` for
 * names that are neither parameters, locals, hosts nor known globals — before anything runs.
 *
 * Gotcha: the source comes from `fn.toString()`, i.e. what the TypeScript loader produced; error
 * locations refer to it, and name where the program was defined.
 */
export function program<F extends (...args: any[]) => any>(
  hosts: object,
  fn: F,
  options: ProgramOptions = {},
): Program<Parameters<F>, Awaited<ReturnType<F>>> {
  if (typeof fn !== 'function') throw new EpicError(`program() expects a function, got ${typeof fn}`);
  const table = hostTable(hosts);
  const name = options.name ?? (fn.name || 'program');
  const text = fn.toString();
  const site = definitionSite();
  const original = site && readOriginal(text, site);
  const term = translateFunction(text, {
    name,
    hosts: new Set(Object.keys(table)),
    ...(site ? { origin: `${site.display}:${site.line}` } : {}),
    ...(original ? { original } : {}),
  });
  return Program[TRUSTED](term, table, checkOptions({ ...options, name }));
}

/** The own enumerable properties of a host object, as a plain record (checked). */
function hostTable(hosts: object): Readonly<Record<string, unknown>> {
  if (typeof hosts !== 'object' || hosts === null || Array.isArray(hosts)) {
    throw new EpicError(
      `program() expects an object of host values, got ${Array.isArray(hosts) ? 'an array' : String(hosts)}`,
    );
  }
  return Object.freeze({ ...(hosts as Record<string, unknown>) });
}

/** Throws `EpicError` for a bad option value. */
function checkOptions(options: ProgramOptions): ProgramOptions {
  const { strategy, maxSteps, scheduler } = options;
  if (strategy !== undefined && strategy !== 'opportunistic' && strategy !== 'sequential') {
    throw new EpicError(`program(): strategy must be 'opportunistic' or 'sequential', got ${JSON.stringify(strategy)}`);
  }
  if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps > 0)) {
    throw new EpicError(`program(): maxSteps must be a positive integer, got ${String(maxSteps)}`);
  }
  if (scheduler !== undefined && (typeof scheduler?.schedule !== 'function' || typeof scheduler.now !== 'function')) {
    throw new EpicError('program(): scheduler must be an RxJS SchedulerLike (with now() and schedule())');
  }
  return options;
}

/**
 * Throws `EpicError` naming the hosts `term` refers to that `hosts` lacks. Iterative, and pushes
 * children one by one (spreading a 200,000-argument call into `push` would overflow the stack).
 */
function checkHosts(term: Term, hosts: Readonly<Record<string, unknown>>): void {
  const missing = new Set<string>();
  const stack: Term[] = [term];
  for (let t = stack.pop(); t; t = stack.pop()) {
    if (t.kind === 'Host' && !Object.hasOwn(hosts, t.name)) missing.add(t.name);
    for (const child of children(t)) stack.push(child);
  }
  if (missing.size)
    throw new EpicError(`The program refers to host values that were not given: ${[...missing].join(', ')}`);
}
