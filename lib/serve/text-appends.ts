/**
 * Text that grows, sent as what it grew by. A snapshot's immer patch for a text stream still
 * arriving replaces the whole text so far (snapshot.ts), which on the wire is quadratic in the
 * reply: 1,000 chunks of 5 characters made 2.6 MB of `patch` frames. So a `patch` frame carries
 * such a replacement as an append instead — `{ path, text }`, the characters added at `path` —
 * in its `appends`, beside the immer `patches` left.
 *
 * A replacement becomes an append only when the string it replaces, in the result the client
 * holds, is a prefix of the new one, and no other patch of the frame touches that path or a path
 * above or below it; so the patches and the appends of one frame commute, and applying the
 * patches first, then the appends (`applyPatchFrame`), gives the result the snapshot has.
 */
import { applyPatches, enablePatches, type Patch } from 'immer';

enablePatches();

/** Path of a part of the result: keys and indexes. */
type Path = readonly (string | number)[];

/** The characters a text at `path` grew by since the previous result frame. */
export interface TextAppend {
  readonly path: Path;
  readonly text: string;
}

/** What a `patch` frame carries about the result (frames.ts). */
export interface PatchFrameData {
  readonly patches: readonly Patch[];
  /** Absent when there is none. */
  readonly appends?: readonly TextAppend[];
}

/**
 * Splits the patches from `previous` (the result the client holds) into immer patches and text
 * appends (see the module comment).
 */
export function splitTextAppends(
  previous: unknown,
  patches: readonly Patch[],
): { patches: Patch[]; appends: TextAppend[] } {
  const kept: Patch[] = [];
  const appends: TextAppend[] = [];
  for (const p of patches) {
    const before = p.op === 'replace' && typeof p.value === 'string' ? valueAt(previous, p.path) : undefined;
    if (
      typeof before === 'string' &&
      (p.value as string).startsWith(before) &&
      !patches.some((q) => q !== p && overlaps(q.path, p.path))
    ) {
      appends.push({ path: p.path, text: (p.value as string).slice(before.length) });
    } else kept.push(p);
  }
  return { patches: kept, appends };
}

/**
 * The result after a `patch` frame: its immer `patches` applied to `state`, then its `appends`.
 *
 * @example
 * source.addEventListener('patch', (e) => { state = applyPatchFrame(state, JSON.parse(e.data)); });
 */
export function applyPatchFrame<T>(state: T, frame: PatchFrameData): T {
  let next = frame.patches.length > 0 ? (applyPatches(state as object, frame.patches as Patch[]) as T) : state;
  for (const { path, text } of frame.appends ?? []) {
    const before = valueAt(next, path);
    if (typeof before !== 'string') {
      throw new TypeError(`A text append at ${JSON.stringify(path)} found ${typeof before}, not a string`);
    }
    next =
      path.length === 0
        ? ((before + text) as T)
        : (applyPatches(next as object, [{ op: 'replace', path: [...path], value: before + text }]) as T);
  }
  return next;
}

/** The value at `path` in `root`, or undefined where the path leads nowhere. */
function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** Whether one path is the other or lies under it. */
function overlaps(a: Path, b: Path): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
