import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { compile } from '../lib/compile-term.js';
import { EpicRuntimeError } from '../lib/errors.js';
import { host, lit, v } from '../lib/terms/term.js';
import { DEPTH, letChain, nestedApps, nestedLams } from './terms/deep-terms.js';

describe(`compile on terms ${DEPTH} deep`, () => {
  it('compiles and runs a let chain', async () => {
    await expect(lastValueFrom(compile(letChain(v('y'), v(`x${DEPTH}`)))({ y: 5 }))).resolves.toBe(5);
  });

  // The compiler (lib/compile/opportunistic.ts) recurses once per nested call or fn.
  it('throws an EpicRuntimeError that says so, not a RangeError, for nested calls and fns', () => {
    expect(() => compile(nestedApps(host('inc'), v('x')), { inc: (n: number) => n + 1 })).toThrow(EpicRuntimeError);
    expect(() => compile(nestedLams(lit(1)))).toThrow(
      /^The program is too deeply nested to compile \(the JS stack ran out\)/,
    );
  });
});
