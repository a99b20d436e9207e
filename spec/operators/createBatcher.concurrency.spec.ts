/**
 * `maxConcurrentBatches`: a backlog becomes fewer, fuller batches. In virtual time: a resolver
 * that answers after a latency, callers arriving at chosen frames.
 */
import { map, of, timer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicError } from '../../lib/errors.js';
import { createBatcher } from '../../operators/createBatcher.js';
import type { BatchResolver } from '../../operators/internal/dispatch-batch.js';

interface Sent {
  readonly frame: number;
  readonly inputs: readonly string[];
  aborted?: boolean;
}

/** Runs `callers` ([input, subscribe frame, unsubscribe frame?]) against a batcher; the resolver upper-cases after `latency`. */
function scenario(
  options: { maxConcurrentBatches?: number; maxBatchSize?: number; latency?: number },
  callers: ReadonlyArray<readonly [string, number, number?]>,
) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const sent: Sent[] = [];
  const results: Array<[string, number, string]> = [];
  scheduler.run(() => {
    const run: BatchResolver<string, string> = (inputs, { signal }) => {
      const entry: Sent = { frame: scheduler.now(), inputs: [...inputs] };
      sent.push(entry);
      signal.addEventListener('abort', () => (entry.aborted = true));
      return timer(options.latency ?? 10).pipe(map(() => inputs.map((s) => s.toUpperCase())));
    };
    const { latency: _latency, ...batcherOptions } = options;
    const load = createBatcher<string, string>({ run, scheduler, ...batcherOptions });
    for (const [input, at, leaveAt] of callers) {
      scheduler.schedule(() => {
        const subscription = load(input).subscribe((value) => results.push([input, scheduler.now(), value]));
        if (leaveAt !== undefined) scheduler.schedule(() => subscription.unsubscribe(), leaveAt - at);
      }, at);
    }
  });
  return { sent, results };
}

describe('createBatcher maxConcurrentBatches', () => {
  it('holds a due batch open while the limit is out, so the backlog goes as one batch when a slot frees', () => {
    const { sent, results } = scenario({ maxConcurrentBatches: 1 }, [
      ['a', 0],
      ['b', 2],
      ['c', 4],
      ['d', 6],
      ['e', 12],
    ]);
    expect(sent.map((s) => [s.frame, s.inputs])).toEqual([
      [0, ['a']],
      [10, ['b', 'c', 'd']],
      [20, ['e']],
    ]);
    expect(results).toEqual([
      ['a', 10, 'A'],
      ['b', 20, 'B'],
      ['c', 20, 'C'],
      ['d', 20, 'D'],
      ['e', 30, 'E'],
    ]);
  });

  it('without the option, each window is its own request (as DataLoader)', () => {
    const { sent } = scenario({}, [
      ['a', 0],
      ['b', 2],
      ['c', 4],
    ]);
    expect(sent.map((s) => [s.frame, s.inputs])).toEqual([
      [0, ['a']],
      [2, ['b']],
      [4, ['c']],
    ]);
  });

  it('a waiting batch that fills up stops taking callers; the next caller opens the next batch; earliest first', () => {
    const { sent } = scenario({ maxConcurrentBatches: 1, maxBatchSize: 2 }, [
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 3],
      ['e', 4],
    ]);
    expect(sent.map((s) => [s.frame, s.inputs])).toEqual([
      [0, ['a']],
      [10, ['b', 'c']],
      [20, ['d', 'e']],
    ]);
  });

  it('a batch left by all its callers frees its slot at once (and is aborted); an emptied waiting batch is never sent', () => {
    const { sent, results } = scenario({ maxConcurrentBatches: 1 }, [
      ['a', 0, 3],
      ['b', 1, 2],
      ['c', 4],
    ]);
    expect(sent.map((s) => [s.frame, s.inputs, s.aborted ?? false])).toEqual([
      [0, ['a'], true],
      [4, ['c'], false],
    ]);
    expect(results).toEqual([['c', 14, 'C']]);
  });

  it('with two slots, two batches are out at once', () => {
    const { sent } = scenario({ maxConcurrentBatches: 2 }, [
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 3],
    ]);
    expect(sent.map((s) => [s.frame, s.inputs])).toEqual([
      [0, ['a']],
      [1, ['b']],
      [10, ['c', 'd']],
    ]);
  });

  it('sends a long backlog from a resolver that answers synchronously without growing the stack', async () => {
    const sizes: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run: BatchResolver<number, number> = (inputs) => {
      sizes.push(inputs.length);
      return sizes.length === 1 ? gate.then(() => inputs) : inputs;
    };
    const load = createBatcher<number, number>({ run, maxConcurrentBatches: 1, maxBatchSize: 1 });
    const outs: Array<Observable<number>> = Array.from({ length: 20_000 }, (_, i) => load(i));
    const done = Promise.all(
      outs.map((o) => new Promise((resolve, reject) => o.subscribe({ next: resolve, error: reject }))),
    );
    release();
    expect((await done).length).toBe(20_000);
    expect(sizes.length).toBe(20_000);
  });

  it('rejects a bad value with an EpicError naming the option', () => {
    expect(() => createBatcher({ run: () => of([]), maxConcurrentBatches: 0 })).toThrow(EpicError);
    expect(() => createBatcher({ run: () => of([]), maxConcurrentBatches: 0 })).toThrow(
      /createBatcher: option "maxConcurrentBatches" must be a positive integer or Infinity, got 0/,
    );
  });
});
