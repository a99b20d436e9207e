import { of, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicError } from '../../lib/errors.js';
import { createLimiter } from '../../operators/createLimiter.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('createLimiter', () => {
  it('subscribes a source only when a slot is free, releasing the slot on completion', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limit = createLimiter(2);
      const [a, b, c] = [cold('--a|'), cold('--b|'), cold('--c|')];
      expectObservable(a.pipe(limit)).toBe('--a|');
      expectObservable(b.pipe(limit)).toBe('--b|');
      expectObservable(c.pipe(limit)).toBe('-----c|');
      expectSubscriptions(a.subscriptions).toBe('^--!');
      expectSubscriptions(b.subscriptions).toBe('^--!');
      expectSubscriptions(c.subscriptions).toBe('---^--!');
    });
  });

  it('starts waiting sources in FIFO order, sharing one bound across independent Observables', () => {
    newScheduler().run(({ cold, expectSubscriptions }) => {
      const limit = createLimiter(1);
      const sources = [cold('-|'), cold('--|'), cold('-|'), cold('-|')];
      for (const source of sources) limit(source).subscribe();
      const expected = ['^!', '-^-!', '---^!', '----^!'];
      sources.forEach((source, i) => expectSubscriptions(source.subscriptions).toBe(expected[i] ?? ''));
    });
  });

  it('releases the slot when the source errors', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limit = createLimiter(1);
      const [a, b] = [cold('-#'), cold('-b|')];
      expectObservable(a.pipe(limit)).toBe('-#');
      expectObservable(b.pipe(limit)).toBe('--b|');
      expectSubscriptions(b.subscriptions).toBe('-^-!');
    });
  });

  it('releases the slot when the running subscriber unsubscribes', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limit = createLimiter(1);
      const [a, b] = [cold('------a|'), cold('-b|')];
      expectObservable(a.pipe(limit), '^-!').toBe('');
      expectObservable(b.pipe(limit)).toBe('---b|');
      expectSubscriptions(a.subscriptions).toBe('^-!');
      expectSubscriptions(b.subscriptions).toBe('--^-!');
    });
  });

  it('removes a waiting subscriber from the queue when it unsubscribes', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limit = createLimiter(1);
      const [a, b, c] = [cold('----|'), cold('-b|'), cold('-c|')];
      expectObservable(a.pipe(limit)).toBe('----|');
      expectObservable(b.pipe(limit), '^-!').toBe('');
      expectObservable(c.pipe(limit)).toBe('-----c|');
      expectSubscriptions(b.subscriptions).toBe([]);
      expectSubscriptions(c.subscriptions).toBe('----^-!');
    });
  });

  it('drains a long queue of synchronous sources in order without growing the stack', () => {
    const limit = createLimiter(1);
    const gate = new Subject<number>();
    const values: number[] = [];
    gate.pipe(limit).subscribe();
    for (let i = 0; i < 20_000; i++)
      of(i)
        .pipe(limit)
        .subscribe((v) => values.push(v));
    expect(values).toEqual([]); // everything queued behind the gate
    gate.complete();
    expect(values).toHaveLength(20_000);
    expect(values.every((v, i) => v === i)).toBe(true);
  });

  it.each([0, -2, 1.5, Number.NaN])('throws an EpicError for maxConcurrent %s', (n) => {
    expect(() => createLimiter(n)).toThrow(EpicError);
    expect(() => createLimiter(n)).toThrow(
      `createLimiter: option "maxConcurrent" must be a positive integer or Infinity, got ${n}`,
    );
  });
});
