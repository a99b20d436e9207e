import { defer, mergeMap, type Observable, type OperatorFunction } from 'rxjs';
import { checkCount, checkNumber } from './internal/check-options.js';
import { createBatcher, type BatcherOptions } from './createBatcher.js';

/**
 * Pipeable batching: each value of the source becomes one caller of a {@link createBatcher}
 * batcher with these options, so values arriving together (same tick, or within `windowMs`, up
 * to `maxBatchSize`, per `key`) are resolved by one `run` call.
 *
 * Output order: results are emitted as they arrive (like `mergeMap`), and outputs are NOT paired
 * with inputs. Within one batch they come in input order; across batches, in the order the
 * batches answer, which may differ from input order. Have `run` return `[input, output]` pairs if
 * you need the pairing. Completes when the source has completed and every result has arrived.
 *
 * Gotcha: like `mergeMap`, the first failure (a per-item `Error`, a whole-batch error, a length
 * mismatch) errors the output and unsubscribes everything pending, which aborts the batches in
 * flight. Return values instead of `Error`s from `run` to keep going. Each subscription to the
 * output gets its own batcher: separate subscriptions never share batches.
 *
 * @example
 * from(['a', 'bb', 'ccc']).pipe(
 *   batchWithin({ run: (xs) => of(xs.map((x) => x.length)), maxBatchSize: 2 }),
 * ); // emits 1, 2 (batch ['a','bb']) then 3 (batch ['ccc'])
 */
export function batchWithin<I, O>(options: BatcherOptions<I, O>): OperatorFunction<I, O> {
  // Bad options throw here, at construction, not at subscribe time.
  if (options.maxBatchSize !== undefined) checkCount('batchWithin', 'maxBatchSize', options.maxBatchSize);
  if (options.windowMs !== undefined)
    checkNumber('batchWithin', 'windowMs', options.windowMs, { min: 0, finite: true });
  createBatcher(options); // checks the other options (run, key, scheduler, tick, unknown names) now; makes no batch
  return (source: Observable<I>) =>
    defer(() => {
      const call = createBatcher(options);
      return source.pipe(mergeMap((input) => call(input)));
    });
}
