/**
 * Where the items (or text chunks) of a stream go as they arrive: the counterpart of a marked
 * source (stream-source.ts). The run feeds a `StreamCell` through one (network.ts `sink`); where
 * nothing consumes a stream as it arrives, `collectStream` gathers it whole.
 */
import type { StreamKind } from './stream-source.js';

/** Where the items (or text chunks) of a streaming host result go. */
export interface StreamSink {
  /** One item, or one chunk of text. */
  part(x: unknown): void;
  /** The whole value once the stream has completed. */
  value(): unknown;
}

/** Collects a stream whole: the sink used when the evaluator does not consume streams. */
export function collectStream(kind: StreamKind): StreamSink {
  const items: unknown[] = [];
  let text = '';
  return kind === 'text'
    ? {
        part: (x) => {
          text += x as string;
        },
        value: () => text,
      }
    : {
        part: (x) => {
          items.push(x);
        },
        value: () => items,
      };
}
