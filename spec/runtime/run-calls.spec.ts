/** `Run.apply`, `Run.enter` and `Run.callHost` (the rest of run.ts is in run.spec.ts). */
import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { EpicRuntimeError } from '../../lib/errors.js';
import { Cell, root } from '../../lib/runtime/cell.js';
import { TAIL } from '../../lib/runtime/closure.js';
import { track } from '../../lib/runtime/deep.js';
import type { HostContext } from '../../lib/runtime/host-calls.js';
import { closure, startRun } from './run-harness.js';

const loc = { line: 2, column: 3, source: { name: 'prog', body: 'line one\n  (f x)' } };

describe('Run.apply and enter', () => {
  const id = closure('id', 1, (f) => f[1]);

  it('runs a closure at once and non-strictly: a pending argument is bound as it is', () => {
    const pending = new Cell();
    const h = startRun(() => 0);
    expect(h.run.apply(id, [5], undefined)).toBe(5);
    expect(h.run.apply(id, [pending], undefined)).toBe(pending);
  });

  it('reports a wrong number of arguments with the function name, both counts and the site', () => {
    const h = startRun(() => 0);
    expect(() => h.run.apply(id, [1, 2], undefined)).toThrow(
      'Function id expects 1 argument but was called with 2 arguments',
    );
    const two = closure('two', 2, () => 0);
    expect(() => h.run.apply(two, [1], loc)).toThrow(
      /^Function two expects 2 arguments but was called with 1 argument\n {2}at prog:2:3/,
    );
  });

  it('refuses to call a non-function, naming what it is', () => {
    const h = startRun(() => 0);
    for (const [value, what] of [
      [5, 'the number 5'],
      [null, 'null'],
      [{ a: 1 }, 'an object with keys a'],
      ['s', 'the string "s"'],
    ] as const) {
      const call = () => h.run.apply(value, [], loc);
      expect(call).toThrow(EpicRuntimeError);
      expect(call).toThrow(new RegExp(`^Cannot call ${what}: it is not a function\\n {2}at prog:2:3`));
    }
  });

  it('waits for a pending function, then applies it; a non-function arriving fails the run', () => {
    const [fn, notFn] = [new Cell(), new Cell()];
    const ok = startRun((run) => run.apply(fn, [3], undefined));
    const bad = startRun((run) => run.apply(notFn, [3], loc));
    ok.run.resolve(fn, id);
    ok.run.drain();
    ok.release();
    expect(ok.results).toEqual([3]);
    bad.run.resolve(notFn, 7);
    bad.run.drain();
    expect((bad.errors[0] as Error).message).toMatch(/^Cannot call the number 7: it is not a function/);
  });

  it('calls a JS function as a host, named after the function', () => {
    function twice(this: HostContext, x: number) {
      return x * 2;
    }
    const h = startRun(
      (run) => [
        run.apply(twice, [4], undefined),
        run.apply(
          (
            () => () =>
              1
          )(),
          [],
          undefined,
        ),
      ],
      { open: false },
    );
    expect(h.results).toEqual([[8, 1]]);
    expect(h.events.filter((e) => e.type === 'dispatched').map((e) => (e as { host: string }).host)).toEqual([
      'twice',
      'anonymous',
    ]);
  });

  it('loops tail calls in place: 1,000,000 iterations without growing the stack', () => {
    const loop = closure('loop', 2, (f, run) => {
      const [i, acc] = [f[1] as number, f[2] as number];
      if (i === 0) return acc;
      run.tailFn = loop;
      run.tailFrame = [undefined, i - 1, acc + 1];
      return TAIL;
    });
    expect(startRun((run) => run.apply(loop, [1_000_000, 0], undefined), { open: false }).results).toEqual([1_000_000]);
  });

  it('continues calls nested deeper than the limit from the queue: 20,000-deep recursion', () => {
    let deepest = 0;
    const sum: ReturnType<typeof closure> = closure('sum', 1, (f, run) => {
      deepest = Math.max(deepest, run.depth);
      const n = f[1] as number;
      if (n === 0) return 0;
      const rest = run.apply(sum, [n - 1], undefined);
      return rest instanceof Cell ? run.whenResolved(root(rest), (r) => (r as number) + n) : (rest as number) + n;
    });
    const h = startRun((run) => run.apply(sum, [20_000], undefined), { open: false });
    expect(h.errors).toEqual([]);
    expect(h.results).toEqual([200_010_000]);
    expect(deepest).toBeLessThanOrEqual(200);
  });
});

