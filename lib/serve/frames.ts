/**
 * A run as server-sent events (SSE): the frames `toEventStream` and `writeEventStream` send.
 *
 * Wire format, one frame per event (`event: NAME`, one `data:` line of JSON, a blank line):
 * - `snapshot` `{ value, complete, time? }`: the result so far (pending parts are
 *   `{"$pending":true}`); always the first frame carrying the result (a run's first
 *   `dispatched` events may come before it: `watch` takes its first snapshot a tick after the
 *   run starts dispatching), and again later, replacing the result, after a client that read
 *   too slowly missed patches (pacer.ts);
 * - `patch` `{ patches, appends?, complete, time? }`: the changes from the previous result frame:
 *   immer patches (paths are arrays of keys and indexes), then `appends`, `{ path, text }`: the
 *   characters a text still arriving grew by (text-appends.ts; without them a long streamed reply
 *   would resend its whole text in every frame). `applyPatchFrame(state, data)` applies both; by
 *   hand: immer's `applyPatches` for `patches`, then append each `text` to the string at `path`;
 * - `dispatched`, `resolved`, `failed`, `input`, … : the run's events as `Program.watch` gives
 *   them (a `resolved` event without its `value`: the value reaches the page through the
 *   patches; `summary` and `paths` stay), and any other `{ type, … }` object in the source (e.g.
 *   a `batched` event, or an event of your own) under its `type`;
 * - `dropped` `{ events }`: that many event frames were left out for a client reading too slowly
 *   (pacer.ts); result frames are never left out, only merged into a `snapshot`;
 * - `: keep-alive` comment lines (heartbeats, every 15 s by default), which `EventSource` ignores;
 * - last, `done` `{ time? }` when the run completed, or `error` `{ name, message }` when it failed.
 *
 * Gotcha for `EventSource` pages: the browser fires its own `error` event when the connection
 * drops, and reconnects (starting a new run) unless the page calls `close()`; a frame's `error`
 * event has `data`, the browser's has none. Close the EventSource on `done` and on `error`.
 */
import type { Patch } from 'immer';
import { EpicError } from '../errors.js';
import type { WatchEvent } from '../runtime/events.js';
import type { Snapshot } from '../runtime/snapshot.js';
import { splitTextAppends } from './text-appends.js';

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

/** A result frame's content: the whole value, and the patches from the previous one. */
export interface ResultState {
  readonly value: unknown;
  readonly patches: readonly Patch[];
  readonly complete: boolean;
  readonly time?: number | undefined;
}

/** What one event of a run becomes: a result to send (as a snapshot or a patch), or a ready frame. */
export type Framed = { readonly result: ResultState } | { readonly frame: string };

/** Turns a run's events into frames, in order (see the module comment). */
export class Framer {
  private sentResult = false;
  /** The result as the client holds it after the last result frame (immutable, so kept by reference). */
  private sentValue: unknown = undefined;
  private lastTime: number | undefined;

  /** What `e` becomes, or undefined for nothing. Throws `EpicError` for a type SSE cannot carry. */
  frameOf(e: ServableEvent): Framed | undefined {
    if (!('type' in e)) return { result: e };
    if ('time' in e && typeof e.time === 'number') this.lastTime = e.time;
    switch (e.type) {
      case 'snapshot':
        return { result: e as Extract<WatchEvent, { type: 'snapshot' }> };
      // the value reaches the page as a snapshot; a run without snapshots (`events()`) sends it here
      case 'result': {
        const { value } = e as { value: unknown };
        return this.sentResult ? undefined : { result: { value, patches: [], complete: true } };
      }
      case 'resolved': {
        const { value: _value, ...rest } = e as Extract<WatchEvent, { type: 'resolved' }>;
        return { frame: sseFrame('resolved', rest) };
      }
      default:
        return { frame: sseFrame(e.type, e) };
    }
  }

  /** The frame of a result: a `snapshot` the first time or when `whole`, else a `patch` from the previous one. */
  result(s: ResultState, whole = false): string {
    const time = s.time === undefined ? {} : { time: s.time };
    let frame: string;
    if (this.sentResult && !whole) {
      const { patches, appends } = splitTextAppends(this.sentValue, s.patches);
      frame = sseFrame('patch', {
        patches,
        ...(appends.length > 0 ? { appends } : {}),
        complete: s.complete,
        ...time,
      });
    } else frame = sseFrame('snapshot', { value: s.value, complete: s.complete, ...time });
    this.sentResult = true;
    this.sentValue = s.value;
    return frame;
  }

  /** The `done` frame, with the time of the run's last event. */
  done(): string {
    return sseFrame('done', this.lastTime === undefined ? {} : { time: this.lastTime });
  }
}

/** The `error` frame of a failed run. */
export function errorFrame(error: unknown): string {
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  return sseFrame('error', { name, message });
}
