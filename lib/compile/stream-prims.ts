/**
 * Which prims work on a stream's prefix, and with which arguments (stream-ops.ts does the work):
 * indexing with an index ≥ 0, `.at(i ≥ 0)`, `.slice(start ≥ 0, end ≥ 0?)`, an item stream's
 * `.join(separator?)`, a text stream's `.split(separator)` with a non-empty string separator and
 * `.trim()` / `.trimStart()` / `.trimEnd()`.
 * Any other use (`.length`, negative indexes, a regex separator, other methods) answers
 * undefined: the caller then waits for the whole value.
 */
import { getProperty } from '../runtime/builtins.js';
import type { Run } from '../runtime/run.js';
import { indexStream, joinStream, sliceStream, splitText, trimText } from '../runtime/stream-ops.js';
import type { StreamCell } from '../runtime/streams.js';
import type { Loc } from '../locations.js';

/** Methods that may work on a stream's prefix (the receiver is waited for only until it is a stream). */
export const STREAM_METHODS: ReadonlySet<string> = new Set([
  'at',
  'slice',
  'join',
  'split',
  'trim',
  'trimStart',
  'trimEnd',
]);

/** The result of a streaming operation, or undefined to wait for the whole value. */
type Streamed = { readonly value: unknown } | undefined;

const isIndex = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** `recv.name(...args)` on a stream's prefix, if it can be done there. */
export function streamMethod(run: Run, recv: StreamCell, name: string, args: readonly unknown[]): Streamed {
  const [a, b] = args;
  switch (name) {
    case 'at':
      return args.length === 1 && isIndex(a) ? { value: indexStream(run, recv, a, () => undefined) } : undefined;
    case 'slice':
      if (args.length > 2 || !(a === undefined || isIndex(a)) || !(b === undefined || isIndex(b))) return undefined;
      return { value: sliceStream(run, recv, a ?? 0, b) };
    case 'join':
      if (recv.kind !== 'items' || args.length > 1 || !(a === undefined || typeof a === 'string')) return undefined;
      return { value: joinStream(run, recv, a ?? ',') };
    case 'split':
      if (recv.kind !== 'text' || args.length !== 1 || typeof a !== 'string' || a === '') return undefined;
      return { value: splitText(run, recv, a) };
    case 'trim':
    case 'trimStart':
    case 'trimEnd':
      if (recv.kind !== 'text' || args.length !== 0) return undefined;
      return { value: trimText(run, recv, name !== 'trimEnd', name !== 'trimStart') };
    default:
      return undefined;
  }
}

/** `recv[key]` (or `recv?.[key]`) on a stream's prefix, if it can be done there. */
export function streamGet(run: Run, recv: StreamCell, key: unknown, optional: boolean, loc: Loc | undefined): Streamed {
  const index = typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : key;
  if (!isIndex(index)) return undefined;
  return { value: indexStream(run, recv, index, (whole) => getProperty(whole, key, optional, loc)) };
}
