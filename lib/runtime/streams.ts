/**
 * Stream values in the opportunistic evaluator: partial data whose tail is still arriving, as in
 * the paper's resolve step (a list whose rest is a pending call).
 *
 * A `StreamCell` is a `Cell` (cell.ts) that stands for the *whole* value — the array of all
 * items, or the whole text — and resolves when the stream completes. Everything that does not
 * know about streams therefore just waits for the complete value, exactly as for any other
 * pending computation (that is why a stream never changes a result). What the cell adds is the
 * part that has arrived: `items` (kind `'items'`) or `text` (kind `'text'`), and `growth`
 * callbacks run after each arrival. The consumers that work on a prefix (stream-ops.ts: `for…of`,
 * `.map`, `.filter`, indexing, `.slice`, `.split`, `.join`, `+`, templates) follow it with
 * `followItems` / `followText`.
 *
 * A stream's items are plain data when a host or an input produced them, and may be pending
 * Cells when the run produced them (a `.map` over a stream).
 */
import { Cell, type Waiter } from './cell.js';
import type { StreamKind } from './stream-source.js';

/** A pending stream value (see the module comment). Never forwarded; resolved once, at its end. */
export class StreamCell extends Cell {
  /** Items so far (kind `'items'`). */
  readonly items: unknown[] = [];
  /** Text so far (kind `'text'`). */
  text = '';
  /** Callbacks to run (from the run's queue) after arrivals; dropped when the stream ends. */
  growth: Waiter[] | null = null;
  /** Whether a growth notification is already queued (arrivals in one burst share it). */
  notified = false;

  constructor(readonly kind: StreamKind) {
    super();
  }
}

/** What a run offers the stream code: its queue and cells. */
export interface StreamHost {
  /** Calls `waiter(value)` when `v` resolves (now if it is resolved). */
  listen(v: unknown, waiter: Waiter): void;
  /** Calls `waiter` with `v`'s value, or with the pending StreamCell it becomes (see Run). */
  listenShape(v: unknown, waiter: Waiter): void;
  /** Calls `done` once nothing inside `v` is pending. */
  whenDeep(v: unknown, done: Waiter): void;
  /** Adds an item to a stream. */
  push(stream: StreamCell, item: unknown): void;
  /** Adds text to a text stream. */
  append(stream: StreamCell, chunk: string): void;
  /** Completes a stream: it resolves to its items (or text). */
  end(stream: StreamCell): void;
  /** Resolves a Cell. */
  resolve(cell: Cell, value: unknown): void;
}

/**
 * Follows an item stream: `onItem(item, index)` for each item in order — the ones there now at
 * once, later ones as they arrive — then `onEnd(count)` when it completes.
 */
export function followItems(
  run: StreamHost,
  stream: StreamCell,
  onItem: (item: unknown, index: number) => void,
  onEnd: (count: number) => void,
): void {
  let next = 0;
  const pump = (): void => {
    const items = stream.items;
    while (next < items.length) {
      const i = next++;
      onItem(items[i], i);
    }
  };
  (stream.growth ??= []).push(pump);
  run.listen(stream, () => {
    pump();
    onEnd(next);
  });
  pump();
}

/**
 * Follows a text stream: `onChunk(text)` with the text there now, then with each later arrival,
 * then `onEnd()` when it completes. Chunks are never empty.
 */
export function followText(
  run: StreamHost,
  stream: StreamCell,
  onChunk: (chunk: string) => void,
  onEnd: () => void,
): void {
  let seen = 0;
  const pump = (): void => {
    if (stream.text.length > seen) {
      const chunk = stream.text.slice(seen);
      seen = stream.text.length;
      onChunk(chunk);
    }
  };
  (stream.growth ??= []).push(pump);
  run.listen(stream, () => {
    pump();
    onEnd();
  });
  pump();
}

/**
 * Follows an item stream whose items each need a result that comes later: `settle(item, index,
 * done)` starts on an item and calls `done(result)` when it is there (now or later); `emit(result,
 * index)` gets the results in item order, each as soon as it and all before it are there; `end()`
 * once the stream has ended and every result is emitted.
 */
export function inItemOrder(
  run: StreamHost,
  stream: StreamCell,
  settle: (item: unknown, index: number, done: (result: unknown) => void) => void,
  emit: (result: unknown, index: number) => void,
  end: () => void,
): void {
  const results: unknown[] = [];
  const ready: boolean[] = [];
  let next = 0;
  let total = -1;
  const flush = (): void => {
    while (next < ready.length && ready[next]) {
      const i = next++;
      emit(results[i], i);
    }
    if (next === total) {
      total = -1;
      end();
    }
  };
  followItems(
    run,
    stream,
    (item, i) => {
      ready[i] = false;
      settle(item, i, (result) => {
        results[i] = result;
        ready[i] = true;
        flush();
      });
    },
    (count) => {
      total = count;
      flush();
    },
  );
}

/** Whether `v` is a pending stream of this kind. */
export function isStream(v: unknown, kind?: StreamKind): v is StreamCell {
  return v instanceof StreamCell && (kind === undefined || v.kind === kind);
}
