/**
 * Timing one run of the cities program: its time to first output (the first answer printed) and
 * its total time, with its answers. Shared by the demo (demo.ts), the benchmark (bench/cities.ts)
 * and the tests.
 *
 * - An opportunistic run is watched through `prog.snapshots()`: answer i is printed once it and
 *   every answer before it are no longer pending, so the answers come out in order, each as soon
 *   as it can. Its first output is the first answer printed; its total, the complete snapshot.
 * - A sequential run has no partial result (its only snapshot is the complete one), so it is
 *   timed from `prog.events()`: its first output is when its first follow-up (`chat`) call
 *   resolved — when a sequential script printing as it goes would print — and its total is the
 *   time of the result event.
 * Times are milliseconds of wall time since the run was subscribed.
 */
import { lastValueFrom, tap } from 'rxjs';
import { isPending } from '../../lib/index.js';
import type { CitiesProgram, CitiesSession } from './program.js';

/** How long one run took to its first output and to its end, and what it answered. */
export interface Timing {
  /** Ms from the start to the first answer printed. */
  readonly firstMs: number;
  /** Ms from the start to the complete result. */
  readonly totalMs: number;
  readonly answers: readonly string[];
}

/** Called with each answer once it and all before it are there: its index, text and time (ms). */
export type OnAnswer = (index: number, answer: string, ms: number) => void;

/**
 * Runs `prog(n)` (opportunistic) and prints through `onAnswer` in order as answers become ready
 * (see the file comment); resolves with its timing.
 *
 * @example
 * const t = await runWatched(session.streamed, 10, (i, a, ms) => console.log(`${ms} ms: ${i + 1}. ${a}`));
 */
export async function runWatched(
  prog: CitiesProgram,
  n: number,
  onAnswer: OnAnswer = () => undefined,
): Promise<Timing> {
  const start = performance.now();
  let firstMs = NaN;
  let printed = 0;
  const last = await lastValueFrom(
    prog.snapshots(n).pipe(
      tap(({ value }) => {
        if (!Array.isArray(value)) return; // the list itself is still pending
        const at = performance.now() - start;
        for (; printed < value.length && !isPending(value[printed]); printed++) {
          if (printed === 0) firstMs = at;
          onAnswer(printed, value[printed] as string, at);
        }
      }),
    ),
  );
  if (!last.complete || printed !== (last.value as readonly unknown[]).length)
    throw new Error(`${prog.name}: the last snapshot left answers unprinted`);
  return { firstMs, totalMs: performance.now() - start, answers: last.value as readonly string[] };
}

/**
 * Runs `prog(n)` sequentially (one call at a time) and times it from its events (see the file
 * comment). The first output is NaN if no follow-up was made (n = 0).
 *
 * @example
 * const t = await runSequential(session.streamed, 10); // t.firstMs: when the first follow-up resolved
 */
export async function runSequential(prog: CitiesProgram, n: number): Promise<Timing> {
  let firstMs = NaN;
  const events = prog
    .with({ strategy: 'sequential' })
    .events(n)
    .pipe(
      tap((event) => {
        if (event.type === 'resolved' && event.host === 'chat' && Number.isNaN(firstMs)) firstMs = event.time;
      }),
    );
  const result = await lastValueFrom(events);
  if (result.type !== 'result') throw new Error(`${prog.name}: the run ended without a result event`);
  return { firstMs, totalMs: result.time, answers: result.value };
}

/** The three ways of the demo and the benchmark, by name. */
export interface Ways {
  /** `chatStream` list, opportunistic. */
  readonly streaming: Timing;
  /** `chat` list, opportunistic. */
  readonly nonStreaming: Timing;
  /** One call at a time (the streaming program; a sequential run reads the stream whole). */
  readonly sequential: Timing;
}

/** Runs the three ways one after the other; `onAnswer` hears the streaming run's answers. */
export async function runThreeWays(session: CitiesSession, n: number, onAnswer?: OnAnswer): Promise<Ways> {
  const streaming = await runWatched(session.streamed, n, onAnswer);
  const nonStreaming = await runWatched(session.unstreamed, n);
  const sequential = await runSequential(session.streamed, n);
  return { streaming, nonStreaming, sequential };
}

/** Whether every timing has the same answers. */
export function sameAnswers(timings: readonly Timing[]): boolean {
  const [first, ...rest] = timings;
  return rest.every(
    (t) => t.answers.length === first!.answers.length && t.answers.every((a, i) => a === first!.answers[i]),
  );
}
