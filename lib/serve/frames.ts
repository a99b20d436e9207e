/**
 * A run as server-sent events (SSE): the frames `toEventStream` and `writeEventStream` send.
 *
 * Wire format, one frame per event (`event: NAME`, one `data:` line of JSON, a blank line):
 * - `snapshot` `{ value, complete, time? }`: the result so far (pending parts are
 *   `{"$pending":true}`); always the first frame carrying the result (a run's first
 *   `dispatched` events may come before it: `watch` takes its first snapshot a tick after the
 *   run starts dispatching);
 * - `patch` `{ patches, complete, time? }`: immer patches from the previous result frame; apply
 *   them with immer's `applyPatches` (paths are arrays of keys and indexes);
 * - `dispatched`, `resolved`, `failed`, `input`, … : the run's events as `Program.watch` gives
 *   them (a `resolved` event without its `value`: the value reaches the page through the
 *   patches; `summary` and `paths` stay), and any other `{ type, … }` object in the source (e.g.
 *   a `batched` event, or an event of your own) under its `type`;
 * - last, `done` `{ time? }` when the run completed, or `error` `{ name, message }` when it failed.
 *
 * Gotcha for `EventSource` pages: the browser fires its own `error` event when the connection
 * drops, and reconnects (starting a new run) unless the page calls `close()`; a frame's `error`
 * event has `data`, the browser's has none. Close the EventSource on `done` and on `error`.
 */
import { Observable } from 'rxjs';
import { EpicError } from '../errors.js';
import type { WatchEvent } from '../runtime/events.js';
import type { Snapshot } from '../runtime/snapshot.js';

/**
 * What a run can be served from: `prog.watch(…)`, `prog.snapshots(…)`, `prog.events(…)`, or any of
 * them merged with events of your own (`{ type, … }` objects).
 */
export type ServableEvent = WatchEvent | Snapshot | { readonly type: string };

/** The response headers of an event stream. */
export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
});

const EVENT_NAME = /^[A-Za-z][\w.-]*$/;

/** One SSE frame: `event: NAME`, `data: JSON`, blank line. Throws `EpicError` for a name SSE cannot carry. */
export function sseFrame(name: string, data: unknown): string {
  if (!EVENT_NAME.test(name)) {
    throw new EpicError(
      `An event stream event needs a type of letters, digits, '_', '-' or '.', ` +
        `starting with a letter; got ${JSON.stringify(name)}`,
    );
  }
  return `event: ${name}\ndata: ${JSON.stringify(data ?? null)}\n\n`;
}

/**
 * The SSE frames of a run (see the module comment), as an Observable of strings: subscribing
 * starts the run, unsubscribing stops it (its host calls' AbortSignals fire). Never errors: a
 * failed run ends with an `error` frame.
 *
 * @example
 * sseFrames(prog.watch(10)).subscribe((frame) => res.write(frame));
 */
export function sseFrames(source: Observable<ServableEvent>): Observable<string> {
  return new Observable<string>((subscriber) => {
    let sentResult = false;
    let lastTime: number | undefined;
    const snapshot = (s: { value: unknown; patches: readonly unknown[]; complete: boolean; time?: number }): string => {
      const time = s.time === undefined ? {} : { time: s.time };
      const frame = sentResult
        ? sseFrame('patch', { patches: s.patches, complete: s.complete, ...time })
        : sseFrame('snapshot', { value: s.value, complete: s.complete, ...time });
      sentResult = true;
      return frame;
    };
    const frameOf = (e: ServableEvent): string | undefined => {
      if (!('type' in e)) return snapshot(e);
      if ('time' in e && typeof e.time === 'number') lastTime = e.time;
      switch (e.type) {
        case 'snapshot':
          return snapshot(e as Extract<WatchEvent, { type: 'snapshot' }>);
        // the value reaches the page as a snapshot; a run without snapshots (`events()`) sends it here
        case 'result': {
          const { value } = e as { value: unknown };
          return sentResult ? undefined : snapshot({ value, patches: [], complete: true });
        }
        case 'resolved': {
          const { value: _value, ...rest } = e as Extract<WatchEvent, { type: 'resolved' }>;
          return sseFrame('resolved', rest);
        }
        default:
          return sseFrame(e.type, e);
      }
    };
    const failed = (error: unknown): void => {
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      subscriber.next(sseFrame('error', { name, message }));
      subscriber.complete();
    };
    return source.subscribe({
      next: (e) => {
        let frame: string | undefined;
        try {
          frame = frameOf(e);
        } catch (error) {
          return failed(error);
        }
        if (frame !== undefined) subscriber.next(frame);
      },
      error: failed,
      complete: () => {
        subscriber.next(sseFrame('done', lastTime === undefined ? {} : { time: lastTime }));
        subscriber.complete();
      },
    });
  });
}
