import { describe, expect, it } from 'vitest';
import { EpicRuntimeError } from '../../lib/errors.js';
import {
  applyFirstOrder,
  BINARY,
  callGlobal,
  callMethod,
  concatArrays,
  getProperty,
  makeRecord,
  plus,
  strictness,
  template,
  UNARY,
} from '../../lib/runtime/builtins.js';
import { BINARY_OPS, UNARY_OPS } from '../../lib/terms/prims.js';
import { closure } from './run-harness.js';

const loc = { line: 3, column: 7, source: { name: 'prog', body: 'a\nb\nreturn o.k' } };

/** The message of the error `f` throws (and that it is an EpicRuntimeError). */
function failure(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(EpicRuntimeError);
    return (error as Error).message.split('\n')[0]!;
  }
  throw new Error('expected an error');
}

describe('strictness', () => {
  it('follows the table of prims.ts', () => {
    const row = (op: Parameters<typeof strictness>[0], n: number, name?: string) =>
      Array.from({ length: n }, (_, i) => strictness(op, i, name));
    expect(row('+', 2)).toEqual(['deep', 'deep']);
    expect(row('===', 2)).toEqual(['shallow', 'shallow']);
    expect(row('typeof', 1)).toEqual(['shallow']);
    expect(row('neg', 1)).toEqual(['deep']);
    expect(row('record', 4)).toEqual(['deep', 'lazy', 'deep', 'lazy']);
    expect(row('get', 2)).toEqual(['shallow', 'deep']);
    expect(row('getOpt', 2)).toEqual(['shallow', 'deep']);
    expect(row('fold', 3)).toEqual(['shallow', 'lazy', 'shallow']);
    expect(row('map', 2)).toEqual(['shallow', 'shallow']);
    expect(row('concat', 3)).toEqual(['shallow', 'shallow', 'shallow']);
    expect(row('template', 3)).toEqual(['deep', 'deep', 'deep']);
    expect(row('global', 2)).toEqual(['deep', 'deep']);
  });

  it('makes structural array methods shallow and every other method deep', () => {
    expect(strictness('method', 0, 'slice')).toBe('shallow');
    expect(strictness('method', 2, 'at')).toBe('shallow');
    expect(strictness('method', 0, 'join')).toBe('deep');
    expect(strictness('method', 0, undefined)).toBe('deep');
  });
});

describe('BINARY and UNARY', () => {
  it('cover every operator with JS semantics', () => {
    expect(Object.keys(BINARY).sort()).toEqual([...BINARY_OPS].sort());
    expect(Object.keys(UNARY).sort()).toEqual([...UNARY_OPS].sort());
    expect(BINARY['+']('a', 1)).toBe('a1');
    expect(BINARY['=='](null, undefined)).toBe(true);
    expect(BINARY['==='](null, undefined)).toBe(false);
    expect(BINARY['>>>'](-1, 28)).toBe(15);
    expect(BINARY['**'](2, 10)).toBe(1024);
    expect(BINARY['%'](-7, 3)).toBe(-1);
    expect([UNARY.neg('3'), UNARY.pos('4'), UNARY.not(''), UNARY.bitnot(0)]).toEqual([-3, 4, true, -1]);
  });

  it('typeof says function for a program closure', () => {
    expect(UNARY.typeof(closure('f', 0, () => 0))).toBe('function');
    expect(UNARY.typeof({})).toBe('object');
  });
});

