import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordsParallel, recordsSequential } from '../../demos/constrained/handwritten.js';
import { createConstrained, MAX_ATTEMPTS, PRODUCTS, type ConstrainedSession } from '../../demos/constrained/program.js';
import {
  CANDIDATES,
  candidate,
  constrainedResponder,
  expectedRecord,
  stepPrompt,
} from '../../demos/constrained/responder.js';
import { accepts, checkRecord, FIELDS } from '../../demos/constrained/schema.js';
import { DEMOS } from '../../demos/index.js';
import { loadModule, programModule } from '../../lib/cli/load.js';

let session: ConstrainedSession;
beforeAll(async () => {
  session = createConstrained({ timeScale: 0.002 });
  await session.llm.ready();
});
afterAll(() => session.llm.close());

const names = PRODUCTS.slice(0, 4);
const fields = [...FIELDS];
/** Whether some step of `name` finds no accepted candidate on attempt 0. */
const needsRetry = (name: string): boolean =>
  FIELDS.some((f) =>
    Array.from({ length: CANDIDATES }, (_, k) => candidate(name, f, 0, k)).every((c) => !accepts(f, c)),
  );

describe('the schema checker', () => {
  it('accepts values the schema allows and rejects the rest', () => {
    expect(['"kitchen"', '12.5', '["eco", "gift"]', 'false'].map((t, i) => accepts(FIELDS[i]!, t))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['"Kitchen"', '12.345', '["Eco"]', '"yes"'].map((t, i) => accepts(FIELDS[i]!, t))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(accepts('price', '12,5')).toBe(false);
    expect(() => accepts('colour', '"red"')).toThrow(
      /unknown field "colour"; fields are category, price, tags, inStock/,
    );
  });

  it('the responder gives invalid candidates too, and some steps need a second attempt', () => {
    const all = PRODUCTS.flatMap((p) =>
      FIELDS.flatMap((f) => Array.from({ length: CANDIDATES }, (_, k) => candidate(p, f, 0, k))),
    );
    expect(all.some((c, i) => !accepts(FIELDS[Math.floor(i / CANDIDATES) % FIELDS.length]!, c))).toBe(true);
    expect(names.some(needsRetry)).toBe(true);
    const prompt = stepPrompt('Kettle', '{"name": "Kettle"', 'price', 1);
    expect(
      constrainedResponder({
        kind: 'completion',
        prompt,
        messages: undefined,
        model: 'm',
        temperature: 0.8,
        maxTokens: 20,
        stop: [],
        k: 2,
      }),
    ).toBe(candidate('Kettle', 'price', 1, 2));
  });
});

describe('the constrained-decoding program', () => {
  it('builds records that satisfy the schema, equal all four ways and to the first accepted candidates', async () => {
    const sim = session.llm.simulator()!;
    sim.resetMetrics();
    const fast = await session.program.evaluate(names, fields, MAX_ATTEMPTS);
    const fastRequests = sim.metrics().batchSizes;
    sim.resetMetrics();
    const slow = await session.program.with({ strategy: 'sequential' }).evaluate(names, fields, MAX_ATTEMPTS);
    const slowRequests = sim.metrics().batchSizes;
    const byHand = [
      await recordsSequential(session.calls, names, fields, MAX_ATTEMPTS),
      await recordsParallel(session.calls, names, fields, MAX_ATTEMPTS),
    ];

    expect(fast).toEqual(names.map(expectedRecord));
    expect(fast.every((r, i) => checkRecord(r, names[i]!))).toBe(true);
    expect([slow, ...byHand].every((r) => isDeepStrictEqual(r, fast))).toBe(true);
    // Every sampling step is one prompt; more steps than fields × records means some step was sampled again.
    const steps = slowRequests.length;
    expect(steps).toBeGreaterThan(names.length * fields.length);
    expect(fastRequests.reduce((a, b) => a + b, 0)).toBe(steps);
    expect(Math.max(...fastRequests)).toBeGreaterThan(1); // the records' concurrent steps share requests
  });

  it('gives up on a field after maxAttempts (null, which the schema rejects)', async () => {
    const name = names.find(needsRetry)!;
    const [record] = await session.program.evaluate([name], fields, 1);
    expect(checkRecord(record, name)).toBe(false);
    expect(Object.values(record as object)).toContain(null);
  });

  it('is registered as a demo following the module contract', async () => {
    const mod = programModule(await loadModule(DEMOS.find((d) => d.name === 'constrained')!.file), 'constrained');
    try {
      expect(mod.program.name).toBe('constrained');
      expect(mod.input).toEqual([[...PRODUCTS], fields, MAX_ATTEMPTS]);
      expect(mod.show?.(PRODUCTS.map(expectedRecord))).toMatch(
        /schema: yes · each is the first accepted candidate per field: yes$/,
      );
    } finally {
      await mod.dispose?.();
    }
  });
});
