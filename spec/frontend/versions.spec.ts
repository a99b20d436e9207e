import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Versions } from '../../lib/frontend/versions.js';

describe('Versions', () => {
  it('is empty at first, including for keys past its size', () => {
    const empty = Versions.empty<string>();
    expect(empty.get(0)).toBeUndefined();
    expect(empty.get(1_000_000)).toBeUndefined();
  });

  it('behaves as a Map copied on every set, old maps unchanged (random keys, sets and reads)', () => {
    const op = fc.record({ from: fc.nat(20), key: fc.oneof(fc.nat(40), fc.nat(200_000)), value: fc.string() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        // history[i] is the i-th map and its model; each set starts from an earlier one.
        const history: [Versions<string>, Map<number, string>][] = [[Versions.empty(), new Map()]];
        for (const { from, key, value } of ops) {
          const [map, model] = history[from % history.length]!;
          history.push([map.set(key, value), new Map(model).set(key, value)]);
        }
        for (const [map, model] of history) {
          for (const { key } of ops) expect(map.get(key)).toBe(model.get(key));
          for (const [key, value] of model) expect(map.get(key)).toBe(value);
        }
      }),
    );
  });
});
