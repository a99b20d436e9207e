import { BehaviorSubject, concatMap, from, map, type Observable, Subject, take, timer, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicError, EpicRuntimeError } from '../../lib/errors.js';
import { Program, type ProgramOptions } from '../../lib/program.js';
import type { RunEvent } from '../../lib/runtime/events.js';
import { external } from '../../lib/runtime/external.js';
import { asStream } from '../../lib/runtime/stream-source.js';
import { parseTerm } from '../../lib/terms/parse.js';
import type { Lam } from '../../lib/terms/term.js';
import { CallLog } from '../support/virtual.js';

const prog = (src: string, hosts: Record<string, unknown> = {}, options: ProgramOptions = {}) =>
  Program.fromTerm(parseTerm(src) as Lam, hosts, options);

/** Runs in virtual time; the events with their times, and the result or error. */
function runVirtual(
  src: string,
  hosts: (log: CallLog) => Record<string, unknown>,
  args: (s: TestScheduler) => unknown[],
  strategy?: 'sequential',
) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const log = new CallLog();
  const events: RunEvent[] = [];
  let error: unknown;
  scheduler.run(({ flush }) => {
    prog(src, hosts(log), { scheduler, ...(strategy ? { strategy } : {}) })
      .events(...args(scheduler))
      .subscribe({
        next: (e) => events.push(e),
        error: (e) => {
          error = e;
        },
      });
    flush();
  });
  const result = events.find((e) => e.type === 'result');
  return { events, log, error, value: result?.type === 'result' ? result.value : undefined, time: result?.time };
}

const ask = (log: CallLog) => ({ ask: log.host('ask', 5, (x: unknown) => `about ${String(x)}`) });

describe('stream inputs', () => {
  it('a program iterates an asStream input as it arrives; sequential reads it whole first', () => {
    const src = '(fn (xs) (%map xs (fn (x) (@ask x))))';
    const input = (s: TestScheduler) => [asStream(s.createColdObservable('10ms a 19ms b 29ms c|'))];
    const o = runVirtual(src, ask, input);
    expect(o.value).toEqual(['about a', 'about b', 'about c']);
    expect(o.log.calls.map((c) => c.at)).toEqual([10, 30, 60]);
    const s = runVirtual(src, ask, input, 'sequential');
    expect(s.value).toEqual(o.value);
    expect(s.log.calls.map((c) => c.at)).toEqual([61, 66, 71]);
  });

  it('a text input streams into split and +', () => {
    const src = '(fn (t) [(%method t "split" ",") (%+ "> " t)])';
    const input = (s: TestScheduler) => [asStream(s.createColdObservable('a 9ms b|', { a: 'x,y', b: ',z' }), 'text')];
    expect(runVirtual(src, () => ({}), input).value).toEqual([['x', 'y', 'z'], '> x,y,z']);
    expect(runVirtual(src, () => ({}), input, 'sequential').value).toEqual([['x', 'y', 'z'], '> x,y,z']);
  });

  it('typeof of a stream is known as soon as it is a stream: a call on it goes out before the stream ends', () => {
    const src = '(fn (t xs) [(@ask (%typeof t)) (@ask (%typeof xs))])';
    const input = (s: TestScheduler) => [
      asStream(s.createColdObservable('a 49ms b|', { a: 'x', b: 'y' }), 'text'),
      asStream(s.createColdObservable('a 49ms b|', { a: 1, b: 2 })),
    ];
    const o = runVirtual(src, ask, input);
    expect(o.value).toEqual(['about string', 'about object']);
    expect(o.log.calls.map((c) => c.at)).toEqual([0, 0]);
    expect(runVirtual(src, ask, input, 'sequential').value).toEqual(o.value);
  });

  it('a plain Observable input is read at its last value; input events show it emitted and completed', () => {
    const src = '(fn (x) (@ask x))';
    const o = runVirtual(src, ask, (s) => [s.createColdObservable('a 9ms b 9ms |')]);
    expect(o.value).toBe('about b');
    expect(o.events.filter((e) => e.type === 'input')).toEqual([
      { type: 'input', index: 0, state: 'emitted', time: 0 },
      { type: 'input', index: 0, state: 'completed', time: 20 },
    ]);
  });

  it('a BehaviorSubject that never completes leaves the run waiting, visibly', () => {
    const events: RunEvent[] = [];
    const sub = prog('(fn (x) x)')
      .events(new BehaviorSubject(1))
      .subscribe((e) => events.push(e));
    expect(events).toEqual([{ type: 'input', index: 0, state: 'emitted', time: expect.any(Number) }]);
    sub.unsubscribe();
  });

  it('fails with a located EpicRuntimeError when a stream input errors or a text stream emits a non-string', () => {
    const boom = runVirtual(
      '(fn (xs) xs)',
      () => ({}),
      (s) => [asStream(s.createColdObservable('a #', {}, new Error('gone')))],
    );
    expect(boom.error).toBeInstanceOf(EpicRuntimeError);
    expect((boom.error as Error).message).toBe('Program input 1 (an Observable) failed: gone');
    const bad = runVirtual(
      '(fn (t) t)',
      () => ({}),
      (s) => [asStream(s.createColdObservable('a|', { a: 5 }) as unknown as Observable<string>, 'text')],
    );
    expect((bad.error as Error).message).toBe(
      'Program input 1 (an Observable) (a text stream) emitted number, not a string',
    );
  });
});

