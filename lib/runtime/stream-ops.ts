/**
 * The operations that work on the part of a stream that has arrived (streams.ts), each waiting
 * only for what it needs. They are what `for…of`, `.map`, `.filter`, indexing, `.slice`,
 * `.split`, `.join`, `+` and template literals do when a value is a stream still arriving
 * (lib/compile/prim-code.ts picks them); every other operation waits for the whole value.
 *
 * Each returns the same value the operation gives on the complete value, as a new stream where
 * the result is a list or a text, so consumers downstream stream too.
 */
import { Cell, peek } from './cell.js';
import { followItems, followText, inItemOrder, StreamCell, type StreamHost } from './streams.js';

/** `xs.map(f)` on an item stream: `each(item, index)` runs as each item arrives. */
export function mapStream(
  run: StreamHost,
  xs: StreamCell,
  each: (item: unknown, index: number) => unknown,
): StreamCell {
  const out = new StreamCell('items');
  followItems(
    run,
    xs,
    (item, i) => run.push(out, each(item, i)),
    () => run.end(out),
  );
  return out;
}

/** `xs.filter(f)` on an item stream: items are kept in order as their `keep` decisions arrive. */
export function filterStream(
  run: StreamHost,
  xs: StreamCell,
  keep: (item: unknown, index: number) => unknown,
): StreamCell {
  const out = new StreamCell('items');
  inItemOrder(
    run,
    xs,
    (item, i, done) => run.listen(keep(item, i), done),
    (decision, i) => {
      if (decision) run.push(out, xs.items[i]);
    },
    () => run.end(out),
  );
  return out;
}

/**
 * A left fold over a stream (`for…of`, `reduce`): `step(acc, item, index)` runs as each item (or,
 * for text, each character) arrives, non-strictly in `acc`. Resolves to the last accumulator.
 */
export function foldStream(
  run: StreamHost,
  xs: StreamCell,
  init: unknown,
  step: (acc: unknown, item: unknown, index: number) => unknown,
): Cell {
  const out = new Cell();
  let acc = init;
  if (xs.kind === 'items') {
    followItems(
      run,
      xs,
      (item, i) => {
        acc = step(acc, item, i);
      },
      () => run.resolve(out, acc),
    );
    return out;
  }
  let i = 0;
  let carry = '';
  const chars = (text: string): void => {
    for (const ch of text) acc = step(acc, ch, i++);
  };
  followText(
    run,
    xs,
    (chunk) => {
      const text = carry + chunk;
      const last = text.charCodeAt(text.length - 1);
      const split = last >= 0xd800 && last <= 0xdbff; // a surrogate pair cut between chunks: wait for its second half
      carry = split ? text.slice(-1) : '';
      chars(split ? text.slice(0, -1) : text);
    },
    () => {
      chars(carry);
      run.resolve(out, acc);
    },
  );
  return out;
}

/**
 * `xs[index]` (or `xs.at(index)`) for an index ≥ 0: the item (or character) as soon as it has
 * arrived; if the stream ends shorter, `whole(value)` decides (an error, or undefined).
 */
export function indexStream(
  run: StreamHost,
  xs: StreamCell,
  index: number,
  whole: (value: unknown) => unknown,
): unknown {
  if (xs.kind === 'items' ? index < xs.items.length : index < xs.text.length)
    return xs.kind === 'items' ? xs.items[index] : xs.text[index];
  const out = new Cell();
  let done = false;
  const check = (): void => {
    if (done) return;
    const have = xs.kind === 'items' ? index < xs.items.length : index < xs.text.length;
    if (!have) return;
    done = true;
    run.resolve(out, xs.kind === 'items' ? xs.items[index] : xs.text[index]);
  };
  (xs.growth ??= []).push(check);
  run.listen(xs, (value) => {
    check();
    if (!done) {
      done = true;
      run.resolve(out, whole(value));
    }
  });
  return out;
}

