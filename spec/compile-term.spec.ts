import { defer, map, of, Subject, throwError, timer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { compile } from '../lib/compile-term.js';
import { EpicError, EpicRuntimeError } from '../lib/errors.js';
import type { HostContext } from '../lib/runtime/host-calls.js';
import { FunctionValue } from '../lib/runtime/values.js';
import { parseTerm } from '../lib/terms/parse.js';
import { CallLog } from './support/virtual.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('compile', () => {
  it('runs the documented example: an Observable environment entry is awaited', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const f = compile(parseTerm('(@add x (@double y))'), {
        add: (a: number, b: number) => a + b,
        double: (n: number) => n * 2,
      });
      expectObservable(f({ x: 1, y: cold('--a|', { a: 2 }) })).toBe('---(r|)', { r: 5 });
      expectObservable(f({ x: 1, y: 2 })).toBe('(r|)', { r: 5 });
    });
  });

  it('subscribes to nothing when compiling or building the Observable; each subscription is a run', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable, flush }) => {
      const log = new CallLog();
      let inputs = 0;
      const y = defer(() => {
        inputs++;
        return timer(5).pipe(map(() => 3));
      });
      const f = compile(parseTerm('(@pair y y)'), { pair: log.host('pair', 10, (a: number, b: number) => a + b) });
      const run$ = f({ y });
      flush();
      expect([log.calls.length, inputs]).toEqual([0, 0]);
      expectObservable(run$).toBe('15ms (r|)', { r: 6 });
      expectObservable(run$).toBe('15ms (r|)', { r: 6 });
      flush();
      expect(log.calls.map((c) => c.at)).toEqual([5, 5]);
      expect(inputs).toBe(2); // once per run, though the term uses y twice
    });
  });

  it('throws at once when the environment lacks a free name, listing every one', () => {
    const f = compile(parseTerm('[a b (fn (c) (%+ c d))]'));
    expect(() => f({ a: 1 })).toThrow(EpicError);
    expect(() => f({ a: 1 })).toThrow('compile(): the environment lacks b, d');
    expect(() => f()).toThrow('compile(): the environment lacks a, b, d');
    expect(() => f({ a: undefined, b: undefined, d: undefined })).not.toThrow();
  });

  it("reads free names from inside lambdas next to the term's own let slots", () => {
    newScheduler().run(({ expectObservable }) => {
      const f = compile(parseTerm('(let k 10 (let g (fn (a) (%+ a (%+ k x))) [(g 1) y k]))'));
      expectObservable(f({ x: 5, y: 'why' })).toBe('(r|)', { r: [16, 'why', 10] });
    });
  });

  it('emits the deeply resolved value once, when the run is quiet', () => {
    newScheduler().run(({ expectObservable }) => {
      const log = new CallLog();
      const f = compile(parseTerm('(let a (@slow 1) [a (@fast 2) (@slow 3)])'), {
        slow: log.host('slow', 30, (n: number) => n),
        fast: log.host('fast', 10, (n: number) => n),
      });
      expectObservable(f()).toBe('30ms (r|)', { r: [1, 2, 3] });
    });
  });

  it('does not run a lambda body: a lambda term evaluates to a function value', () => {
    newScheduler().run(({ expectObservable }) => {
      const log = new CallLog();
      const f = compile(parseTerm('(fn () (@h))'), { h: log.host('h', 1, () => 1) });
      expectObservable(f().pipe(map((v) => v instanceof FunctionValue))).toBe('(r|)', { r: true });
      expect(log.calls).toEqual([]);
    });
  });

  it('unsubscribing aborts every host call in flight', () => {
    const signals: AbortSignal[] = [];
    newScheduler().run(({ expectObservable, flush }) => {
      const log = new CallLog();
      const f = compile(parseTerm('[(@slow 1) (@pending)]'), {
        slow: log.host('slow', 100, (n: number) => n),
        pending(this: HostContext) {
          signals.push(this.signal);
          return new Promise(() => {});
        },
      });
      expectObservable(f(), '^ 39ms !').toBe('');
      flush();
      expect(log.aborted).toBe(1);
      expect(signals.map((s) => s.aborted)).toEqual([true]);
    });
  });

  it('unsubscribing also unsubscribes Observable environment entries', () => {
    const input = new Subject<number>();
    const sub = compile(parseTerm('x'))({ x: input }).subscribe();
    expect(input.observed).toBe(true);
    sub.unsubscribe();
    expect(input.observed).toBe(false);
  });

  it('reports failures on the error channel: an input error, an empty input, a host failure', () => {
    newScheduler().run(({ expectObservable }) => {
      const boom = new Error('input broke');
      const id = compile(parseTerm('x'));
      expectObservable(id({ x: throwError(() => boom) as Observable<never> })).toBe(
        '#',
        undefined,
        new EpicRuntimeError('Input "x" (an Observable) failed: input broke'),
      );
      expectObservable(id({ x: of() })).toBe(
        '#',
        undefined,
        new EpicRuntimeError('Input "x" (an Observable) completed without a value'),
      );
    });
    const errors: unknown[] = [];
    compile(parseTerm('(@bad)'), {
      bad: () => {
        throw new Error('nope');
      },
    })().subscribe({ error: (e) => errors.push(e) });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(EpicRuntimeError);
    expect((errors[0] as Error).message).toMatch(/^Host function "bad" failed: nope/);
  });

  it('refuses at compile time a host the table does not have', () => {
    expect(() => compile(parseTerm('(@nope 1)'), {})).toThrow(
      /^The term refers to a host value that was not given: nope\n/,
    );
  });
});
