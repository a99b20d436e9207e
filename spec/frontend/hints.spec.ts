import { describe, expect, it } from 'vitest';
import { editDistance, unboundHint } from '../../lib/frontend/hints.js';

describe('hints', () => {
  it('editDistance counts insertions, deletions, substitutions and swapped neighbours', () => {
    expect(editDistance('jugde', 'judge')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('propose', 'propose')).toBe(0);
    expect(editDistance('propse', 'propose')).toBe(1);
    expect(editDistance('judge', 'budget')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the closest candidate within a third of the length', () => {
    expect(unboundHint('propse', ['judge', 'propose'])).toBe("; did you mean 'propose'?");
    expect(unboundHint('Judge', ['judge'])).toBe("; did you mean 'judge'?");
    expect(unboundHint('xyz', ['judge'])).toContain('pass it in the host object');
  });

  it('explains impure globals instead of suggesting', () => {
    expect(unboundHint('console', ['consoles'])).toContain('console is an effect');
    expect(unboundHint('Date', [])).toContain('Date reads the clock');
  });

  it('explains a host the loader renamed (check → check2) instead of suggesting the name the user wrote', () => {
    expect(unboundHint('check2', ['check', 'judge'])).toMatch(
      /renamed 'check' to 'check2' .* declares or imports another 'check'/,
    );
    expect(unboundHint('judge2', ['judge2x'])).not.toContain('renamed');
  });
});
