import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../lib/frontend/lines.js';

describe('LineIndex', () => {
  it('gives 1-based lines and columns, breaking lines at \\r\\n, \\r and \\n as excerpts do', () => {
    const text = 'ab\r\ncd\ref\ngh';
    const lines = new LineIndex(text);
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(text.indexOf('d'))).toEqual({ line: 2, column: 2 });
    expect(lines.position(text.indexOf('e'))).toEqual({ line: 3, column: 1 });
    expect(lines.position(text.indexOf('h'))).toEqual({ line: 4, column: 2 });
    expect(text.split(/\r\n|\r|\n/)[lines.line(text.indexOf('f')) - 1]).toBe('ef');
  });

  it('knows where each line starts', () => {
    const lines = new LineIndex('a\nbc\n');
    expect([1, 2, 3, 4].map((l) => lines.start(l))).toEqual([0, 2, 5, undefined]);
  });
});
