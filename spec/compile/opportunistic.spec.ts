import { describe, expect, it } from 'vitest';
import { CallLog, runVirtual } from '../support/virtual.js';

const opportunistic = (src: string, hosts: Record<string, unknown>, args: unknown[] = []) =>
  runVirtual(src, hosts, args, 'opportunistic');

describe('opportunistic evaluation', () => {
  it('runs independent calls at once and a dependent call when its inputs arrive', () => {
    const log = new CallLog();
    const slow = log.host('slow', 100, (x: number) => x * 2);
    const sum = log.host('sum', 100, (a: number, b: number, c: number) => a + b + c);
    const out = opportunistic(
      '(fn (n) (let a (@slow n) (let b (@slow 2) (let c (@slow 3) (@sum a b c)))))',
      { slow, sum },
      [1],
    );
    expect(out.value).toBe(12);
    expect(out.time).toBe(200);
    expect(log.calls.map((c) => [c.host, c.at])).toEqual([
      ['slow', 0],
      ['slow', 0],
      ['slow', 0],
      ['sum', 100],
    ]);
    expect(log.maxInFlight).toBe(3);
  });

  it('applies lambdas non-strictly: a call waits only for the arguments it uses', () => {
    const log = new CallLog();
    const hosts = { slow: log.host('slow', 100, (x: number) => x), fast: log.host('fast', 10, (x: number) => x + 1) };
    const out = opportunistic('(fn () ((fn (a b) (@fast b)) (@slow 1) (@fast 2)))', hosts);
    expect(out.value).toBe(4);
    expect(log.calls.map((c) => [c.host, c.at])).toEqual([
      ['slow', 0],
      ['fast', 0],
      ['fast', 10],
    ]);
    // the run still ends only after the unused slow call finished
    expect(out.time).toBe(100);
  });

  it('shares an argument computation: it runs once however often it is used', () => {
    const log = new CallLog();
    const hosts = { once: log.host('once', 50, () => 7), pair: log.host('pair', 10, (a: number, b: number) => [a, b]) };
    const out = opportunistic('(fn () ((fn (x) (@pair x x)) (@once)))', hosts);
    expect(out.value).toEqual([7, 7]);
    expect(log.names()).toEqual(['once', 'pair']);
  });

  it('never makes the calls of the branch not taken', () => {
    const log = new CallLog();
    const hosts = {
      cond: log.host('cond', 10, () => false),
      yes: log.host('yes', 10, () => 'yes'),
      no: log.host('no', 10, () => 'no'),
    };
    const out = opportunistic('(fn () ((%bool (@cond)) (fn () (@yes)) (fn () (@no))))', hosts);
    expect(out.value).toBe('no');
    expect(log.names()).toEqual(['cond', 'no']);
  });

  it('proceeds on the resolved parts of partial data', () => {
    const log = new CallLog();
    const hosts = { slow: log.host('slow', 100, (x: number) => x), fast: log.host('fast', 10, (x: number) => x) };
    const out = opportunistic('(fn () (let t [(@slow 1) 5] (let u (@fast (proj 1 t)) [u (proj 0 t)])))', hosts);
    expect(out.value).toEqual([5, 1]);
    expect(log.calls.map((c) => [c.host, c.at])).toEqual([
      ['slow', 0],
      ['fast', 0],
    ]);
  });

  it('dispatches every call of a map at once, and a host call waits for all elements', () => {
    const log = new CallLog();
    const hosts = {
      judge: log.host('judge', 100, (x: number) => x * 10),
      best: log.host('best', 10, (xs: number[]) => Math.max(...xs)),
    };
    const out = opportunistic('(fn (xs) (@best (%map xs (fn (x) (@judge x)))))', hosts, [[1, 2, 3, 4]]);
    expect(out.value).toBe(40);
    expect(log.calls.filter((c) => c.host === 'judge').map((c) => c.at)).toEqual([0, 0, 0, 0]);
    expect(log.calls.find((c) => c.host === 'best')?.at).toBe(100);
  });

  it('overlaps independent fold iterations and chains dependent ones', () => {
    const log = new CallLog();
    const hosts = {
      f: log.host('f', 100, (x: number) => x + 1),
      g: log.host('g', 100, (a: number, x: number) => a + x),
    };
    const independent = opportunistic('(fn (xs) (%fold xs [] (fn (acc x) (%concat acc [(@f x)]))))', hosts, [
      [1, 2, 3],
    ]);
    expect(independent.value).toEqual([2, 3, 4]);
    expect(independent.time).toBe(100);
    const chained = opportunistic('(fn (xs) (%fold xs 0 (fn (acc x) (@g acc x))))', hosts, [[1, 2, 3]]);
    expect(chained.value).toBe(6);
    expect(chained.time).toBe(300);
  });

  it('filters with predicates that all run at once', () => {
    const log = new CallLog();
    const hosts = { even: log.host('even', 100, (x: number) => x % 2 === 0) };
    const out = opportunistic('(fn (xs) (%filter xs (fn (x) (@even x))))', hosts, [[1, 2, 3, 4]]);
    expect(out.value).toEqual([2, 4]);
    expect(out.time).toBe(100);
  });

  it('accepts host results as values, Promises, Observables and AsyncIterables', async () => {
    const { Executable } = await import('../../lib/execute.js');
    const { parseTerm } = await import('../../lib/terms/parse.js');
    const { of } = await import('rxjs');
    async function* stream() {
      yield 1;
      yield 2;
    }
    const hosts = {
      plain: () => 1,
      promise: async () => 2,
      observable: () => of(3, 4),
      iterable: () => stream(),
    };
    const exe = new Executable(
      parseTerm('(fn () [(@plain) (@promise) (@observable) (@iterable)])') as never,
      new Map(Object.entries(hosts)),
    );
    const value = await new Promise((resolve, reject) =>
      exe.start([], 'opportunistic', { now: () => 0, onResult: resolve, onError: reject }),
    );
    expect(value).toEqual([1, 2, 4, [1, 2]]);
  });
});

describe('deep evaluation', () => {
  const loop =
    '(fn (n) (letrec ((loop (fn (i s) ((%bool (%< i n)) (fn () (loop (%+ i 1) (%+ s i))) (fn () s))))) (loop 0 0)))';
  it('runs a while loop of 1,000,000 iterations in constant stack', () => {
    expect(opportunistic(loop, {}, [1_000_000]).value).toBe(499_999_500_000);
  });

  it('folds over a 100,000-element array', () => {
    const xs = Array.from({ length: 100_000 }, (_, i) => i);
    expect(opportunistic('(fn (xs) (%fold xs 0 (fn (a x) (%+ a x))))', {}, [xs]).value).toBe(4_999_950_000);
  });

  it('survives non-tail recursion 100,000 deep', () => {
    const sum =
      '(fn (n) (letrec ((sum (fn (k) ((%bool (%=== k 0)) (fn () 0) (fn () (%+ k (sum (%- k 1)))))))) (sum n)))';
    expect(opportunistic(sum, {}, [100_000]).value).toBe(5_000_050_000);
  });

  it('runs a loop whose every iteration waits for a host call', () => {
    const log = new CallLog();
    const step = log.host('step', 1, (i: number) => i + 1);
    const src = '(fn (n) (letrec ((loop (fn (i) ((%bool (%< i n)) (fn () (loop (@step i))) (fn () i))))) (loop 0)))';
    const out = opportunistic(src, { step }, [2000]);
    expect(out.value).toBe(2000);
    expect(out.time).toBe(2000);
  });
});