describe('streaming host results', () => {
  const items = () => asStream(timer(0, 10).pipe(take(3)));
  it('an AsyncIterable result is an item stream; an undeclared Observable is one value', async () => {
    async function* gen() {
      yield 1;
      yield 2;
    }
    const p = prog('(fn () [(%map (@gen) (fn (x) (%* x 10))) (@obs)])', { gen, obs: () => from([1, 2, 3]) });
    expect(await p.evaluate()).toEqual([[10, 20], 3]);
    expect(await p.with({ strategy: 'sequential' }).evaluate()).toEqual([[10, 20], 3]);
  });

  it('external(fn, { stream }) makes an Observable result a stream; a Promise of a stream streams too', () => {
    const declared = external(() => timer(0, 10).pipe(take(3)), { stream: 'items' });
    for (const gen of [declared, items]) {
      const o = runVirtual(
        '(fn () (%map (@gen) (fn (x) (@ask x))))',
        (log) => ({ gen, ...ask(log) }),
        () => [],
      );
      expect(o.value).toEqual(['about 0', 'about 1', 'about 2']);
      expect(o.log.calls.map((c) => c.at)).toEqual([0, 10, 20]);
    }
  });

  it('a Promise that resolves to a stream streams too', async () => {
    const promised = async () => asStream(from(['a', 'b']), 'text');
    const p = prog('(fn () [(%method (@promised) "split" "") (%+ (@promised) "!")])', { promised });
    expect(await p.evaluate()).toEqual([['a', 'b'], 'ab!']);
    expect(await p.with({ strategy: 'sequential' }).evaluate()).toEqual([['a', 'b'], 'ab!']);
  });

  it('a resolved event carries the whole streamed value', () => {
    const o = runVirtual(
      '(fn () (@items))',
      () => ({ items }),
      () => [],
    );
    expect(o.events.find((e) => e.type === 'resolved')).toMatchObject({
      host: 'items',
      value: [0, 1, 2],
      summary: '[0,1,2]',
      time: 20,
    });
  });
});

describe('hosts that take streams (streamArgs)', () => {
  it('get an Observable at once, fed as the stream arrives; sequential hands over the whole value', () => {
    const seen: Array<[string, number, unknown]> = [];
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const speak = external(
      function (this: unknown, words: Observable<string>, tag: string) {
        return words.pipe(
          map((w) => {
            seen.push([tag, scheduler.now(), w]);
            return w;
          }),
          toArray(),
          map((ws) => ws.join('|')),
        );
      },
      { streamArgs: [0] },
    );
    scheduler.run(({ flush }) => {
      const text = () => asStream(from(['ab', 'cd']).pipe(concatMap((c) => timer(10).pipe(map(() => c)))), 'text');
      const p = prog('(fn (tag) (@speak (@text) tag))', { speak, text }, { scheduler });
      p.run('o').subscribe((v) => seen.push(['result', scheduler.now(), v]));
      flush();
      p.with({ strategy: 'sequential' })
        .run('s')
        .subscribe((v) => seen.push(['result', scheduler.now(), v]));
      flush();
    });
    expect(seen).toEqual([
      ['o', 10, 'ab'],
      ['o', 20, 'cd'],
      ['result', 20, 'ab|cd'],
      ['s', 40, 'abcd'],
      ['result', 40, 'abcd'],
    ]);
  });

  it("sequentially, a host taking a stream waits for it whole, even when the stream's producer is dispatched after it became ready", () => {
    // The producer waits on a slow call; the consumer's only argument is the producer's stream.
    // Handed over early, the consumer would take the one slot and wait for a stream that cannot start.
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const out: unknown[] = [];
    const collect = external(
      (xs: Observable<string>) =>
        xs.pipe(
          toArray(),
          map((parts) => parts.join('|')),
        ),
      { streamArgs: [0] },
    );
    scheduler.run(({ flush }) => {
      const slow = (n: number) => timer(10).pipe(map(() => n));
      const produce = (n: number) =>
        asStream(from(['a', 'b']).pipe(concatMap((c) => timer(5).pipe(map(() => `${c}${n}`)))), 'items');
      const p = prog(
        '(fn () (let a (@slow 1) (let s (@produce a) (@collect s))))',
        { slow, produce, collect },
        { scheduler },
      );
      p.with({ strategy: 'sequential' })
        .run()
        .subscribe({ next: (v) => out.push([scheduler.now(), v]), error: (e) => out.push(e) });
      flush();
    });
    expect(out).toEqual([[20, 'a1|b1']]);
  });

  it('an item stream argument emits each item once it is whole, in order', async () => {
    const collect = external((xs: Observable<number>) => xs.pipe(toArray()), { streamArgs: [0] });
    const p = prog('(fn (ys) (@collect (%map ys (fn (y) (%+ y 1)))))', { collect });
    expect(await p.evaluate(asStream(from([1, 2, 3])))).toEqual([2, 3, 4]);
    expect(await p.evaluate([5] as never)).toEqual([6]);
  });
});

