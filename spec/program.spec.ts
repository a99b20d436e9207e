import { map, Observable, of, timer, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { EpicError, EpicSyntaxError, EpicUnboundNameError } from '../lib/errors.js';
import { Program, program } from '../lib/program.js';
import { external } from '../lib/runtime/external.js';
import type { RunEvent } from '../lib/runtime/events.js';
import { parseTerm } from '../lib/terms/parse.js';
import type { Lam } from '../lib/terms/term.js';

// Hosts answering after 100 virtual ms (TestScheduler run mode virtualises `timer`).
const lookup = external((x: number) => timer(100).pipe(map(() => x * 10)));
const combine = external((a: number, b: number, c: number) => timer(100).pipe(map(() => a + b + c)));

const plan = program({ lookup, combine }, (n: number) => {
  const a = lookup(n);
  const b = lookup(n + 1);
  const c = lookup(n + 2);
  return combine(a, b, c);
});

/** Runs `source$` in virtual time; returns what it emitted, when, and how it ended. */
function virtual<T>(make: (scheduler: TestScheduler) => Observable<T>) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const out: { values: T[]; times: number[]; error?: unknown; completedAt?: number } = { values: [], times: [] };
  scheduler.run(({ flush }) => {
    make(scheduler).subscribe({
      next: (v) => {
        out.values.push(v);
        out.times.push(scheduler.now());
      },
      error: (e: unknown) => {
        out.error = e;
      },
      complete: () => {
        out.completedAt = scheduler.now();
      },
    });
    flush();
  });
  return out;
}

describe('program().run', () => {
  it('three independent 100 ms calls and a dependent fourth: 200 ms opportunistic, 400 ms sequential, equal results', () => {
    const fast = virtual(() => plan.run(1));
    const slow = virtual(() => plan.with({ strategy: 'sequential' }).run(1));
    expect(fast.values).toEqual([60]);
    expect(slow.values).toEqual([60]);
    expect(fast.completedAt).toBe(200);
    expect(slow.completedAt).toBe(400);
  });

  it('emits the result once, then completes', () => {
    const out = virtual(() => plan.run(2));
    expect(out.values).toEqual([90]);
    expect(out.times).toEqual([200]);
  });

  it('takes Observable arguments, so it plugs into an Rx pipeline', () => {
    const out = virtual(() => plan.run(timer(50).pipe(map(() => 1))));
    expect(out.values).toEqual([60]);
    expect(out.completedAt).toBe(250);
  });

  it('is cold: each subscription is its own run', async () => {
    let calls = 0;
    const count = external(() => ++calls);
    const p = program({ count }, () => count());
    const run$ = p.run();
    expect(calls).toBe(0);
    expect(await Promise.all([p.evaluate(), p.evaluate()])).toEqual([1, 2]);
    await new Promise<void>((resolve) => run$.subscribe({ complete: resolve }));
    expect(calls).toBe(3);
  });
});

describe('program().events', () => {
  it('reports each host call with its site, arguments and times, then the result', () => {
    const out = virtual((scheduler) => plan.with({ scheduler }).events(1).pipe(toArray()));
    const events = out.values[0] as RunEvent[];
    const dispatched = events.filter((e) => e.type === 'dispatched');
    expect(dispatched.map((e) => [e.host, e.args, e.time])).toEqual([
      ['lookup', '[1]', 0],
      ['lookup', '[2]', 0],
      ['lookup', '[3]', 0],
      ['combine', '[10,20,30]', 100],
    ]);
    expect(dispatched.every((e) => e.type === 'dispatched' && e.site?.program === 'program' && e.site.line >= 1)).toBe(
      true,
    );
    expect(events.filter((e) => e.type === 'resolved').map((e) => e.time)).toEqual([100, 100, 100, 200]);
    expect(events.at(-1)).toEqual({ type: 'result', value: 60, time: 200 });
  });
});

describe('program() construction errors', () => {
  it('rejects an unknown name before anything runs, naming it', () => {
    const judge = external((x: string) => x.length);
    expect(() => program({ judge }, (x: string) => jugde(x))).toThrow(EpicUnboundNameError);
    expect(() => program({ judge }, (x: string) => jugde(x))).toThrow(/Unknown name "jugde".*did you mean 'judge'\?/s);
  });

  it('rejects an unsupported construct with its location and an excerpt', () => {
    let error: unknown;
    try {
      program(
        {},
        (x: number) => {
          try {
            return x;
          } catch {
            return 0;
          }
        },
        { name: 'risky' },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EpicSyntaxError);
    expect((error as Error).message).toMatch(/try/);
    // the location maps back to this file, and the excerpt is the line as written here
    expect((error as Error).message).toMatch(
      /\n {2}at spec\/program\.spec\.ts:\d+:11 \(in risky\)\n\d+ \| {11}try \{\n +\| {11}\^$/,
    );
  });

  it('Program.fromTerm rejects a term with a free variable before anything runs', () => {
    const term = parseTerm('(fn (x) (@h y))') as Lam;
    expect(() => Program.fromTerm(term, { h: () => 1 })).toThrow(EpicUnboundNameError);
    expect(() => Program.fromTerm(term, { h: () => 1 })).toThrow(
      /^Unknown name "y": .* \(the term has a free variable\)/,
    );
  });

  it('rejects a non-object host table and a non-function', () => {
    expect(() => program([] as never, () => 1)).toThrow(/expects an object of host values, got an array/);
    expect(() => program({}, 5 as never)).toThrow(/expects a function, got number/);
  });

  it('Program.fromTerm checks that every host the term names is given', async () => {
    const term = parseTerm('(fn (x) (@judge (@propose x)))') as Lam;
    expect(() => Program.fromTerm(term, { judge: () => 1 })).toThrow(EpicError);
    expect(() => Program.fromTerm(term, { judge: () => 1 })).toThrow(/host values that were not given: propose/);
    await expect(
      Program.fromTerm(term, { judge: (x: string) => x.length, propose: (x: string) => `${x}!` }).evaluate('ab'),
    ).resolves.toBe(3);
  });
});

describe('programs as operators in an Rx app', () => {
  it('composes with ordinary operators', async () => {
    const double = external((x: number) => of(x * 2));
    const p = program({ double }, (x: number) => double(x) + 1);
    const results = await new Promise<number[]>((resolve) => {
      of(1, 2, 3)
        .pipe(
          (src) =>
            new Observable<number>((sub) =>
              src.subscribe({
                next: (x) => p.run(x).subscribe((y) => sub.next(y)),
                complete: () => sub.complete(),
              }),
            ),
          toArray(),
        )
        .subscribe(resolve);
    });
    expect(results).toEqual([3, 5, 7]);
  });
});

declare function jugde(x: string): number;