/** `xs.slice(start, end)` for start ≥ 0 and end ≥ 0 or undefined: a stream of that part. */
export function sliceStream(run: StreamHost, xs: StreamCell, start: number, end: number | undefined): StreamCell {
  const out = new StreamCell(xs.kind);
  const stop = end ?? Infinity;
  let ended = false;
  const finish = (): void => {
    if (ended) return;
    ended = true;
    run.end(out);
  };
  if (xs.kind === 'items') {
    followItems(
      run,
      xs,
      (item, i) => {
        if (i >= start && i < stop) run.push(out, item);
        if (i + 1 >= stop) finish();
      },
      finish,
    );
  } else {
    let at = 0;
    followText(
      run,
      xs,
      (chunk) => {
        const from = Math.max(start - at, 0);
        const to = Math.min(stop - at, chunk.length);
        at += chunk.length;
        if (!ended && to > from) run.append(out, chunk.slice(from, to));
        if (at >= stop) finish();
      },
      finish,
    );
  }
  if (stop <= start) finish();
  return out;
}

/** `text.split(separator)` for a non-empty string separator: each piece as soon as it is complete. */
export function splitText(run: StreamHost, text: StreamCell, separator: string): StreamCell {
  const out = new StreamCell('items');
  let buffer = '';
  let scanned = 0;
  followText(
    run,
    text,
    (chunk) => {
      buffer += chunk;
      for (let at = buffer.indexOf(separator, scanned); at >= 0; at = buffer.indexOf(separator, 0)) {
        run.push(out, buffer.slice(0, at));
        buffer = buffer.slice(at + separator.length);
      }
      scanned = Math.max(0, buffer.length - separator.length + 1);
    },
    () => {
      run.push(out, buffer);
      run.end(out);
    },
  );
  return out;
}

/**
 * `text.trim()`, `.trimStart()`, `.trimEnd()` on a text stream: leading whitespace is dropped as
 * it arrives; trailing whitespace is held back until more text follows it (or the end drops it).
 */
export function trimText(run: StreamHost, text: StreamCell, start: boolean, end: boolean): StreamCell {
  const out = new StreamCell('text');
  let started = !start;
  let held = '';
  followText(
    run,
    text,
    (chunk) => {
      let t = chunk;
      if (!started) {
        t = t.replace(LEADING_SPACE, '');
        if (t === '') return;
        started = true;
      }
      if (!end) {
        run.append(out, t);
        return;
      }
      const body = held + t;
      const cut = body.search(TRAILING_SPACE);
      held = body.slice(cut);
      if (cut > 0) run.append(out, body.slice(0, cut));
    },
    () => run.end(out),
  );
  return out;
}

const LEADING_SPACE = /^\s+/;
const TRAILING_SPACE = /\s*$/;

/** `xs.join(separator)` on an item stream: a text stream growing as each item is complete, in order. */
export function joinStream(run: StreamHost, xs: StreamCell, separator: string): StreamCell {
  const out = new StreamCell('text');
  inItemOrder(
    run,
    xs,
    (item, _i, done) => run.whenDeep(item, done),
    (value, i) => {
      const text = (i > 0 ? separator : '') + (value === null || value === undefined ? '' : String(value));
      if (text !== '') run.append(out, text);
    },
    () => run.end(out),
  );
  return out;
}

/**
 * A text made of `parts` in order (`a + b`, a template literal): a text stream part streams
 * through as it arrives; any other part is added once it is whole, converted by `toText`; a part
 * still pending is waited for only when its turn comes.
 */
export function concatText(run: StreamHost, parts: readonly unknown[], toText: (value: unknown) => string): StreamCell {
  const out = new StreamCell('text');
  const step = (k: number): void => {
    if (k === parts.length) {
      run.end(out);
      return;
    }
    run.listenShape(parts[k], (part) => {
      if (part instanceof StreamCell && part.kind === 'text') {
        followText(
          run,
          part,
          (chunk) => run.append(out, chunk),
          () => step(k + 1),
        );
        return;
      }
      run.whenDeep(part, (value) => {
        const text = toText(value);
        if (text !== '') run.append(out, text);
        step(k + 1);
      });
    });
  };
  step(0);
  return out;
}

/** Whether any of `values` is (now) a pending text stream. */
export function hasTextStream(values: readonly unknown[]): boolean {
  for (const v of values) {
    const now = peek(v);
    if (now instanceof StreamCell && now.kind === 'text') return true;
  }
  return false;
}
