/**
 * What a run reports while it works: one event per host-call transition, and the result.
 * Traces, progress lines and pictures are built from this stream (see `Program.events`).
 *
 * Times are milliseconds since the run started, read from the run's clock (RxJS
 * `asyncScheduler.now()` by default, so virtual time under `TestScheduler.run`).
 * Argument and value summaries are short, truncated JSON; API keys never appear in them
 * because host functions receive keys through their own configuration, not as arguments.
 */
import type { Patch } from 'immer';
import { originalLoc, type Loc } from '../locations.js';

/**
 * Where a host call is written: in `file` (the file the person wrote) when the location maps
 * back to it, else in the program's parsed text.
 */
export interface CallSite {
  readonly program: string;
  readonly file?: string;
  readonly line: number;
  readonly column: number;
}

/** A host call was dispatched: its function and all its arguments were fully resolved. */
export interface DispatchedEvent {
  readonly type: 'dispatched';
  readonly id: number;
  readonly host: string;
  readonly site: CallSite | undefined;
  readonly args: string;
  readonly time: number;
}

/** A host call produced its value (a streaming call: its whole value, when the stream completed). */
export interface ResolvedEvent {
  readonly type: 'resolved';
  readonly id: number;
  readonly host: string;
  /** The value itself (shared with the run: do not mutate it). */
  readonly value: unknown;
  /** A short one-line rendering of the value. */
  readonly summary: string;
  /**
   * Where the value lands in the run's result (paths of keys and indexes), when the run's result
   * is watched (`Program.watch`) and the value itself appears there; absent otherwise (e.g. when
   * the result holds only something computed from it).
   */
  readonly paths?: ReadonlyArray<ReadonlyArray<string | number>>;
  readonly time: number;
}

/**
 * A program input that is a plain Observable (read at its last value) emitted its first value,
 * or completed. A run that waits on an input that has emitted but not completed shows it here;
 * wrap the input with `asStream` to process its emissions as they arrive.
 */
export interface InputEvent {
  readonly type: 'input';
  /** The argument position (a name for `compile()`'s environment). */
  readonly index: number | string;
  readonly state: 'emitted' | 'completed';
  readonly time: number;
}

/** A host call threw, rejected or errored. The run fails with it. */
export interface FailedEvent {
  readonly type: 'failed';
  readonly id: number;
  readonly host: string;
  readonly error: string;
  readonly time: number;
}

/**
 * A host call joined an external request (e.g. an LLM request carrying several prompts): the host
 * reported it through `HostContext.joined` when the request was sent. Calls with the same
 * `request` travelled together. A call may report more than once (e.g. a retried request).
 */
export interface BatchedEvent {
  readonly type: 'batched';
  /** The call's id (as in its `dispatched` event). */
  readonly id: number;
  readonly host: string;
  /** The request's id, unique among the requests of its source (e.g. one `Llm`). */
  readonly request: string | number;
  /** How many items the request carries (e.g. prompts). */
  readonly size: number;
  readonly time: number;
}

/** The run's final value (always the last event of a run that succeeds). */
export interface ResultEvent<R = unknown> {
  readonly type: 'result';
  readonly value: R;
  readonly time: number;
}

/** The result as it fills in (`Program.watch`); see `Snapshot` (snapshot.ts). */
export interface SnapshotEvent {
  readonly type: 'snapshot';
  /** The result with the parts known so far (pending parts are `Pending` markers). */
  readonly value: unknown;
  /** immer patches from the previous snapshot. */
  readonly patches: readonly Patch[];
  /** Whether this is the complete result (then a `result` event follows). */
  readonly complete: boolean;
  readonly time: number;
}

/** A host-call transition. */
export type HostCallEvent = DispatchedEvent | ResolvedEvent | FailedEvent;

/** Everything `Program.events` emits. */
export type RunEvent<R = unknown> = HostCallEvent | BatchedEvent | InputEvent | ResultEvent<R>;

/** Everything `Program.watch` emits: the events and the snapshots of one run. */
export type WatchEvent<R = unknown> = RunEvent<R> | SnapshotEvent;

/** The call site of a location, for events. */
export function callSite(loc: Loc | undefined): CallSite | undefined {
  if (!loc) return undefined;
  const program = loc.source?.name ?? '<program>';
  const original = originalLoc(loc);
  return original
    ? { program, file: original.file, line: original.line, column: original.column }
    : { program, line: loc.line, column: loc.column };
}

const LIMIT = 120;

/**
 * A short, safe, one-line rendering of a value for events and messages: its JSON, cut at
 * `limit` characters. Only what is shown is rendered, so a large argument costs no more than a
 * small one.
 */
export function summarize(value: unknown, limit = LIMIT): string {
  let text: string;
  try {
    text =
      typeof value === 'function'
        ? `<function ${value.name || 'anonymous'}>`
        : (boundedJson(value, limit + 1) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** Thrown to stop rendering once enough is written. */
const ENOUGH = Symbol('enough');

/** `JSON.stringify(value)`, or its first `limit` characters or more (throws where it throws). */
function boundedJson(value: unknown, limit: number): string | undefined {
  let out = '';
  const ancestors = new Set<object>();
  const write = (text: string): void => {
    out += text;
    if (out.length >= limit) throw ENOUGH;
  };
  const walk = (v: unknown, inArray: boolean): void => {
    if (typeof v === 'string') return write(JSON.stringify(v.length > limit ? v.slice(0, limit) : v));
    if (typeof v !== 'object' || v === null || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      const json = JSON.stringify(v);
      return write(json === undefined ? (inArray ? 'null' : '') : json);
    }
    const proto = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return write(JSON.stringify(v));
    if (ancestors.has(v)) throw new TypeError('cyclic');
    ancestors.add(v);
    if (Array.isArray(v)) {
      write('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) write(',');
        walk(v[i], true);
      }
      write(']');
    } else {
      write('{');
      let first = true;
      for (const [key, item] of Object.entries(v)) {
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        write(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        walk(item, false);
      }
      write('}');
    }
    ancestors.delete(v);
  };
  if (value === undefined || typeof value === 'symbol') return undefined;
  try {
    walk(value, false);
  } catch (stop) {
    if (stop !== ENOUGH) throw stop;
  }
  return out;
}