describe('external() options', () => {
  it('rejects bad options with an EpicError at declaration', () => {
    expect(() => external((() => 1) as () => number, { stream: 'lines' as never })).toThrow(EpicError);
    expect(() => external((() => 1) as () => number, { streamArgs: [-1] })).toThrow(
      /streamArgs must be an array of argument positions/,
    );
    expect(() => external((() => 1) as () => number, { retries: 3 } as never)).toThrow(/unknown option "retries"/);
    expect(() => external(5 as never)).toThrow(/expects a function/);
    expect(() => asStream(5 as never)).toThrow(/expected an Observable/);
  });

  it('keeps the name and this of the host', () => {
    function named(this: { callId: number }) {
      return this.callId;
    }
    const h = external(named, { stream: 'items' });
    expect(h.name).toBe('named');
    expect(external(named)).toBe(named);
  });
});

describe('cooperative reduction', () => {
  const loop = '(fn (n) (letrec ((loop (fn (i) ((%bool (%< i n)) (fn () (loop (%+ i 1))) (fn () i))))) (loop 0)))';

  it('a pure loop that never ends lets timers run and stops when unsubscribed', async () => {
    for (const strategy of ['opportunistic', 'sequential'] as const) {
      const sub = prog(loop, {}, { strategy }).run(1e15).subscribe();
      await new Promise((resolve) => setTimeout(resolve, 20)); // fires only if the loop yields
      sub.unsubscribe();
      await new Promise((resolve) => setImmediate(resolve));
      expect(sub.closed).toBe(true);
    }
  });

  it('maxSteps fails a runaway run with a located EpicRuntimeError, both ways', async () => {
    for (const strategy of ['opportunistic', 'sequential'] as const) {
      const error = await prog(loop, {}, { strategy, maxSteps: 10_000 })
        .evaluate(1e15)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EpicRuntimeError);
      expect((error as Error).message).toMatch(/^The run took more than maxSteps \(10000\) reduction steps/);
    }
    expect(await prog(loop, {}, { maxSteps: 10_000 }).evaluate(100)).toBe(100);
    expect(() => prog(loop, {}, { maxSteps: 0 })).toThrow(/maxSteps must be a positive integer/);
  });

  it('yields through the program scheduler in virtual time and still gives the result', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const results: unknown[] = [];
    scheduler.run(({ flush }) => {
      prog(loop, {}, { scheduler })
        .run(300_000)
        .subscribe((v) => results.push(v));
      flush();
    });
    expect(results).toEqual([300_000]);
  });
});

describe('live inputs: a Subject drives a program', () => {
  it('processes items pushed later, and completes when the source does', async () => {
    const source = new Subject<number>();
    const out: unknown[] = [];
    const done = new Promise<void>((resolve) => {
      prog('(fn (xs) (%fold xs 0 (fn (a x) (%+ a x))))')
        .run(asStream(source))
        .subscribe({ next: (v) => out.push(v), complete: resolve });
    });
    source.next(1);
    source.next(2);
    source.complete();
    await done;
    expect(out).toEqual([3]);
  });
});