describe('Run.callHost', () => {
  it('dispatches at once when every argument is deeply resolved, returning a synchronous answer as is', () => {
    const h = startRun(() => 0);
    expect(h.run.callHost((a: number, b: number) => a + b, [1, 2], undefined, 'add')).toBe(3);
  });

  it('waits until every argument is deeply resolved, then calls once with plain data', () => {
    const [a, b] = [new Cell(), new Cell()];
    const calls: unknown[][] = [];
    let out: unknown;
    const h = startRun((run) => {
      const nested = track(run, { x: b });
      out = run.callHost(
        function (this: HostContext, ...args: unknown[]) {
          calls.push([this.callId, ...args]);
          return 'r';
        },
        [a, nested],
        undefined,
        'h',
      );
      return out;
    });
    expect(out).toBeInstanceOf(Cell);
    h.run.resolve(a, 1);
    h.run.drain();
    expect(calls).toEqual([]);
    h.run.resolve(b, 2);
    h.run.drain();
    expect(calls).toEqual([[1, 1, { x: 2 }]]);
    h.release();
    expect(h.results).toEqual(['r']);
  });

  it('takes the value of an Observable that answers synchronously without a Cell', () => {
    const h = startRun(() => 0);
    expect(h.run.callHost(() => of(1, 2), [], undefined, 'sync')).toBe(2);
    expect(h.run.calls.inFlight).toBe(0);
  });

  it('refuses a program closure as an argument, at once or once the arguments arrive', () => {
    const f = closure('f', 1, (fr) => fr[1]);
    const h = startRun(() => 0);
    expect(() => h.run.callHost(() => 1, [f], loc, 'h')).toThrow(
      /^Cannot pass the function f to host function "h": host functions take data\n {2}at prog:2:3/,
    );
    const late = new Cell();
    const deferred = startRun((run) => run.callHost(() => 1, [late], loc, 'h'));
    deferred.run.resolve(late, f);
    deferred.run.drain();
    expect(deferred.errors[0]).toBeInstanceOf(EpicRuntimeError);
    expect((deferred.errors[0] as Error).message).toMatch(/^Cannot pass the function f to host function "h"/);
  });

  it('turns a host that throws into a located EpicRuntimeError naming the host', () => {
    const h = startRun(() => 0);
    expect(() =>
      h.run.callHost(
        () => {
          throw new Error('nope');
        },
        [],
        loc,
        'bad',
      ),
    ).toThrow(/^Host function "bad" failed: nope\n {2}at prog:2:3/);
  });
});

describe('Run.callHost1 (a one-argument call, as generated code makes it)', () => {
  const record = (calls: unknown[][]) =>
    function (this: HostContext, x: unknown) {
      calls.push([this.callId, x]);
      return 'r';
    };

  it('waits for a pending argument, then calls once with its value, as the call it returned', () => {
    const a = new Cell();
    const calls: unknown[][] = [];
    let out: unknown;
    const h = startRun((run) => {
      out = run.callHost1(record(calls), a, undefined, 'h');
      return out;
    });
    expect(out).toBeInstanceOf(Cell);
    expect(h.events.filter((e) => e.type === 'dispatched')).toEqual([]);
    h.run.resolve(a, 1);
    h.run.drain();
    expect(calls).toEqual([[1, 1]]);
    h.release();
    expect(h.results).toEqual(['r']);
  });

  it('waits on, past a resolved argument, for the pending parts of the container it holds', () => {
    const [a, part] = [new Cell(), new Cell()];
    const calls: unknown[][] = [];
    const h = startRun((run) => {
      const holder = track(run, { x: track(run, [part]) });
      const r = run.callHost1(record(calls), a, undefined, 'h');
      run.resolve(a, holder);
      return r;
    });
    h.run.drain();
    expect(calls).toEqual([]);
    h.run.resolve(part, 2);
    h.run.drain();
    expect(calls).toEqual([[1, { x: [2] }]]);
    h.release();
    expect(h.results).toEqual(['r']);
  });

  it('refuses a program closure arriving as the argument, naming the host and the site', () => {
    const late = new Cell();
    const deferred = startRun((run) => run.callHost1(() => 1, late, loc, 'h'));
    deferred.run.resolve(
      late,
      closure('f', 1, (fr) => fr[1]),
    );
    deferred.run.drain();
    expect((deferred.errors[0] as Error).message).toMatch(
      /^Cannot pass the function f to host function "h": host functions take data\n {2}at prog:2:3/,
    );
  });

  it('a chain of 1,000 calls, each waiting on the one before, calls in order with each answer', async () => {
    const seen: number[] = [];
    const inc = (x: number) => {
      seen.push(x);
      return Promise.resolve(x + 1);
    };
    let finished: (value: unknown) => void = () => {};
    const done = new Promise((resolve) => {
      finished = resolve;
    });
    const h = startRun((run) => {
      let acc: unknown = 0;
      for (let i = 0; i < 1000; i++) acc = run.callHost1(inc, acc, undefined, 'inc');
      if (acc instanceof Cell) run.whenResolved(acc, (v) => finished(v));
      return acc;
    });
    h.release();
    expect(await done).toBe(1000);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
