import { map, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicError } from '../../lib/errors.js';
import { runEach, type Runnable } from '../../operators/runEach.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A fake program: `run(x)` is the cold marble Observable given for `x`, recorded with its arguments. */
function fakeProgram(runs: Record<string, Observable<string>>) {
  const calls: unknown[][] = [];
  const prog: Runnable<readonly [string], string> = {
    run: (...args) => {
      calls.push(args);
      const run = runs[args[0]];
      if (!run) throw new Error(`no run for ${args[0]}`);
      return run;
    },
  };
  return { prog, calls };
}

describe('runEach: modes', () => {
  it("'merge' (default) runs every emission at once and emits results as runs finish", () => {
    newScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const a = cold('----A|');
      const b = cold('-B|');
      const { prog } = fakeProgram({ a, b });
      expectObservable(hot('-a-b-|').pipe(runEach(prog))).toBe('----B A|');
      expectSubscriptions(a.subscriptions).toBe('-^----!');
      expectSubscriptions(b.subscriptions).toBe('---^-!');
    });
  });

  it("'merge' with concurrency starts a waiting emission only when a run finishes", () => {
    newScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const runs = { a: cold('---A|'), b: cold('-B|'), c: cold('--C|') };
      const { prog } = fakeProgram(runs);
      expectObservable(hot('(abc|)').pipe(runEach(prog, { concurrency: 2 }))).toBe('-B-AC|');
      expectSubscriptions(runs.a.subscriptions).toBe('^---!');
      expectSubscriptions(runs.b.subscriptions).toBe('^-!');
      expectSubscriptions(runs.c.subscriptions).toBe('--^--!');
    });
  });

  it("'switch' unsubscribes the run in progress when a new emission arrives", () => {
    newScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const runs = { a: cold('---A|'), b: cold('---B|') };
      const { prog } = fakeProgram(runs);
      expectObservable(hot('-a-b-----|').pipe(runEach(prog, { mode: 'switch' }))).toBe('------B--|');
      expectSubscriptions(runs.a.subscriptions).toBe('-^-!');
      expectSubscriptions(runs.b.subscriptions).toBe('---^---!');
    });
  });

  it("'concat' runs one emission at a time, in order", () => {
    newScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const runs = { a: cold('---A|'), b: cold('-B|') };
      const { prog } = fakeProgram(runs);
      expectObservable(hot('-ab|').pipe(runEach(prog, { mode: 'concat' }))).toBe('----A-B|');
      expectSubscriptions(runs.a.subscriptions).toBe('-^---!');
      expectSubscriptions(runs.b.subscriptions).toBe('-----^-!');
    });
  });

  it("'exhaust' drops emissions that arrive while a run is in progress", () => {
    const calls = newScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const runs = { a: cold('--A|'), b: cold('-B|'), c: cold('-C|') };
      const fake = fakeProgram(runs);
      expectObservable(hot('-ab--c--|').pipe(runEach(fake.prog, { mode: 'exhaust' }))).toBe('---A--C-|');
      expectSubscriptions(runs.b.subscriptions).toBe([]);
      expectSubscriptions(runs.c.subscriptions).toBe('-----^-!');
      return fake.calls;
    });
    expect(calls).toEqual([['a'], ['c']]);
  });
});

describe('runEach: errors and teardown', () => {
  it('errors the output when a run fails, unsubscribing the other runs', () => {
    newScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const failure = new Error('host call failed');
      const runs = { a: cold('-----A|'), b: cold('-#', undefined, failure) };
      const { prog } = fakeProgram(runs);
      expectObservable(hot('-a-b---|').pipe(runEach(prog))).toBe('----#', undefined, failure);
      expectSubscriptions(runs.a.subscriptions).toBe('-^--!');
    });
  });

  it('errors the output when run itself throws', () => {
    newScheduler().run(({ hot, expectObservable }) => {
      const { prog } = fakeProgram({});
      expectObservable(hot('-a|').pipe(runEach(prog))).toBe('-#', undefined, new Error('no run for a'));
    });
  });

  it('tears down the runs in progress when the output is unsubscribed', () => {
    newScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const runs = { a: cold('-----A|'), b: cold('-----B|') };
      const { prog } = fakeProgram(runs);
      expectObservable(hot('-ab---|').pipe(runEach(prog)), '^---!').toBe('');
      expectSubscriptions(runs.a.subscriptions).toBe('-^--!');
      expectSubscriptions(runs.b.subscriptions).toBe('--^-!');
    });
  });
});

describe('runEach: arguments', () => {
  it('passes each emission as the single argument, or the arguments `args` maps it to', () => {
    const calls: unknown[][] = [];
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const add: Runnable<readonly [number, number], number> = {
        run: (x, y) => (calls.push([x, y]), cold('-r|', { r: x + y })),
      };
      const pairs = hot('-p-q|', { p: [1, 2] as const, q: [3, 4] as const });
      expectObservable(pairs.pipe(runEach(add, { args: ([x, y]) => [x, y] as const }))).toBe('--r-s|', { r: 3, s: 7 });
      const single: Runnable<readonly [string], string> = {
        run: (...args) => (calls.push(args), cold('-r|', { r: 'ok' })),
      };
      expectObservable(
        hot('-a|').pipe(
          runEach(single),
          map((r) => r.length),
        ),
      ).toBe('--n|', { n: 2 });
    });
    expect(calls).toEqual([[1, 2], ['a'], [3, 4]]);
  });

  it('errors the output when args does not return an array', () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const prog: Runnable<readonly unknown[], string> = { run: () => cold('-r|', { r: 'x' }) };
      const wrong = runEach(prog, { args: (x: string) => x as unknown as readonly unknown[] });
      const error = new EpicError('runEach: option "args" must return an array of arguments, returned "a"');
      expectObservable(hot('-a|').pipe(wrong)).toBe('-#', undefined, error);
    });
  });
});

describe('runEach: options', () => {
  const prog: Runnable<readonly [string], string> = { run: () => undefined as unknown as Observable<string> };

  it.each<[string, unknown, unknown, RegExp]>([
    [
      'no program',
      undefined,
      {},
      /^runEach: the first argument must have a run\(\.\.\.args\) method \(e\.g\. a Program\), got undefined$/,
    ],
    [
      'a program without run',
      {},
      {},
      /^runEach: the first argument must have a run\(\.\.\.args\) method .*got \[object Object\]$/,
    ],
    ['options that are not an object', prog, 'merge', /^runEach: options must be an object, got "merge"$/],
    [
      'an unknown option',
      prog,
      { concurency: 2 },
      /^runEach: unknown option "concurency" \(known: mode, concurrency, args\)$/,
    ],
    [
      'a bad mode',
      prog,
      { mode: 'mergeMap' },
      /^runEach: option "mode" must be one of "merge", "switch", "concat", "exhaust", got "mergeMap"$/,
    ],
    [
      'concurrency 0',
      prog,
      { concurrency: 0 },
      /^runEach: option "concurrency" must be a positive integer or Infinity, got 0$/,
    ],
    [
      'concurrency outside merge',
      prog,
      { mode: 'switch', concurrency: 2 },
      /^runEach: option "concurrency" applies to mode "merge" only, not "switch"$/,
    ],
    [
      'args that is not a function',
      prog,
      { args: [1] },
      /^runEach: option "args" must be a function \(value\) => arguments array, got 1$/,
    ],
  ])('throws an EpicError at the call for %s', (_what, program, options, message) => {
    const call = () => runEach(program as typeof prog, options as object);
    expect(call).toThrow(EpicError);
    expect(call).toThrow(message);
  });
});
