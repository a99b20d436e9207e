/**
 * `runBatch(prog, items, options)`: runs a program once per item, up to `concurrency` runs at
 * once in this process. The runs share the program's hosts — for LLM hosts, one endpoint — so
 * calls of concurrent runs are batched together as calls of one run are. Each run's host calls
 * go through the call journal (journal.ts), so a retried or resumed item replays the calls it
 * already made. A 429 with Retry-After holds every run's requests, not only the refused one: the
 * Llm pauses all its requests (lib/llm/rate-limited.ts), and a rate gate, if given, pauses too —
 * for the 429s of this batch's runs only (rate-limit-scope.ts).
 */
import { defer, finalize, from, map, mergeMap, Observable, catchError, of } from 'rxjs';
import { EpicError } from '../errors.js';
import { Program } from '../program.js';
import { CallTally, journaledHosts } from './journaled-hosts.js';
import { itemKey, NO_JOURNAL, type CallJournal } from './journal.js';
import type { CallGate } from './rate-gate.js';
import { pauseOnRateLimit, type RateLimitScope } from './rate-limit-scope.js';
import type { BatchItem } from './read-items.js';

/** What became of one item: its value or its error (one line, located), its calls and time. */
export type BatchResult = BatchValue | BatchFailure;

interface BatchResultBase {
  /** The item's index in the input. */
  readonly index: number;
  /** Host calls sent for it in this attempt. */
  readonly calls: number;
  /** Host calls answered from the journal. */
  readonly replayed: number;
  /** Wall time of its run, in ms. */
  readonly ms: number;
}

/** An item whose run returned a value. */
export interface BatchValue extends BatchResultBase {
  readonly value: unknown;
}

/** An item whose run failed: `error` is `Name: message`, with the program location a located error carries. */
export interface BatchFailure extends BatchResultBase {
  readonly error: string;
}

/** Options of `runBatch`. */
export interface BatchOptions {
  /** Runs at once (default 8). */
  readonly concurrency?: number;
  /** Where host-call results are recorded and replayed from (default: none). */
  readonly journal?: CallJournal;
  /** Counted across the whole batch while it runs (calls in flight, made, replayed): for progress. */
  readonly tally?: CallTally;
  /**
   * A rate limit on the calls sent (rate-gate.ts). While the batch runs, a 429 with Retry-After
   * that a request of its runs meets pauses it (`pauseOnRateLimit`); other 429s of the process
   * do not.
   */
  readonly gate?: CallGate;
}

/** A program as runBatch needs it: its term, hosts and options (a `Program` of any epic-rx copy). */
type AnyProgram = Pick<Program<readonly unknown[], unknown>, 'term' | 'hosts' | 'options'>;

/**
 * An Observable of the items' results, in the order they finish. Subscribing starts the runs;
 * unsubscribing stops them (their host calls are aborted) and starts no more. A failing item is
 * a `BatchFailure` result, not an error of the Observable; a failure to record to the journal
 * fails that item. Throws `EpicError` for a bad `concurrency`.
 *
 * @example
 * const items = inputs.map((args, index) => ({ index, args }));
 * runBatch(summarise, items, { concurrency: 50 })
 *   .subscribe((r) => console.log(r.index, 'value' in r ? r.value : r.error));
 */
export function runBatch(
  prog: AnyProgram,
  items: Iterable<BatchItem>,
  options: BatchOptions = {},
): Observable<BatchResult> {
  const { concurrency = 8, journal = NO_JOURNAL } = options;
  if (!(Number.isInteger(concurrency) && concurrency > 0)) {
    throw new EpicError(`runBatch(): concurrency must be a positive integer, got ${String(concurrency)}`);
  }
  const { gate } = options;
  return defer(() => {
    const scope = gate ? pauseOnRateLimit(gate) : undefined;
    return from(items).pipe(
      mergeMap((item) => within(scope, runItem(prog, item, { ...options, journal })), concurrency),
      finalize(() => scope?.stop()),
    );
  });
}

/** `run$`, subscribed within `scope` (so what it starts is the scope's), or as it is without one. */
function within<T>(scope: RateLimitScope | undefined, run$: Observable<T>): Observable<T> {
  return scope ? new Observable<T>((subscriber) => scope.within(() => run$.subscribe(subscriber))) : run$;
}

/** One item's run, with its hosts journaled (and gated); emits its result once. */
export function runItem(
  prog: AnyProgram,
  item: BatchItem,
  options: Omit<BatchOptions, 'concurrency'> = {},
): Observable<BatchResult> {
  const { journal = NO_JOURNAL, tally, gate } = options;
  return defer(() => {
    const start = performance.now();
    const own = new CallTally();
    const done = <T>(r: T): T & BatchResultBase => ({
      index: item.index,
      ...r,
      calls: own.made,
      replayed: own.replayed,
      ms: Math.round(performance.now() - start),
    });
    const key = itemKey(item);
    let recordError: unknown;
    return from(journal.load(key)).pipe(
      mergeMap((recorded) => {
        const hosts = journaledHosts(prog.hosts, {
          recorded,
          record: (call, json) => journal.record(key, call, json),
          onError: (error) => (recordError ??= error),
          tallies: tally ? [tally, own] : [own],
          gate,
        });
        return Program.fromTerm(prog.term, hosts, prog.options).run(...item.args);
      }),
      map((value): BatchResult => {
        if (recordError !== undefined)
          return done({ error: `the call journal could not be written: ${describe(recordError)}` });
        return done({ value });
      }),
      catchError((error: unknown) => of(done({ error: describe(error) }))),
    );
  });
}

/** `Name: message` of an error (an EpicRuntimeError's message carries its program location). */
export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : `Error: ${String(error)}`;
}
