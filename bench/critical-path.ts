/**
 * The critical-path bound of a run, computed from its trace: the time the same program would take
 * if every host call took exactly as long as it did in the run and the runtime itself took no
 * time at all — the longest chain of dependent call latencies.
 *
 * How: `CallRecorder.wrap(hosts)` wraps a program's host functions so that a run records, for
 * each call, its host, its arguments (as JSON), its value and its latency at the host boundary —
 * from the moment the runtime called the host to the moment the host produced its value (for a
 * stream, the time of each chunk too). Then `replayMakespan` runs the same program again under
 * RxJS virtual time (`TestScheduler`, `prog.with({ scheduler })`), its hosts replaced by ones
 * that answer call i of a given host and arguments with the i-th recorded value after exactly
 * the i-th recorded latency (a stream: its chunks at their recorded offsets). Virtual time only
 * moves on timers, so the runtime's own work costs nothing there, and the virtual makespan is
 * the longest chain of recorded latencies through the program's real dependencies.
 *
 * Gotchas. Latencies include what the run met on the way: the simulator's slot queue and the
 * batching of concurrent `complete` calls, so the bound is the bound of that schedule. They are
 * read in the same process: the values of one reply handed out one after another are all timed
 * at the first (`arrival`), so work a caller does between them is not counted as latency, but
 * time the event loop spends elsewhere between a call and its request leaving, or before a reply
 * is read at all, still is. So the bound can be generous to the runtime when the runtime's own
 * CPU work delays requests; a hand-written run can then beat it (ToT here: hand-written
 * Promise.all at about 0.97× the bound of the epic run beside it), which is why "opportunistic ÷
 * hand-written parallel" is reported beside it. Calls with equal host and arguments are matched
 * in call order; when two such calls took different times and the replay asks them in another
 * order, the bound shifts by that difference (the cases here make no such calls, or make them
 * with equal values).
 */
import { concat, concatMap, from, ignoreElements, isObservable, map, tap, timer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { asStream, type Program, type StreamKind } from '../lib/index.js';

/** One recorded host call. */
export interface RecordedCall {
  readonly host: string;
  /** ms from the call to the value. */
  latencyMs: number;
  value: unknown;
  /** A stream result's chunks (or items) with their ms since the call, and its kind. */
  readonly stream?: {
    readonly kind: StreamKind;
    readonly chunks: Array<{ readonly atMs: number; readonly chunk: unknown }>;
  };
}

type HostFn = (...args: any[]) => any;

/** `asStream`'s mark (lib/runtime/stream-source.ts): a registered symbol, so it can be read here. */
const STREAM_MARK = Symbol.for('epic-rx.stream-source');

interface MarkedStream {
  readonly kind: StreamKind;
  readonly source: Observable<unknown>;
}

const isMarkedStream = (x: unknown): x is MarkedStream =>
  typeof x === 'object' && x !== null && (x as Record<PropertyKey, unknown>)[STREAM_MARK] === true;

const keyOf = (host: string, args: readonly unknown[]): string => `${host}\u0000${JSON.stringify(args)}`;

/** Records the calls of runs through wrapped hosts (see the file comment). */
export class CallRecorder {
  /** Calls by host and arguments, in call order. */
  readonly calls = new Map<string, RecordedCall[]>();
  count = 0;

  /** When the values delivered in the current synchronous burst began to arrive (see `arrival`). */
  private burst: number | undefined;

  /**
   * `now` is the clock latencies are read from (ms): `performance.now` unless a test passes virtual time; then pass
   * `{ bursts: false }` too, since a virtual clock advances within one synchronous flush and costs nothing between
   * deliveries.
   */
  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly options: { readonly bursts: boolean } = { bursts: true },
  ) {}

  /**
   * The arrival time of a value: the time the first value of the current synchronous burst arrived. The values of
   * one reply (a batch) are handed to their callers one after another, and a caller may do work in between (the
   * runtime reacting to the first value); that work is not the later values' latency.
   */
  private arrival(): number {
    if (!this.options.bursts) return this.now();
    if (this.burst === undefined) {
      this.burst = this.now();
      queueMicrotask(() => {
        this.burst = undefined;
      });
    }
    return this.burst;
  }

  /**
   * `hosts` with every function wrapped to record its calls.
   *
   * Gotcha: a host made by `external(fn, options)` carries its options on the function, and the
   * wrapper does not: wrap only hosts without options (every host of the cases is).
   */
  wrap<H extends object>(hosts: H): H {
    return Object.fromEntries(Object.entries(hosts).map(([name, fn]) => [name, this.wrapOne(name, fn as HostFn)])) as H;
  }

  private wrapOne(host: string, fn: HostFn): HostFn {
    const recorder = this;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const start = recorder.now();
      const since = (): number => recorder.arrival() - start;
      const call: RecordedCall = { host, latencyMs: 0, value: undefined };
      const key = keyOf(host, args);
      recorder.calls.set(key, [...(recorder.calls.get(key) ?? []), call]);
      recorder.count++;
      const out: unknown = fn.apply(this, args);
      if (isMarkedStream(out)) {
        const stream = { kind: out.kind, chunks: [] as Array<{ atMs: number; chunk: unknown }> };
        const recorded: RecordedCall = Object.assign(call, { stream });
        const source = out.source.pipe(
          tap({
            next: (chunk) => stream.chunks.push({ atMs: since(), chunk }),
            complete: () => {
              recorded.latencyMs = since();
            },
          }),
        );
        return out.kind === 'text' ? asStream(source as Observable<string>, 'text') : asStream(source);
      }
      const settle = (value: unknown): unknown => {
        call.value = value;
        call.latencyMs = since();
        return value;
      };
      if (isObservable(out)) return out.pipe(tap({ next: settle }));
      if (typeof (out as PromiseLike<unknown> | undefined)?.then === 'function')
        return Promise.resolve(out).then(settle);
      return settle(out);
    };
    Object.defineProperty(wrapped, 'name', { value: fn.name || host });
    return wrapped;
  }

  /** Hosts that answer from the recording in virtual time (see the file comment). */
  replayHosts(names: readonly string[]): Record<string, HostFn> {
    const used = new Map<string, number>();
    const answer =
      (host: string) =>
      (...args: unknown[]): unknown => {
        const key = keyOf(host, args);
        const i = used.get(key) ?? 0;
        used.set(key, i + 1);
        const call = this.calls.get(key)?.[i];
        if (!call)
          throw new Error(
            `critical path: the replay called ${host}(${JSON.stringify(args).slice(0, 80)}) ` +
              `more often than the recorded run (${i + 1} times)`,
          );
        if (call.stream) return replayStream(call, call.stream);
        return call.latencyMs === 0 ? call.value : timer(call.latencyMs).pipe(map(() => call.value));
      };
    return Object.fromEntries(names.map((name) => [name, answer(name)]));
  }
}

