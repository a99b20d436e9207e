/**
 * Offsets → lines and columns. The front end parses without acorn's `locations` (which costs
 * three objects a node) and computes a node's line and column from its offset only when it needs
 * a location. Lines break at `\r\n`, `\r` or `\n`, as excerpts split them (lib/locations.ts), so a
 * location's line is the excerpt's.
 */

/** The line starts of a text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    const breaks = /\r\n|\r|\n/g;
    for (let m = breaks.exec(text); m; m = breaks.exec(text)) this.starts.push(m.index + m[0].length);
  }

  /** The offset where (1-based) `line` starts, if the text has that line. */
  start(line: number): number | undefined {
    return this.starts[line - 1];
  }

  /** The 1-based line of `offset`. */
  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /**
   * The 1-based line and column of `offset`.
   *
   * @example
   * new LineIndex('ab\ncd').position(4) // { line: 2, column: 2 }
   */
  position(offset: number): { line: number; column: number } {
    const line = this.line(offset);
    return { line, column: offset - this.starts[line - 1]! + 1 };
  }
}
