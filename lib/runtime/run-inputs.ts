/**
 * A run's program inputs given as Observables (run.ts `input`): a source marked with `asStream`
 * becomes a stream value that fills as it emits; any other Observable is read at its last value
 * (last-value.ts), with `input` events saying when it has emitted and when it completed, so an
 * input that never completes shows up in the events instead of as a silent hang.
 */
import type { Observable, Subscription } from 'rxjs';
import { Cell } from './cell.js';
import type { HostCalls } from './host-calls.js';
import type { StreamSink } from './stream-sink.js';
import { inputError, subscribeLast } from './last-value.js';
import { isStreamSource, type StreamSource } from './stream-source.js';
import { StreamCell } from './streams.js';

/** What reading an input needs of its run. */
export interface InputHost {
  readonly calls: Pick<HostCalls, 'note'>;
  sink(stream: StreamCell): StreamSink;
  end(stream: StreamCell): void;
  resolve(cell: Cell, value: unknown): void;
  /** The input is complete (`error` undefined) or failed: one pending input fewer. */
  inputSettled(error: unknown): void;
}

/**
 * Subscribes to `source` for the run; returns the input's value (a Cell, or a StreamCell) and
 * the subscription to stop reading it. `index` is the argument position (or a name in
 * `compile()`'s environment), for messages and events.
 */
export function readInput(
  run: InputHost,
  source: Observable<unknown> | StreamSource,
  index: number | string,
): { value: Cell; subscription: Subscription } {
  if (isStreamSource(source)) {
    const stream = new StreamCell(source.kind);
    const sink = run.sink(stream);
    const subscription = source.source.subscribe({
      next: (x) => {
        if (source.kind === 'text' && typeof x !== 'string')
          run.inputSettled(inputError(index, `(a text stream) emitted ${typeof x}, not a string`));
        else if (x !== '') sink.part(x);
      },
      error: (error: unknown) => run.inputSettled(inputError(index, 'failed', error)),
      complete: () => {
        run.end(stream);
        run.inputSettled(undefined);
      },
    });
    return { value: stream, subscription };
  }
  const cell = new Cell();
  let emitted = false;
  const subscription = subscribeLast(
    source,
    index,
    (error, value) => {
      if (error === undefined) {
        run.calls.note({ type: 'input', index, state: 'completed' });
        run.resolve(cell, value);
      }
      run.inputSettled(error);
    },
    () => {
      if (emitted) return;
      emitted = true;
      run.calls.note({ type: 'input', index, state: 'emitted' });
    },
  );
  return { value: cell, subscription };
}
