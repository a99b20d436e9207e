/** `Run`: cells, waiting, inputs, the queue, finishing and teardown (calls are in run-calls.spec.ts). */
import { finalize, map, of, Subject, timer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicInternalError, EpicRuntimeError } from '../../lib/errors.js';
import { Cell, FORWARDED, peek, RESOLVED, root, waiterList } from '../../lib/runtime/cell.js';
import { TAIL } from '../../lib/runtime/closure.js';
import { track } from '../../lib/runtime/deep.js';
import type { HostContext } from '../../lib/runtime/host-calls.js';
import { Run } from '../../lib/runtime/run.js';
import { closure, settlePromises, startRun } from './run-harness.js';

describe('Run.resolve and forwarding', () => {
  it('delivers a value to its waiters from the queue, not from inside resolve', () => {
    const cell = new Cell();
    const seen: unknown[] = [];
    const h = startRun((run) => {
      run.listen(cell, (x) => seen.push(x));
      return 1;
    });
    h.run.resolve(cell, 'v');
    expect([cell.state, cell.value, cell.waiters]).toEqual([RESOLVED, 'v', null]);
    expect(seen).toEqual([]);
    h.run.drain();
    expect(seen).toEqual(['v']);
  });

  it('resolves with the value of an already resolved Cell, never with the Cell', () => {
    const done = Object.assign(new Cell(), { state: RESOLVED, value: 9 });
    const cell = new Cell();
    startRun((run) => run.resolve(cell, done));
    expect([cell.state, cell.value]).toEqual([RESOLVED, 9]);
  });

  it("forwards to a pending Cell: waiters move behind the target's own and fire once, in order", () => {
    const a = new Cell();
    const b = new Cell();
    const seen: string[] = [];
    const h = startRun((run) => {
      run.listen(b, (x) => seen.push(`b1:${String(x)}`));
      run.listen(a, (x) => seen.push(`a1:${String(x)}`));
      run.listen(a, (x) => seen.push(`a2:${String(x)}`));
      return 0;
    });
    h.run.resolve(a, b);
    expect([a.state, a.value, a.waiters]).toEqual([FORWARDED, b, null]);
    expect(waiterList(b)).toHaveLength(3);
    h.run.resolve(b, 'x');
    h.run.drain();
    expect(seen).toEqual(['b1:x', 'a1:x', 'a2:x']);
    expect(peek(a)).toBe('x');
  });

  it("forwards to the end of the target's chain, not to the Cell it was given", () => {
    const [a, b, c] = [new Cell(), new Cell(), new Cell()];
    startRun((run) => {
      run.resolve(b, c);
      run.resolve(a, b);
      return 0;
    });
    expect(a.value).toBe(c);
  });

  it('refuses to make a Cell wait for itself, directly or through a chain', () => {
    const [a, b] = [new Cell(), new Cell()];
    const run = new Run({ now: () => 0, onResult: () => {}, onError: () => {} });
    expect(() => run.resolve(a, a)).toThrow(new EpicInternalError('a cell cannot wait for itself'));
    run.resolve(a, b);
    expect(() => run.resolve(b, a)).toThrow(new EpicInternalError('a cell cannot wait for itself'));
  });

  it('keeps a chain of 100,000 forwarded loop iterations O(1): one waiter, short paths, one delivery', () => {
    const first = new Cell();
    const seen: unknown[] = [];
    const h = startRun((run) => {
      run.listen(first, (x) => seen.push(x));
      return 0;
    });
    const started = performance.now();
    let current = first;
    let misses = 0;
    for (let i = 0; i < 100_000; i++) {
      const next = new Cell();
      h.run.resolve(current, next);
      if (peek(first) !== next) misses++; // every step looks at the root: compression keeps this O(1)
      current = next;
    }
    expect(misses).toBe(0);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(waiterList(current)).toHaveLength(1);
    expect(first.waiters).toBeNull();
    expect(root(first)).toBe(current);
    h.run.resolve(current, 'end');
    h.run.drain();
    expect(seen).toEqual(['end']);
  });
});

