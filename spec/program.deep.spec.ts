import { describe, expect, it } from 'vitest';
import { EpicError, EpicRuntimeError, EpicUnboundNameError } from '../lib/errors.js';
import { Program } from '../lib/program.js';
import { app, host, lam, lit, prim, tuple, v } from '../lib/terms/term.js';
import { DEPTH, letChain, nestedApps } from './terms/deep-terms.js';

/** The error `f` throws (failing the spec if it returns). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe(`Program.fromTerm on terms ${DEPTH} deep`, () => {
  it('accepts a closed let chain and a closed nested application', () => {
    expect(Program.fromTerm(lam(['y'], letChain(v('y'), v(`x${DEPTH}`))), {})).toBeInstanceOf(Program);
    expect(Program.fromTerm(lam(['x'], nestedApps(host('inc'), v('x'))), { inc: () => 1 })).toBeInstanceOf(Program);
  });

  it('rejects a free variable at the bottom of either, as it does in a shallow term', () => {
    const deepLet = thrown(() => Program.fromTerm(lam(['y'], letChain(v('y'), v('nope'))), {}));
    expect(deepLet).toBeInstanceOf(EpicUnboundNameError);
    expect(deepLet.message).toMatch(/^Unknown name "nope": .* \(the term has a free variable\)$/);
    const deepApp = thrown(() => Program.fromTerm(lam(['x'], nestedApps(host('inc'), v('nope'))), { inc: () => 1 }));
    expect(deepApp).toBeInstanceOf(EpicUnboundNameError);
  });

  it('names a missing host at the bottom of a deep term, or among 200,000 arguments', () => {
    expect(() => Program.fromTerm(lam(['x'], nestedApps(host('inc'), v('x'))), {})).toThrow(
      /host values that were not given: inc$/,
    );
    const wide = Array.from({ length: 200_000 }, (_, i) => lit(i));
    expect(() => Program.fromTerm(lam([], app(host('h'), [...wide, host('gone')])), { h: () => 1 })).toThrow(
      /host values that were not given: gone$/,
    );
    expect(Program.fromTerm(lam([], tuple(wide)), {})).toBeInstanceOf(Program);
  });
});

describe(`Program.fromTerm(…).evaluate on terms ${DEPTH} deep`, () => {
  it('runs a let chain', async () => {
    const chain = letChain(v('y'), v(`x${DEPTH}`));
    await expect(Program.fromTerm(lam(['y'], chain), {}).evaluate(7)).resolves.toBe(7);
  });

  // The compiler (lib/compile/opportunistic.ts, compileTerm) recurses once per nested argument;
  // Executable.compile turns the overflow into this error rather than a raw RangeError.
  it('fails a run of a nested application with an EpicRuntimeError that says it is too deep', async () => {
    const nested = Program.fromTerm(lam(['x'], nestedApps(host('inc'), v('x'))), { inc: (n: number) => n + 1 });
    await expect(nested.evaluate(0)).rejects.toThrow(EpicRuntimeError);
    await expect(nested.evaluate(0)).rejects.toThrow(/too deeply nested/);
    const sum = Program.fromTerm(lam(['x'], nestedApps(lam(['n'], prim('+', [v('n'), lit(1)])), v('x'))), {});
    await expect(sum.evaluate(0)).rejects.toBeInstanceOf(EpicError);
  });
});