describe('getProperty', () => {
  it('reads own properties, array and string indices (also as digit strings) and length', () => {
    expect(getProperty({ k: 1 }, 'k', false, loc)).toBe(1);
    expect(getProperty({ 1: 'one' }, 1, false, loc)).toBe('one');
    expect(getProperty([10, 20], 1, false, loc)).toBe(20);
    expect(getProperty([10, 20], '0', false, loc)).toBe(10);
    expect(getProperty('abc', 2, false, loc)).toBe('c');
    expect(getProperty('abc', 'length', false, loc)).toBe(3);
    expect(getProperty([1, 2, 3], 'length', false, loc)).toBe(3);
  });

  it('rejects inherited properties, out-of-range and non-integer indices, with the location', () => {
    expect(failure(() => getProperty({}, 'toString', false, loc))).toBe(
      'Property "toString" does not exist on an empty object',
    );
    expect(failure(() => getProperty([1], 1, false, loc))).toBe('Property 1 does not exist on an array of length 1');
    expect(failure(() => getProperty([1], -1, false, loc))).toBe('Property -1 does not exist on an array of length 1');
    expect(failure(() => getProperty([1, 2], 0.5, false, loc))).toBe(
      'Property 0.5 does not exist on an array of length 2',
    );
    expect(failure(() => getProperty([1], 'map', false, loc))).toBe(
      'Property "map" does not exist on an array of length 1',
    );
    expect(failure(() => getProperty(5, 'x', false, loc))).toBe('Property "x" does not exist on the number 5');
    expect(() => getProperty({}, 'k', false, loc)).toThrow(/\n {2}at prog:3:7\n3 \| return o\.k/);
  });

  it('names null and undefined receivers', () => {
    expect(failure(() => getProperty(null, 'a', false, loc))).toBe('Cannot read property "a" of null');
    expect(failure(() => getProperty(undefined, 0, false, loc))).toBe('Cannot read property 0 of undefined');
  });

  it('optional: undefined for a null receiver or a missing property, the value otherwise', () => {
    expect(getProperty(null, 'a', true, loc)).toBeUndefined();
    expect(getProperty(undefined, 'a', true, loc)).toBeUndefined();
    expect(getProperty({}, 'a', true, loc)).toBeUndefined();
    expect(getProperty([1], 5, true, loc)).toBeUndefined();
    expect(getProperty({ a: 0 }, 'a', true, loc)).toBe(0);
  });
});

describe('concatArrays', () => {
  it('spreads arrays and strings (by code point) in order into a new array', () => {
    const a = [1, 2];
    const out = concatArrays([a, [], 'x😀', [[3]]], loc);
    expect(out).toEqual([1, 2, 'x', '😀', [3]]);
    expect(out).not.toBe(a);
  });

  it('refuses to spread anything else', () => {
    expect(failure(() => concatArrays([[1], 5], loc))).toBe('Cannot spread the number 5 into an array');
    expect(failure(() => concatArrays([null], loc))).toBe('Cannot spread null into an array');
  });
});

