/**
 * The result of a run as it fills in (`Program.snapshots`): immutable immer snapshots of the
 * result with the parts known so far.
 *
 * The tracker walks the run's result value: resolved data is copied in (never frozen in place:
 * hosts and the run keep using their own objects), a part still pending becomes a `Pending`
 * marker (observe.ts: an Observable of that part, which serialises to `{"$pending":true}`), a
 * stream still arriving becomes the items (or the text) that have arrived. It waits on each
 * pending part; when one arrives, the change (a path and its new content, walked the same way)
 * is recorded. Changes are applied with immer's `produceWithPatches` at most once per tick of
 * the scheduler, so a burst of 10,000 stream items makes one snapshot, not 10,000. The last
 * snapshot, emitted when the run completes, is complete and equal to the run's value.
 */
import { enablePatches, freeze, produceWithPatches, type Patch } from 'immer';
import type { SchedulerLike, Subscription } from 'rxjs';
import { Cell, peek } from './cell.js';
import { Pending } from './observe.js';
import type { Run } from './run.js';
import { followItems, followText, StreamCell } from './streams.js';

enablePatches();

/** One snapshot of a run's result. */
export interface Snapshot<R = unknown> {
  /**
   * The result with the parts known so far: a pending part is a `Pending` marker, a stream
   * still arriving is the items (or text) so far. Frozen; unchanged parts are shared with the
   * previous snapshot.
   */
  readonly value: SnapshotValue<R>;
  /** immer patches from the previous snapshot to this one (the first: one `replace` of the root). */
  readonly patches: readonly Patch[];
  /** Whether this is the final, complete result. */
  readonly complete: boolean;
}

/** `R` with any part possibly still a `Pending` marker. */
export type SnapshotValue<R> = R extends readonly (infer T)[]
  ? readonly SnapshotValue<T>[] | Pending<R>
  : R extends object
    ? { readonly [K in keyof R]: SnapshotValue<R[K]> } | Pending<R>
    : R | Pending<R>;

type Path = (string | number)[];

/** Tracks one run's result (see the module comment). */
export class SnapshotTracker {
  private current: unknown = undefined;
  private changes: Array<{ path: Path; value: unknown }> = [];
  private scheduled: Subscription | undefined;
  private first = true;
  private done = false;
  private readonly paths = new Map<number, Path[]>();

  /** `run` may be undefined for a value with nothing pending (a sequential run's result). */
  constructor(
    private readonly run: Run | undefined,
    private readonly scheduler: SchedulerLike,
    private readonly emit: (snapshot: Snapshot) => void,
  ) {}

  /** Starts on the run's result value (pending or not). */
  start(value: unknown): void {
    this.changes.push({ path: [], value: this.walk(value, []) });
    this.schedule();
  }

  /** Emits the last snapshot (the run completed). */
  finish(): void {
    this.scheduled?.unsubscribe();
    this.flush(true);
    this.done = true;
  }

  /** Stops (the run ended or was unsubscribed). */
  stop(): void {
    this.done = true;
    this.scheduled?.unsubscribe();
  }

  /** The snapshot form of `v` at `path`, registering waits for its pending parts. */
  private walk(v: unknown, path: Path): unknown {
    const now = peek(v);
    if (now instanceof Cell) this.place(now, path);
    if (now instanceof StreamCell) return this.stream(now, path);
    if (now instanceof Cell) {
      this.run!.listenShape(now, (x) => this.change(path, x));
      return Pending.of(this.run!, now);
    }
    if (typeof now !== 'object' || now === null) return now;
    if (Array.isArray(now)) return now.map((x, i) => this.walk(x, [...path, i]));
    const proto = Object.getPrototypeOf(now);
    if (proto !== Object.prototype && proto !== null) return now;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(now)) out[key] = this.walk((now as Record<string, unknown>)[key], [...path, key]);
    return out;
  }

  /** Notes that a host call's pending result sits at `path`. */
  private place(cell: Cell, path: Path): void {
    const id = this.run!.callOf(cell);
    if (id === undefined) return;
    const at = this.paths.get(id);
    if (at) at.push(path);
    else this.paths.set(id, [path]);
  }

  /** Where host call `id`'s value sits in the result, as far as the walk has seen it. */
  pathsOf(id: number): readonly Path[] | undefined {
    return this.paths.get(id);
  }

  /** A stream as what has arrived; later arrivals are changes (what is there now is returned). */
  private stream(stream: StreamCell, path: Path): unknown {
    let live = false;
    if (stream.kind === 'text') {
      followText(
        this.run!,
        stream,
        () => live && this.record(path, stream.text),
        () => undefined,
      );
      live = true;
      return stream.text;
    }
    const now = stream.items.map((x, i) => this.walk(x, [...path, i]));
    followItems(
      this.run!,
      stream,
      (item, i) => live && this.change([...path, i], item),
      () => undefined,
    );
    live = true;
    return now;
  }

  /** Part `path` is now `x` (walked: its own pending parts are waited on). */
  private change(path: Path, x: unknown): void {
    if (!this.done) this.record(path, this.walk(x, path));
  }

  private record(path: Path, value: unknown): void {
    if (this.done) return;
    this.changes.push({ path, value });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.done) return;
    this.scheduled = this.scheduler.schedule(() => {
      this.scheduled = undefined;
      this.flush(false);
    }, 0);
  }

  private flush(complete: boolean): void {
    if (this.done) return;
    const changes = this.changes;
    this.changes = [];
    if (changes.length === 0 && !complete) return;
    let patches: Patch[];
    if (this.first) {
      let value: unknown;
      for (const c of changes) value = c.path.length === 0 ? c.value : setAt(value, c.path, c.value);
      this.current = freeze({ root: value }, true);
      patches = [{ op: 'replace', path: [], value }];
      this.first = false;
    } else {
      [this.current, patches] = produceWithPatches(this.current as { root: unknown }, (draft) => {
        for (const c of changes) {
          if (c.path.length === 0) draft.root = c.value;
          else setAt(draft.root, c.path, c.value);
        }
      });
      patches = patches.map((p) => ({ ...p, path: p.path.slice(1) }));
    }
    this.emit({ value: (this.current as { root: unknown }).root, patches, complete });
  }
}

/** Sets `target[path…] = value` in place (a draft, or a fresh copy); returns `target`. */
function setAt(target: unknown, path: Path, value: unknown): unknown {
  let o = target as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) o = o[path[i]!] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
  return target;
}
