import { describe, expect, it } from 'vitest';
import { Cell, FORWARDED, peek, PENDING, RESOLVED, root } from '../../lib/runtime/cell.js';

/** c[0] → c[1] → … → c[n-1], the last one pending, built by hand (as `Run.resolve` forwards). */
function chain(n: number): Cell[] {
  const cells = Array.from({ length: n }, () => new Cell());
  for (let i = 0; i + 1 < n; i++) {
    cells[i]!.state = FORWARDED;
    cells[i]!.value = cells[i + 1];
  }
  return cells;
}

describe('Cell', () => {
  it('starts pending, with no value and no waiters', () => {
    const c = new Cell();
    expect([c.state, c.value, c.waiters]).toEqual([PENDING, undefined, null]);
    expect(new Set([PENDING, RESOLVED, FORWARDED]).size).toBe(3);
  });
});

describe('root', () => {
  it('is the cell itself unless it is forwarded', () => {
    const pending = new Cell();
    const resolved = Object.assign(new Cell(), { state: RESOLVED, value: 7 });
    expect(root(pending)).toBe(pending);
    expect(root(resolved)).toBe(resolved);
  });

  it('follows a forwarding chain to its end and points every cell on the way straight at it', () => {
    const cells = chain(6);
    const end = cells[5]!;
    expect(root(cells[0]!)).toBe(end);
    for (const c of cells.slice(0, 5)) {
      expect(c.state).toBe(FORWARDED);
      expect(c.value).toBe(end);
    }
  });

  it('compresses only the path it walked (a cell further along keeps its own compressed link)', () => {
    const cells = chain(4);
    expect(root(cells[2]!)).toBe(cells[3]);
    expect(cells[0]!.value).toBe(cells[1]); // not walked yet
    expect(root(cells[0]!)).toBe(cells[3]);
    expect(cells[0]!.value).toBe(cells[3]);
  });

  it('walks a 100,000-cell chain once; later lookups are one step', () => {
    const cells = chain(100_000);
    const end = cells[cells.length - 1]!;
    expect(root(cells[0]!)).toBe(end);
    expect(cells[50_000]!.value).toBe(end);
    // a second lookup from anywhere needs a single hop
    for (const i of [0, 1, 99_998]) expect(cells[i]!.value).toBe(end);
  });

  it('ends at a resolved cell when the chain ends in one', () => {
    const cells = chain(3);
    Object.assign(cells[2]!, { state: RESOLVED, value: 'done' });
    expect(root(cells[0]!)).toBe(cells[2]);
  });
});

describe('peek', () => {
  it('returns non-Cells as they are, including objects and undefined', () => {
    const o = { a: 1 };
    expect(peek(o)).toBe(o);
    expect(peek(undefined)).toBeUndefined();
    expect(peek(0)).toBe(0);
  });

  it('returns the value of a resolved cell, even through a forwarding chain', () => {
    const cells = chain(3);
    Object.assign(cells[2]!, { state: RESOLVED, value: 42 });
    expect(peek(cells[0])).toBe(42);
    expect(peek(cells[2])).toBe(42);
  });

  it('returns the pending root, not the forwarded cell it was given', () => {
    const cells = chain(3);
    expect(peek(cells[0])).toBe(cells[2]);
  });

  it('returns a resolved value that is itself undefined (not the cell)', () => {
    const c = Object.assign(new Cell(), { state: RESOLVED, value: undefined });
    expect(peek(c)).toBeUndefined();
  });
});