describe('makeRecord', () => {
  it('builds a record from alternating keys and values; a later key wins', () => {
    expect(makeRecord(['a', 1, 'b', 2, 'a', 3])).toEqual({ a: 3, b: 2 });
    expect(makeRecord([1, 'one'])).toEqual({ 1: 'one' });
  });

  it('makes "__proto__" an ordinary own key, leaving the prototype alone', () => {
    const evil = { polluted: true };
    const rec = makeRecord(['__proto__', evil, 'x', 1]);
    expect(Object.getPrototypeOf(rec)).toBe(Object.prototype);
    expect(Object.keys(rec)).toEqual(['__proto__', 'x']);
    expect(Object.getOwnPropertyDescriptor(rec, '__proto__')?.value).toBe(evil);
    expect((rec as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe('template', () => {
  it('joins every part through String', () => {
    expect(template(['a', 1, 'b', null, '', undefined, [1, 2], { x: 1 }], undefined)).toBe(
      'a1bnullundefined1,2[object Object]',
    );
    expect(template([], undefined)).toBe('');
  });
});

describe('functions are not text', () => {
  function judge() {
    return 1;
  }
  it('a host function in a template, in +, or passed to String or JSON.stringify is an error, not its source', () => {
    expect(() => template(['x', judge], undefined)).toThrow('Cannot convert the host function judge to a string');
    expect(() => plus('x', judge, undefined)).toThrow('Cannot use the host function judge in +');
    expect(() => plus(judge, 1, undefined)).toThrow(EpicRuntimeError);
    expect(() => callGlobal('String', [judge], undefined)).toThrow(
      'Cannot pass the host function judge to String(): builtins take data',
    );
    expect(() => callGlobal('JSON.stringify', [[1, judge]], undefined)).toThrow(
      /Cannot pass the host function judge to JSON\.stringify\(\)/,
    );
    expect(() => callMethod('a', 'concat', [judge], undefined)).toThrow(/builtins take data/);
    expect(plus('a', 1, undefined)).toBe('a1');
  });

  it('what JS throws in + or a template is a located EpicRuntimeError', () => {
    const long = 'x'.repeat(2 ** 28);
    expect(failure(() => plus(long, long, loc))).toMatch(/^\+ failed: Invalid string length/);
    const broken = { toString: 5 };
    expect(failure(() => plus('a', broken, loc))).toMatch(/^\+ failed: Cannot convert object to primitive value/);
    expect(failure(() => template(['a', broken], loc))).toMatch(
      /^a template literal failed: Cannot convert object to primitive value/,
    );
  });

  it('a program function in + or a template is an error, not "[object Object]"', () => {
    const f = closure('f', 1, () => 1);
    expect(failure(() => applyFirstOrder('+', ['a', f], loc))).toMatch(/^Cannot use the function f in \+/);
    expect(failure(() => applyFirstOrder('template', ['a', f], loc))).toMatch(
      /^Cannot convert the function f to a string/,
    );
  });
});

describe('callMethod', () => {
  it("calls only the whitelisted methods of the receiver's type", () => {
    expect(callMethod(' hi ', 'trim', [], loc)).toBe('hi');
    expect(callMethod([1, 2, 3], 'join', ['-'], loc)).toBe('1-2-3');
    expect(callMethod(1.23456, 'toFixed', [2], loc)).toBe('1.23');
    expect(callMethod([3, 1, 2], 'toSorted', [], loc)).toEqual([1, 2, 3]);
    expect(failure(() => callMethod([1], 'trim', [], loc))).toBe('an array of length 1 has no supported method "trim"');
    expect(failure(() => callMethod([1], 'push', [2], loc))).toBe(
      'an array of length 1 has no supported method "push"',
    );
    expect(failure(() => callMethod('s', 'constructor', [], loc))).toBe(
      'the string "s" has no supported method "constructor"',
    );
    expect(failure(() => callMethod({ trim: () => 1 }, 'trim', [], loc))).toBe(
      'an object with keys trim has no supported method "trim"',
    );
    expect(failure(() => callMethod(null, 'toString', [], loc))).toBe('null has no supported method "toString"');
    expect(failure(() => callMethod('s', 7, [], loc))).toBe('the string "s" has no supported method 7');
  });

  it('wraps what the method throws, keeping the cause', () => {
    let error: unknown;
    try {
      callMethod('ab', 'repeat', [-1], loc);
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(/^repeat\(\) failed: Invalid count value: -1\n {2}at prog:3:7/);
    expect((error as Error).cause).toBeInstanceOf(RangeError);
  });
});

describe('callGlobal', () => {
  it('calls the listed pure globals', () => {
    expect(callGlobal('Math.max', [1, 5, 3], loc)).toBe(5);
    expect(callGlobal('JSON.stringify', [{ a: [1] }], loc)).toBe('{"a":[1]}');
    expect(callGlobal('Number.parseInt', ['42px'], loc)).toBe(42);
  });

  it('rejects unknown names and wraps what the function throws', () => {
    expect(failure(() => callGlobal('Math.random', [], loc))).toBe('Math.random is not a supported global function');
    expect(failure(() => callGlobal(3, [], loc))).toBe('3 is not a supported global function');
    expect(failure(() => callGlobal('JSON.parse', ['{nope'], loc))).toMatch(/^JSON\.parse\(\) failed: /);
  });

  it('rejects names inherited from Object.prototype', () => {
    expect(failure(() => callGlobal('constructor', [1], loc))).toBe('constructor is not a supported global function');
  });
});

describe('applyFirstOrder', () => {
  it('dispatches every first-order op', () => {
    expect(applyFirstOrder('concat', [[1], [2]], loc)).toEqual([1, 2]);
    expect(applyFirstOrder('record', ['a', 1], loc)).toEqual({ a: 1 });
    expect(applyFirstOrder('merge', [{ a: 1, b: 1 }, { b: 2 }], loc)).toEqual({ a: 1, b: 2 });
    expect(applyFirstOrder('merge', [null, undefined], loc)).toEqual({});
    expect(applyFirstOrder('get', [{ k: 'v' }, 'k'], loc)).toBe('v');
    expect(applyFirstOrder('getOpt', [null, 'k'], loc)).toBeUndefined();
    expect(applyFirstOrder('template', ['n=', 1], loc)).toBe('n=1');
    expect(applyFirstOrder('method', ['abc', 'slice', 1, 2], loc)).toBe('b');
    expect(applyFirstOrder('global', ['Math.min', 4, 2], loc)).toBe(2);
    expect(applyFirstOrder('-', [5, 2], loc)).toBe(3);
    expect(applyFirstOrder('not', [0], loc)).toBe(true);
    expect(applyFirstOrder('typeof', ['s'], loc)).toBe('string');
  });

  it('refuses the higher-order ops, which each evaluator implements', () => {
    for (const op of ['bool', 'fold', 'map', 'filter'] as const) {
      expect(() => applyFirstOrder(op, [], loc)).toThrow(`${op} is higher-order`);
    }
  });
});