/** A recorded stream, its chunks at their recorded offsets, completing at the recorded end. */
function replayStream(call: RecordedCall, stream: NonNullable<RecordedCall['stream']>): unknown {
  const gaps = stream.chunks.map((c, i) => ({
    chunk: c.chunk,
    waitMs: c.atMs - (i === 0 ? 0 : stream.chunks[i - 1]!.atMs),
  }));
  const lastAt = stream.chunks.at(-1)?.atMs ?? 0;
  const chunks$ = from(gaps).pipe(concatMap(({ chunk, waitMs }) => timer(waitMs).pipe(map(() => chunk))));
  const source = concat(chunks$, timer(Math.max(0, call.latencyMs - lastAt)).pipe(ignoreElements()));
  return stream.kind === 'text' ? asStream(source as Observable<string>, 'text') : asStream(source);
}

/** What `replayMakespan` found. */
export interface Replay {
  /** Virtual ms to the result: the critical-path bound. */
  readonly makespanMs: number;
  readonly value: unknown;
}

/**
 * Runs `build(replayHosts)` on `args` in virtual time with the recorder's latencies; resolves
 * its makespan and value (see the file comment).
 *
 * @example
 * const recorder = new CallRecorder();
 * await build(recorder.wrap(hosts)).evaluate(...args);            // the measured run
 * const { makespanMs } = replayMakespan(recorder, Object.keys(hosts), build, args);
 */
export function replayMakespan<A extends unknown[]>(
  recorder: CallRecorder,
  names: readonly string[],
  build: (hosts: Record<string, HostFn>) => Program<A, unknown>,
  args: A,
): Replay {
  const scheduler = new TestScheduler(() => true);
  let out: Replay | undefined;
  let failure: unknown;
  scheduler.run(({ flush }) => {
    build(recorder.replayHosts(names))
      .with({ scheduler })
      .run(...args)
      .subscribe({
        next: (value) => {
          out = { makespanMs: scheduler.now(), value };
        },
        error: (error: unknown) => {
          failure = error;
        },
      });
    flush();
  });
  if (failure !== undefined) throw failure;
  if (!out) throw new Error('critical path: the replay did not finish');
  return out;
}
