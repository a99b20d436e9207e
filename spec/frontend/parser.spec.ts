import * as acorn from 'acorn';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NameList, parseProgram } from '../../lib/frontend/parser.js';

const OPTIONS: acorn.Options = { ecmaVersion: 'latest', sourceType: 'module', locations: true };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('NameList', () => {
  it('keeps the names pushed, and finds the first index of each', () => {
    const list = new NameList();
    list.push('a', 'b');
    list.push('a');
    expect([...list]).toEqual(['a', 'b', 'a']);
    expect(list.indexOf('a')).toBe(0);
    expect(list.indexOf('b')).toBe(1);
    expect(list.indexOf('c')).toBe(-1);
    expect(list[0]).toBe('a');
  });
});

describe('parseProgram', () => {
  it('gives the tree acorn gives', () => {
    const text = '(x) => { const a = f(x); let [b, c] = a; function g(y) { return y ?? b; } return { a, b: g(c) }; }';
    expect(JSON.stringify(parseProgram(text, OPTIONS))).toBe(JSON.stringify(acorn.parse(text, OPTIONS)));
  });

  it('looks declared names up in indexed lists (the plugin applies)', () => {
    const lookups = vi.spyOn(NameList.prototype, 'indexOf');
    parseProgram('{ let a; let b; }', OPTIONS);
    expect(lookups).toHaveBeenCalledWith('b');
  });

  it.each([
    ['let a; let a;', "Identifier 'a' has already been declared (1:11)"],
    ['(x) => { let x; }', "Identifier 'x' has already been declared (1:13)"],
    ['{ function f() {} let f; }', "Identifier 'f' has already been declared (1:22)"],
  ])('still rejects a redeclaration: %s', (text, message) => {
    expect(() => parseProgram(text, OPTIONS)).toThrow(message);
    expect(() => acorn.parse(text, OPTIONS)).toThrow(message);
  });

  it('recognises running out of stack without a regular expression', () => {
    const tests = vi.spyOn(RegExp.prototype, 'test');
    const text = `${'if (a) {} else '.repeat(20_000)}{}`;
    expect(() => parseProgram(text, OPTIONS)).toThrow(/^Not enough stack space to parse input \(1:\d+\)$/);
    expect(tests.mock.calls.filter(([s]) => String(s).includes('Maximum call stack'))).toEqual([]);
  });
});
