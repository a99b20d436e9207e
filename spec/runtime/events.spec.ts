import { describe, expect, it } from 'vitest';
import { callSite, summarize } from '../../lib/runtime/events.js';
import type { OriginalSource } from '../../lib/locations.js';

/** An original file whose line L of the parsed text maps to line L + 10, column + 2. */
const original: OriginalSource = {
  file: 'demos/app.ts',
  lineText: (line) => `text of ${line}`,
  position: (line, column) => (line === 99 ? undefined : { line: line + 10, column: column + 2 }),
};

describe('callSite', () => {
  it('is undefined without a location', () => {
    expect(callSite(undefined)).toBeUndefined();
  });

  it('is the position in the parsed text, named by the source (or "<program>")', () => {
    expect(callSite({ line: 2, column: 5, source: { name: 'solve', body: '' } })).toEqual({
      program: 'solve',
      line: 2,
      column: 5,
    });
    expect(callSite({ line: 1, column: 1 })).toEqual({ program: '<program>', line: 1, column: 1 });
  });

  it('maps back to the file the person wrote when the source knows it', () => {
    const source = { name: 'solve', body: 'x', original };
    expect(callSite({ line: 3, column: 4, source })).toEqual({
      program: 'solve',
      file: 'demos/app.ts',
      line: 13,
      column: 6,
    });
  });

  it('falls back to the parsed text when the location does not map', () => {
    const source = { name: 'solve', body: 'x', original };
    const site = callSite({ line: 99, column: 4, source });
    expect(site).toEqual({ program: 'solve', line: 99, column: 4 });
    expect(site && 'file' in site).toBe(false);
  });
});

describe('summarize', () => {
  it('renders values as JSON', () => {
    expect(summarize({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(summarize('s')).toBe('"s"');
    expect(summarize(null)).toBe('null');
    expect(summarize(undefined)).toBe('undefined');
    expect(summarize(Symbol('k'))).toBe('Symbol(k)');
  });

  it('renders functions by name', () => {
    expect(summarize(function judge() {})).toBe('<function judge>');
    expect(
      summarize(
        (
          () => () =>
            0
        )(),
      ),
    ).toBe('<function anonymous>');
  });

  it('truncates to the limit with an ellipsis, and not a character earlier', () => {
    const exact = 'x'.repeat(118); // 120 with the quotes
    expect(summarize(exact)).toBe(`"${exact}"`);
    const long = summarize('y'.repeat(200));
    expect(long).toHaveLength(120);
    expect(long).toBe(`"${'y'.repeat(118)}…`);
    expect(summarize([1, 2, 3, 4], 5)).toBe('[1,2…');
  });

  it('does not throw on a cyclic object or a BigInt', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(summarize(cyclic)).toBe('[object Object]');
    expect(summarize([cyclic])).toBe('[object Array]');
    expect(summarize(10n)).toBe('[object BigInt]');
    expect(
      summarize({
        toJSON() {
          throw new Error('no');
        },
      }),
    ).toBe('[object Object]');
  });
});
