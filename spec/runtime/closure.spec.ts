import { describe, expect, it } from 'vitest';
import { Closure, newFrame, TAIL, type LamCode } from '../../lib/runtime/closure.js';
import { FunctionValue } from '../../lib/runtime/values.js';

const code: LamCode = { arity: 2, frameSize: 5, body: () => 0, name: 'pair', loc: undefined };

describe('Closure and newFrame', () => {
  it("a closure is a FunctionValue with its code's arity and name", () => {
    const env = [undefined, 'outer'];
    const c = new Closure(code, env);
    expect(c).toBeInstanceOf(FunctionValue);
    expect([c.arity, c.name, c.env]).toEqual([2, 'pair', env]);
  });

  it("newFrame makes a fresh frame of the code's size with the environment in slot 0", () => {
    const env = [undefined];
    const c = new Closure(code, env);
    const a = newFrame(c);
    const b = newFrame(c);
    expect(a).toHaveLength(5);
    expect(a[0]).toBe(env);
    expect(a.slice(1)).toEqual([undefined, undefined, undefined, undefined]);
    expect(a).not.toBe(b);
  });

  it('TAIL is a unique marker', () => {
    expect(typeof TAIL).toBe('symbol');
    expect(TAIL).not.toBe(Symbol.for('tail call'));
  });
});
