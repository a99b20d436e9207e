import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countTokens, shapeText, splitTokens } from '../../lib/sim/tokens.js';

describe('tokens are whitespace-separated words', () => {
  it('splits into pieces that concatenate back and hold one word each', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '\t', 'é') }), (text) => {
        const pieces = splitTokens(text);
        expect(pieces.length).toBe(countTokens(text));
        if (pieces.length > 0) expect(pieces.join('')).toBe(text);
        pieces.forEach((p) => expect(countTokens(p)).toBe(1));
      }),
    );
  });

  it('max_tokens keeps the first words and reports length', () => {
    expect(shapeText('a b c d', [], 2)).toEqual({ text: 'a b', pieces: ['a', ' b'], finishReason: 'length' });
    expect(shapeText('a b', [], 2).finishReason).toBe('stop');
  });

  it('stop cuts before the earliest stop string, then max_tokens applies', () => {
    expect(shapeText('one two. three; four', [';', '.'], undefined).text).toBe('one two');
    expect(shapeText('one two three. four', ['.', ''], 2)).toMatchObject({ text: 'one two', finishReason: 'length' });
    expect(shapeText('   ', [], undefined)).toEqual({ text: '', pieces: [], finishReason: 'stop' });
  });
});
