import { of, type Observable } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { external, type Resolved } from '../../lib/runtime/external.js';

describe('external', () => {
  it('is the identity at run time', async () => {
    const fn = async (s: string): Promise<number> => s.length;
    const declared = external(fn);
    expect(declared).toBe(fn as unknown);
    // called from ordinary code it still returns its Promise
    expect(await (declared('abc') as unknown as Promise<number>)).toBe(3);
  });

  it('types a host as program code sees it: Promise, Observable and AsyncIterable results resolved', () => {
    const p = external(async (s: string) => s.length);
    const o = external((n: number): Observable<string> => of(String(n)));
    const a = external(async function* (n: number) {
      yield n;
    });
    const plain = external((a: number, b: number) => [a, b]);
    expectTypeOf(p).toEqualTypeOf<(s: string) => number>();
    expectTypeOf(o).toEqualTypeOf<(n: number) => string>();
    expectTypeOf(a).returns.toEqualTypeOf<number[]>();
    expectTypeOf(plain).toEqualTypeOf<(a: number, b: number) => number[]>();
    expectTypeOf<Resolved<PromiseLike<'x'>>>().toEqualTypeOf<'x'>();
  });
});
