import { describe, expect, it } from 'vitest';
import { CallLog, runVirtual } from './support/virtual.js';

const sequential = (src: string, hosts: Record<string, unknown>, args: unknown[] = []) =>
  runVirtual(src, hosts, args, 'sequential');

describe('sequential evaluation', () => {
  it('makes one host call at a time, left to right, awaiting each', () => {
    const log = new CallLog();
    const slow = log.host('slow', 100, (x: number) => x * 2);
    const sum = log.host('sum', 100, (a: number, b: number, c: number) => a + b + c);
    const out = sequential(
      '(fn (n) (let a (@slow n) (let b (@slow 2) (let c (@slow 3) (@sum a b c)))))',
      { slow, sum },
      [1],
    );
    expect(out.value).toBe(12);
    expect(out.time).toBe(400);
    expect(log.calls.map((c) => [c.host, c.args[0], c.at])).toEqual([
      ['slow', 1, 0],
      ['slow', 2, 100],
      ['slow', 3, 200],
      ['sum', 2, 300],
    ]);
    expect(log.maxInFlight).toBe(1);
  });

  it('evaluates arguments before the call (call by value) and the function position first', () => {
    const log = new CallLog();
    const hosts = {
      a: log.host('a', 10, () => 1),
      b: log.host('b', 10, () => 2),
      pick: log.host('pick', 10, () => 'unused'),
    };
    const out = sequential('(fn () ((fn (x y) y) (@a) (@b)))', hosts);
    expect(out.value).toBe(2);
    expect(log.names()).toEqual(['a', 'b']);
  });

  it('runs the Church-encoded conditional: only the chosen thunk is called', () => {
    const log = new CallLog();
    const hosts = { yes: log.host('yes', 10, () => 'yes'), no: log.host('no', 10, () => 'no') };
    expect(sequential('(fn (c) ((%bool c) (fn () (@yes)) (fn () (@no))))', hosts, [1]).value).toBe('yes');
    expect(log.names()).toEqual(['yes']);
  });

  it('folds, maps and filters in order, one callback call at a time', () => {
    const log = new CallLog();
    const hosts = {
      inc: log.host('inc', 10, (x: number) => x + 1),
      odd: log.host('odd', 10, (x: number) => x % 2 === 1),
    };
    const out = sequential(
      '(fn (xs) [(%map xs (fn (x) (@inc x))) (%filter xs (fn (x) (@odd x))) (%fold xs 0 (fn (a x) (%+ a x)))])',
      hosts,
      [[1, 2, 3]],
    );
    expect(out.value).toEqual([[2, 3, 4], [1, 3], 6]);
    expect(log.calls.map((c) => `${c.host}(${String(c.args[0])})`)).toEqual([
      'inc(1)',
      'inc(2)',
      'inc(3)',
      'odd(1)',
      'odd(2)',
      'odd(3)',
    ]);
    expect(out.time).toBe(60);
  });

  it('runs a 1,000,000-iteration loop, a 100,000-element fold and 100,000-deep recursion', () => {
    const loop =
      '(fn (n) (letrec ((loop (fn (i s) ((%bool (%< i n)) (fn () (loop (%+ i 1) (%+ s i))) (fn () s))))) (loop 0 0)))';
    expect(sequential(loop, {}, [1_000_000]).value).toBe(499_999_500_000);
    const xs = Array.from({ length: 100_000 }, (_, i) => i);
    expect(sequential('(fn (xs) (%fold xs 0 (fn (a x) (%+ a x))))', {}, [xs]).value).toBe(4_999_950_000);
    const sum =
      '(fn (n) (letrec ((sum (fn (k) ((%bool (%=== k 0)) (fn () 0) (fn () (%+ k (sum (%- k 1)))))))) (sum n)))';
    expect(sequential(sum, {}, [100_000]).value).toBe(5_000_050_000);
  });
});
