import { describe, expect, it } from 'vitest';
import { EpicRuntimeError } from '../../lib/errors.js';
import { Cell } from '../../lib/runtime/cell.js';
import { asList, callbackArgs, describe as describeValue, FunctionValue, typeOf } from '../../lib/runtime/values.js';
import { closure } from './run-harness.js';

const fnOf = (arity: number) => closure(`f${arity}`, arity, () => 0);

describe('FunctionValue', () => {
  it('is the base of program closures, which report their arity and name', () => {
    const f = fnOf(2);
    expect(f).toBeInstanceOf(FunctionValue);
    expect([f.arity, f.name]).toEqual([2, 'f2']);
  });
});

describe('callbackArgs', () => {
  it('gives a program function as many of (x, i, xs) as it declares', () => {
    const xs = ['a'];
    expect(callbackArgs(fnOf(0), 'a', 0, xs)).toEqual([]);
    expect(callbackArgs(fnOf(1), 'a', 0, xs)).toEqual(['a']);
    expect(callbackArgs(fnOf(2), 'a', 0, xs)).toEqual(['a', 0]);
    expect(callbackArgs(fnOf(3), 'a', 0, xs)[2]).toBe(xs);
  });

  it('pads with undefined past the arguments JS would pass', () => {
    const extra = callbackArgs(fnOf(5), 'a', 0, []);
    expect(extra).toHaveLength(5);
    expect(extra.slice(3)).toEqual([undefined, undefined]);
    expect(callbackArgs(fnOf(4), 0, 'x', 1, ['x'])).toEqual([0, 'x', 1, ['x']]);
  });

  it('gives a host function all of them, as JS does (four for reduce)', () => {
    const host = (..._: unknown[]) => 0;
    expect(callbackArgs(host, 'a', 0, ['a'])).toEqual(['a', 0, ['a']]);
    expect(callbackArgs(host, 10, 'a', 0, ['a'])).toEqual([10, 'a', 0, ['a']]);
  });
});

describe('describe', () => {
  it('names values for error messages', () => {
    expect(describeValue(new Cell())).toBe('a pending value');
    expect(describeValue(fnOf(1))).toBe('the function f1');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue([1, 2])).toBe('an array of length 2');
    expect(describeValue('hi')).toBe('the string "hi"');
    expect(describeValue(0)).toBe('the number 0');
    expect(describeValue(false)).toBe('the boolean false');
    expect(describeValue(function named() {})).toBe('the host function named');
    expect(
      describeValue(
        (
          () => () =>
            0
        )(),
      ),
    ).toBe('the host function anonymous');
    expect(describeValue({})).toBe('an empty object');
    expect(describeValue({ a: 1, b: 2 })).toBe('an object with keys a, b');
    expect(describeValue(10n)).toBe('a bigint');
    expect(describeValue(Symbol('s'))).toBe('a symbol');
  });

  it('shortens long strings and long key lists', () => {
    const long = 'x'.repeat(41);
    expect(describeValue('x'.repeat(40))).toBe(`the string "${'x'.repeat(40)}"`);
    expect(describeValue(long)).toBe(`the string "${'x'.repeat(39)}…"`);
    expect(describeValue({ a: 1, b: 1, c: 1, d: 1, e: 1 })).toBe('an object with keys a, b, c, d, e');
    expect(describeValue({ a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 })).toBe('an object with keys a, b, c, d, e, …');
  });
});

describe('typeOf', () => {
  it('is JS typeof, except that program functions are functions', () => {
    expect(typeOf(fnOf(0))).toBe('function');
    expect([typeOf(null), typeOf([]), typeOf(''), typeOf(undefined), typeOf(() => 0)]).toEqual([
      'object',
      'object',
      'string',
      'undefined',
      'function',
    ]);
  });
});

describe('asList', () => {
  const loc = { line: 1, column: 2 };
  it('returns an array as it is, and spreads a string only when allowed', () => {
    const xs = [1];
    expect(asList(xs, 'map', loc, false)).toBe(xs);
    expect(asList('a😀', 'fold', loc, true)).toEqual(['a', '😀']);
  });

  it('refuses anything else, naming the loop and the value', () => {
    expect(() => asList('ab', 'map', loc, false)).toThrow(EpicRuntimeError);
    expect(() => asList('ab', 'map', loc, false)).toThrow(
      /^Cannot map over the string "ab": not an array\n {2}at <source>:1:2/,
    );
    expect(() => asList({ length: 1 }, 'filter', undefined, true)).toThrow(
      /^Cannot filter over an object with keys length: not an array$/,
    );
  });
});