describe('Run.listen, then, defer, settle', () => {
  it('listen calls at once for a value or a resolved Cell, and on resolution of the root for a forwarded one', () => {
    const seen: unknown[] = [];
    const [a, b] = [new Cell(), new Cell()];
    const h = startRun((run) => {
      run.listen(5, (x) => seen.push(x));
      run.listen(Object.assign(new Cell(), { state: RESOLVED, value: 6 }), (x) => seen.push(x));
      run.resolve(a, b);
      run.listen(a, (x) => seen.push(x));
      return 0;
    });
    expect(seen).toEqual([5, 6]);
    expect(waiterList(b)).toHaveLength(1);
    h.run.resolve(b, 7);
    h.run.drain();
    expect(seen).toEqual([5, 6, 7]);
  });

  it('then gives a Cell for f(value), forwarding when f returns a pending Cell', () => {
    const [src, later] = [new Cell(), new Cell()];
    let out!: Cell;
    const h = startRun((run) => {
      out = run.whenResolved(src, (x) => (x === 1 ? later : 'no'));
      return 0;
    });
    h.run.resolve(src, 1);
    h.run.drain();
    expect(out.state).toBe(FORWARDED);
    h.run.resolve(later, 'yes');
    expect(peek(out)).toBe('yes');
  });

  it('then and defer finish a tail call their function leaves (settle)', () => {
    const double = closure('double', 1, (f) => (f[1] as number) * 2);
    const src = new Cell();
    const tail = (run: Run) => {
      run.tailFn = double;
      run.tailFrame = [undefined, 21];
      return TAIL;
    };
    const h = startRun((run) => track(run, [run.whenResolved(src, () => tail(run)), run.defer(() => tail(run))]));
    h.run.resolve(src, 0);
    h.release();
    expect(h.results).toEqual([[42, 42]]);
  });

  it('defer runs thunks later, from the queue, first in first out', () => {
    const order: number[] = [];
    const h = startRun(
      (run) => {
        const cells = [1, 2, 3].map((i) => run.defer(() => (order.push(i), i * 10)));
        order.push(0);
        return track(run, cells);
      },
      { open: false },
    );
    expect(order).toEqual([0, 1, 2, 3]);
    expect(h.results).toEqual([[10, 20, 30]]);
  });
});

describe('Run.isDeep and whenDeep', () => {
  it('isDeep: only Cells and containers the run tracks as partial are not deep', () => {
    const h = startRun(() => 0);
    const partial = track(h.run, [new Cell()]);
    expect([1, 'a', null, undefined, {}, [1], () => 1].map((x) => h.run.isDeep(x))).toEqual(Array(7).fill(true));
    expect(h.run.isDeep(new Cell())).toBe(false);
    expect(h.run.isDeep(partial)).toBe(false);
  });

  it('whenDeep calls at once when nothing is pending', () => {
    const h = startRun(() => 0);
    const seen: unknown[] = [];
    h.run.whenDeep([1, { a: 2 }], (x) => seen.push(x));
    expect(seen).toEqual([[1, { a: 2 }]]);
  });

  it('whenDeep on nested partial containers waits for every part, then replaces Cells in place', () => {
    const [a, b, c] = [new Cell(), new Cell(), new Cell()];
    const seen: unknown[] = [];
    let outer!: unknown[];
    let inner!: Record<string, unknown>;
    const h = startRun((run) => {
      inner = track(run, { k: b, j: 1 });
      outer = track(run, [a, inner, 3]);
      run.whenDeep(outer, (x) => seen.push(x));
      return 0;
    });
    h.run.resolve(a, 'A');
    h.run.drain();
    h.run.resolve(b, c); // a part forwarded to another pending part
    h.run.drain();
    expect(seen).toEqual([]);
    const innermost = track(h.run, ['deep']);
    h.run.resolve(c, innermost);
    h.run.drain();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(outer);
    expect(outer).toEqual(['A', { k: ['deep'], j: 1 }, 3]);
    expect(outer[1]).toBe(inner);
    expect(h.run.isDeep(outer)).toBe(true);
    expect(h.run.isDeep(inner)).toBe(true);
  });

  it('whenDeep on a Cell that resolves to a partial container waits for that container too', () => {
    const [cell, part] = [new Cell(), new Cell()];
    const seen: unknown[] = [];
    const h = startRun((run) => {
      run.whenDeep(cell, (x) => seen.push(x));
      return 0;
    });
    h.run.resolve(cell, track(h.run, [part]));
    h.run.drain();
    expect(seen).toEqual([]);
    h.run.resolve(part, 1);
    h.run.drain();
    expect(seen).toEqual([[1]]);
  });
});

describe('Run.input', () => {
  it('is the last value of an Observable; the run waits for it to complete', () => {
    const s = new Subject<number>();
    const h = startRun((run) => run.input(s), { open: false });
    s.next(1);
    s.next(2);
    expect(h.results).toEqual([]);
    s.complete();
    expect(h.results).toEqual([2]);
    expect(startRun((run) => run.input(of(1, 2, 3)), { open: false }).results).toEqual([3]);
  });

  it('keeps the run open even when the result does not use it', () => {
    const s = new Subject<number>();
    const h = startRun((run) => (run.input(s), 'ok'), { open: false });
    expect(h.results).toEqual([]);
    s.next(0);
    s.complete();
    expect(h.results).toEqual(['ok']);
  });

  it('fails the run when it errors or completes without a value', () => {
    const boom = new Error('input broke');
    const s = new Subject<number>();
    const failed = startRun((run) => run.input(s), { open: false });
    s.error(boom);
    expect(failed.errors[0]).toBeInstanceOf(EpicRuntimeError);
    expect((failed.errors[0] as Error).message).toBe('Program input 1 (an Observable) failed: input broke');
    expect((failed.errors[0] as Error).cause).toBe(boom);
    const empty = startRun((run) => run.input(of(), 1), { open: false });
    expect(empty.errors[0]).toBeInstanceOf(EpicRuntimeError);
    expect((empty.errors[0] as Error).message).toBe('Program input 2 (an Observable) completed without a value');
  });

  it('is unsubscribed when the run is disposed', () => {
    const s = new Subject<number>();
    const h = startRun((run) => run.input(s), { open: false });
    expect(s.observed).toBe(true);
    h.run.dispose();
    expect(s.observed).toBe(false);
  });
});

