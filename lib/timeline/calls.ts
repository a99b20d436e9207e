/**
 * A run's host calls as intervals, read from its events (`Program.events`, `Program.watch`, or
 * the events of a `--trace` file): when each call was dispatched and settled, how, and which
 * external request carried it (`batched` events).
 */
import type { CallSite } from '../runtime/events.js';

/** The events a timeline reads; any other event (snapshots, inputs) is ignored. */
export type TimelineEvent =
  | {
      readonly type: 'dispatched';
      readonly id: number;
      readonly host: string;
      readonly site: CallSite | undefined;
      readonly time: number;
    }
  | { readonly type: 'resolved' | 'failed'; readonly id: number; readonly time: number }
  | {
      readonly type: 'batched';
      readonly id: number;
      readonly request: string | number;
      readonly size: number;
      readonly time: number;
    }
  | { readonly type: 'result' | 'input' | 'snapshot'; readonly time: number };

/** One host call as an interval of the run's time (ms since the run started). */
export interface CallBar {
  readonly id: number;
  readonly host: string;
  readonly site: CallSite | undefined;
  readonly start: number;
  /** When it settled; for a call still pending when the events end, the run's end. */
  readonly end: number;
  readonly status: 'resolved' | 'failed' | 'pending';
  /** The external request that carried it (the last one reported), if any. */
  readonly request: { readonly id: string | number; readonly size: number; readonly time: number } | undefined;
}

/** A run's calls, in dispatch order, and when the run ended. */
export interface RunCalls {
  readonly calls: readonly CallBar[];
  /** The time of the `result` event, else of the last event (ms). */
  readonly end: number;
  /** Whether the events include the run's result. */
  readonly finished: boolean;
}

interface OpenBar {
  id: number;
  host: string;
  site: CallSite | undefined;
  start: number;
  end: number | undefined;
  status: CallBar['status'];
  request?: CallBar['request'];
}

/**
 * The calls of one run's events. Throws a `TypeError` naming the event when an event is not an
 * object with a `type` string and a numeric `time`.
 *
 * @example
 * const { calls, end } = runCalls(await lastValueFrom(prog.events(x).pipe(toArray())));
 */
export function runCalls(events: Iterable<TimelineEvent>): RunCalls {
  const bars = new Map<number, OpenBar>();
  let end = 0;
  let finished = false;
  let index = 0;
  for (const event of events) {
    if (!isEvent(event)) {
      const shown = JSON.stringify(event) ?? String(event);
      throw new TypeError(
        `timeline: event ${index} is not a run event (an object with a "type" ` + `and a numeric "time"): ${shown}`,
      );
    }
    index += 1;
    end = Math.max(end, event.time);
    switch (event.type) {
      case 'dispatched': {
        const { id, host, site, time: start } = event;
        bars.set(id, { id, host, site, start, end: undefined, status: 'pending' });
        break;
      }
      case 'resolved':
      case 'failed': {
        const bar = bars.get(event.id);
        if (bar) Object.assign(bar, { end: event.time, status: event.type });
        break;
      }
      case 'batched': {
        const bar = bars.get(event.id);
        if (bar) bar.request = { id: event.request, size: event.size, time: event.time };
        break;
      }
      case 'result':
        finished = true;
        break;
      default:
        break;
    }
  }
  const calls = [...bars.values()]
    .map((bar): CallBar => ({ ...bar, end: bar.end ?? end, request: bar.request }))
    .sort((a, b) => a.start - b.start || a.id - b.id);
  return { calls, end, finished };
}

function isEvent(event: unknown): event is TimelineEvent {
  if (typeof event !== 'object' || event === null) return false;
  const { type, time } = event as { type?: unknown; time?: unknown };
  return typeof type === 'string' && typeof time === 'number';
}
