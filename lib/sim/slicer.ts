/**
 * Cooperative time slicing for the simulator's longer loops (asking the responder for thousands
 * of choices, computing thousands of vectors, serialising a large answer): the loop calls
 * `await slicer.tick()` once per item, and every `sliceMs` of synchronous work the tick yields
 * to the event loop (`setImmediate`), so other requests, timers and socket events go on while
 * one large request is processed. A tick inside a slice costs one resolved promise.
 *
 * Gotcha: a tick also checks the request's signal, so a request whose client left stops at the
 * next item instead of finishing work nobody will read.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Default length of a slice of synchronous work, in ms. */
export const SLICE_MS = 8;

/** See the file comment. */
export interface Slicer {
  /** Resolves at once inside a slice, after a turn of the event loop at its end; rejects if `signal` aborted. */
  tick(): Promise<void>;
}

/**
 * A slicer for one request.
 *
 * @example
 * const slicer = createSlicer(ctx.signal);
 * for (const ask of asks) { await slicer.tick(); answers.push(await responder(ask)); }
 */
export function createSlicer(signal: AbortSignal, sliceMs = SLICE_MS): Slicer {
  let sliceStart = performance.now();
  return {
    async tick() {
      signal.throwIfAborted();
      if (performance.now() - sliceStart < sliceMs) return;
      await nextTurn(undefined, { signal });
      sliceStart = performance.now();
    },
  };
}
