import fc from 'fast-check';
import { map, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../operators/createBatcher.js';

/**
 * Batching transparency: whatever the arrival times, batch limits, per-item failures and
 * unsubscriptions, a caller sees exactly what an unbatched call of the same resolver would give.
 */
interface Input {
  readonly id: number;
  readonly key: 'x' | 'y';
  readonly fails: boolean;
}
type Outcome = { kind: 'N'; value: string } | { kind: 'C' } | { kind: 'E'; message: string };
interface SentBatch {
  readonly frame: number;
  readonly inputs: readonly Input[];
  readonly signal: AbortSignal;
  readonly latency: number;
}

/** The unbatched resolver: what one input resolves to on its own. */
const resolveOne = (input: Input): string | Error =>
  input.fails ? new Error(`item ${input.id} failed`) : `result ${input.id}`;

const expectedOutcome = (input: Input): Outcome[] => {
  const result = resolveOne(input);
  return result instanceof Error
    ? [{ kind: 'E', message: result.message }]
    : [{ kind: 'N', value: result }, { kind: 'C' }];
};

const scenario = fc.record({
  maxBatchSize: fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.integer({ min: 1, max: 4 })),
  windowMs: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  latencies: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 8 }),
  callers: fc.array(
    fc.record({
      at: fc.integer({ min: 0, max: 15 }),
      key: fc.constantFrom<'x' | 'y'>('x', 'y'),
      fails: fc.boolean(),
      leaveAfter: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
    }),
    { maxLength: 20 },
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function simulate(s: Scenario) {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  const batches: SentBatch[] = [];
  const call = createBatcher<Input, string>({
    maxBatchSize: s.maxBatchSize,
    windowMs: s.windowMs,
    key: (input) => input.key,
    scheduler,
    run: (inputs, { signal }) => {
      const latency = s.latencies[batches.length % s.latencies.length] ?? 0;
      batches.push({ frame: scheduler.now(), inputs: [...inputs], signal, latency });
      return timer(latency).pipe(map(() => inputs.map(resolveOne)));
    },
  });
  const seen = s.callers.map(() => [] as Outcome[]);
  scheduler.run(() => {
    s.callers.forEach((c, id) => {
      scheduler.schedule(() => {
        const subscription = call({ id, key: c.key, fails: c.fails }).subscribe({
          next: (value) => seen[id]?.push({ kind: 'N', value }),
          error: (error: Error) => seen[id]?.push({ kind: 'E', message: error.message }),
          complete: () => seen[id]?.push({ kind: 'C' }),
        });
        if (c.leaveAfter !== undefined) scheduler.schedule(() => subscription.unsubscribe(), c.leaveAfter);
      }, c.at);
    });
  });
  return { batches, seen };
}

describe('createBatcher: batching is transparent (property)', () => {
  it('gives each caller exactly its unbatched result, in non-empty batches within maxBatchSize', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { batches, seen } = simulate(s);
        const sentIn = new Map<number, SentBatch>();
        for (const batch of batches) {
          expect(batch.inputs.length).toBeGreaterThanOrEqual(1);
          expect(batch.inputs.length).toBeLessThanOrEqual(s.maxBatchSize);
          expect(new Set(batch.inputs.map((input) => input.key)).size).toBe(1);
          for (const input of batch.inputs) {
            expect(sentIn.has(input.id)).toBe(false); // each caller is sent at most once
            sentIn.set(input.id, batch);
          }
        }
        s.callers.forEach((c, id) => {
          const input = { id, key: c.key, fails: c.fails };
          const batch = sentIn.get(id);
          const leftAt = c.leaveAfter === undefined ? Number.POSITIVE_INFINITY : c.at + c.leaveAfter;
          if (batch) {
            expect(batch.frame).toBeGreaterThanOrEqual(c.at); // joined when subscribed, never earlier
            expect(batch.frame).toBeLessThanOrEqual(Math.min(leftAt, c.at + (s.windowMs ?? 0)));
          }
          if (c.leaveAfter === undefined) {
            expect(batch).toBeDefined();
            expect(seen[id]).toEqual(expectedOutcome(input)); // exactly once, exactly the result
          } else {
            expect([[], expectedOutcome(input)]).toContainEqual(seen[id]);
          }
        });
        for (const batch of batches) {
          const answeredAt = batch.frame + batch.latency;
          const leaves = batch.inputs.map(({ id }) => {
            const c = s.callers[id];
            return c?.leaveAfter === undefined ? Number.POSITIVE_INFINITY : c.at + c.leaveAfter;
          });
          if (leaves.some((at) => at > answeredAt)) expect(batch.signal.aborted).toBe(false);
          if (leaves.every((at) => at < answeredAt)) expect(batch.signal.aborted).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