describe('the run queue', () => {
  it('keeps first-in-first-out order across compaction for more than 10,000 items', () => {
    const order: number[] = [];
    let longest = 0;
    const n = 6000;
    const h = startRun(
      (run) => {
        const queue = (run as unknown as { queueFns: unknown[] }).queueFns;
        for (let i = 0; i < n; i++) {
          run.defer(() => {
            order.push(i);
            run.defer(() => {
              order.push(n + i);
              longest = Math.max(longest, queue.length);
              return 0;
            });
            return 0;
          });
        }
        return 'done';
      },
      { open: false },
    );
    expect(h.results).toEqual(['done']);
    expect(order).toEqual(Array.from({ length: 2 * n }, (_, i) => i));
    expect(longest).toBeLessThan(2 * n); // the processed front was dropped on the way
  });

  it('fails the run with an error thrown by queued work, and runs nothing queued after it', () => {
    const boom = new Error('waiter broke');
    const ran: number[] = [];
    const h = startRun((run) => {
      run.defer(() => {
        throw boom;
      });
      run.defer(() => ran.push(1));
      return 0;
    });
    expect(h.errors).toEqual([boom]);
    expect(ran).toEqual([]);
  });
});

describe('finishing a run', () => {
  it('reports the deeply resolved result once the run is quiet, after calls whose values nobody uses', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const seen: Array<[unknown, number]> = [];
    scheduler.run(({ flush }) => {
      const run = new Run({
        now: () => scheduler.now(),
        onResult: (v) => seen.push([v, scheduler.now()]),
        onError: (e) => seen.push([e, -1]),
      });
      const delayed = (ms: number, v: unknown) => () => timer(ms).pipe(map(() => v));
      run.start(() => {
        run.callHost(delayed(100, 'unused'), [], undefined, 'slow');
        return track(run, [run.callHost(delayed(10, 'used'), [], undefined, 'fast')]);
      });
      flush();
    });
    expect(seen).toEqual([[['used'], 100]]);
  });

  it('reports a stall when nothing is in flight and the result is still pending', () => {
    const h = startRun(() => new Cell(), { open: false });
    expect(h.results).toEqual([]);
    expect((h.errors as Error[]).map((e) => `${e.name}: ${e.message}`)).toEqual([
      'EpicInternalError: the run stalled with nothing in flight and its result still pending',
    ]);
  });

  it('reports once: draining a finished run does nothing', () => {
    const h = startRun(() => 1, { open: false });
    h.run.drain();
    h.run.fail(new Error('late'));
    expect([h.results, h.errors]).toEqual([[1], []]);
  });
});

describe('fail and dispose', () => {
  it('fail reports the first error only, aborting every call in flight', () => {
    const signals: AbortSignal[] = [];
    let unsubscribed = 0;
    const pending = (): Observable<never> => new Subject<never>().pipe(finalize(() => unsubscribed++));
    const h = startRun((run) => [
      run.callHost(
        function (this: HostContext) {
          signals.push(this.signal);
          return new Promise(() => {});
        },
        [],
        undefined,
        'p',
      ),
      run.callHost(pending, [], undefined, 'o'),
    ]);
    expect(h.run.calls.inFlight).toBe(2);
    const first = new Error('first');
    h.run.fail(first);
    h.run.fail(new Error('second'));
    expect(h.errors).toEqual([first]);
    expect(signals[0]!.aborted).toBe(true);
    expect(unsubscribed).toBe(1);
    expect(h.run.calls.inFlight).toBe(0);
  });

  it('ignores a host result that arrives after dispose', async () => {
    let answer!: (v: string) => void;
    const h = startRun(
      (run) =>
        run.callHost(
          () =>
            new Promise<string>((r) => {
              answer = r;
            }),
          [],
          undefined,
          'late',
        ),
      { open: false },
    );
    h.run.dispose();
    answer('too late');
    await settlePromises();
    expect([h.results, h.errors]).toEqual([[], []]);
    expect(h.events.map((e) => e.type)).toEqual(['dispatched']);
  });

  it('drops queued work when disposed in the middle of a drain', () => {
    const ran: number[] = [];
    const h = startRun((run) => {
      run.defer(() => {
        ran.push(1);
        run.dispose();
        return 0;
      });
      run.defer(() => ran.push(2));
      return 0;
    });
    expect(ran).toEqual([1]);
    expect([h.results, h.errors]).toEqual([[], []]);
  });
});
