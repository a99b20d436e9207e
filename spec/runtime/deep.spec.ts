import { describe, expect, it } from 'vitest';
import { Cell, RESOLVED } from '../../lib/runtime/cell.js';
import { DeepWaiter, track } from '../../lib/runtime/deep.js';
import { startRun } from './run-harness.js';

const resolved = (value: unknown): Cell => Object.assign(new Cell(), { state: RESOLVED, value });

describe('track', () => {
  it('returns the container itself, untracked when nothing inside is pending', () => {
    const h = startRun(() => 0);
    const xs = [1, 'a', null, { plain: true }];
    expect(track(h.run, xs)).toBe(xs);
    expect(h.run.containers.has(xs)).toBe(false);
  });

  it('replaces resolved Cells by their values in place (arrays and records)', () => {
    const h = startRun(() => 0);
    const xs = track(h.run, [resolved(1), 2]);
    const rec = track(h.run, { a: resolved('x'), b: resolved(undefined) });
    expect(xs).toEqual([1, 2]);
    expect(rec).toEqual({ a: 'x', b: undefined });
    expect(h.run.containers.has(xs) || h.run.containers.has(rec)).toBe(false);
  });

  it('tracks a container holding a pending Cell, or a tracked container, anywhere in it', () => {
    const h = startRun(() => 0);
    const pending = new Cell();
    const inner = track(h.run, { k: pending });
    const outer = track(h.run, [1, inner]);
    const later = track(h.run, [resolved(1), new Cell()]);
    expect([h.run.containers.has(inner), h.run.containers.has(outer), h.run.containers.has(later)]).toEqual([
      true,
      true,
      true,
    ]);
    expect(later[0]).toBe(1);
  });

  it('looks at the root of a forwarded Cell', () => {
    const h = startRun(() => 0);
    const [a, b] = [new Cell(), new Cell()];
    h.run.resolve(a, b);
    h.run.resolve(b, 5);
    expect(track(h.run, [a])).toEqual([5]);
  });
});

describe('DeepWaiter', () => {
  it('calls done at once (before start returns) for a value with nothing pending', () => {
    const h = startRun(() => 0);
    const seen: unknown[] = [];
    new DeepWaiter(h.run, (x) => seen.push(x)).start(7);
    expect(seen).toEqual([7]);
  });

  it('waits for every pending part of nested containers, calling done once with the same container', () => {
    const [a, b, c] = [new Cell(), new Cell(), new Cell()];
    const seen: unknown[] = [];
    let top!: unknown[];
    const h = startRun((run) => {
      top = track(run, [a, track(run, { b, n: track(run, [c]) })]);
      new DeepWaiter(run, (x) => seen.push(x)).start(top);
      return 0;
    });
    for (const [cell, value] of [
      [c, 'C'],
      [a, 'A'],
    ] as const) {
      h.run.resolve(cell, value);
      h.run.drain();
      expect(seen).toEqual([]);
    }
    h.run.resolve(b, 'B');
    h.run.drain();
    expect(seen).toEqual([top]);
    expect(top).toEqual(['A', { b: 'B', n: ['C'] }]);
  });

  it('follows a part that resolves to another partial container, and untracks everything it visited', () => {
    const [a, b] = [new Cell(), new Cell()];
    const seen: unknown[] = [];
    let top!: unknown[];
    const h = startRun((run) => {
      top = track(run, [a]);
      new DeepWaiter(run, (x) => seen.push(x)).start(top);
      return 0;
    });
    const arriving = track(h.run, { b });
    h.run.resolve(a, arriving);
    h.run.drain();
    expect(seen).toEqual([]);
    h.run.resolve(b, [1]);
    h.run.drain();
    expect(seen).toEqual([[{ b: [1] }]]);
    expect(top[0]).toBe(arriving);
    expect(h.run.containers.has(top) || h.run.containers.has(arriving)).toBe(false);
  });

  it('waits on a pending Cell given directly, following it when it is forwarded', () => {
    const [a, b] = [new Cell(), new Cell()];
    const seen: unknown[] = [];
    const h = startRun((run) => {
      new DeepWaiter(run, (x) => seen.push(x)).start(a);
      return 0;
    });
    h.run.resolve(a, b);
    h.run.drain();
    h.run.resolve(b, 'end');
    h.run.drain();
    expect(seen).toEqual(['end']);
  });

  it('finishes once when the same pending part is reachable twice', () => {
    const a = new Cell();
    const seen: unknown[] = [];
    const h = startRun((run) => {
      const shared = track(run, [a]);
      new DeepWaiter(run, (x) => seen.push(x)).start(track(run, [shared, shared]));
      return 0;
    });
    h.run.resolve(a, 1);
    h.run.drain();
    expect(seen).toEqual([[[1], [1]]]);
  });

  it('two waiters on the same container both finish', () => {
    const a = new Cell();
    const seen: string[] = [];
    const h = startRun((run) => {
      const xs = track(run, [a]);
      new DeepWaiter(run, () => seen.push('first')).start(xs);
      new DeepWaiter(run, () => seen.push('second')).start(xs);
      return 0;
    });
    h.run.resolve(a, 1);
    h.run.drain();
    expect(seen.sort()).toEqual(['first', 'second']);
  });

  it('does not walk containers the run did not build (host data is resolved by construction)', () => {
    const h = startRun(() => 0);
    const foreign = { cell: new Cell() };
    const seen: unknown[] = [];
    new DeepWaiter(h.run, (x) => seen.push(x)).start(foreign);
    expect(seen).toEqual([foreign]);
  });
});
