/**
 * Fuzz of loops in generated code (lib/compile/jit.ts) and the closure code around it: random
 * programs with `while`/`for`/`for…of` loops, self-recursive functions looping in tail position,
 * `let` reassignment, conditions waiting on host calls, closures made in a loop and called after
 * it, and arrays accumulating pending values (spec/support/loop-programs.ts). Each program runs
 * as plain JS with synchronous hosts, and as a program with the same hosts made async (each
 * answering after a few microtasks, so results arrive out of call order), under both strategies:
 * the values must be equal, and so must the multisets of host calls.
 *
 * The straight-line fuzz (confluence.spec.ts) cannot reach this family: a loop whose frame is
 * reused in place while a pending branch still reads it (c258871) needs a loop, a pending
 * condition, and a read of the loop's variables after the condition resolves.
 *
 * Deterministic: a fixed seed (FUZZ_SEED to change it), hosts that answer after a number of
 * microtasks fixed by their arguments, and a hang detected by counting event-loop turns, not time.
 * 200 programs here; `npm run fuzz` runs FUZZ_RUNS of them.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EpicProgramError } from '../../lib/errors.js';
import { external, program, type Program } from '../../lib/index.js';
import { HOST_NAMES, HOSTS, loopPrograms, type LoopProgram } from '../support/loop-programs.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 963576);
/** Reduction steps after which a run counts as a hang (generated programs take a few hundred). */
const MAX_STEPS = 200_000;
/** Event-loop turns without the run settling after which it counts as a hang (it takes a few). */
const HANG_TURNS = 5_000;

type Fn = (...args: unknown[]) => unknown;

/** Host calls as `name(args)`, sorted: a multiset to compare. */
class Calls {
  private calls: string[] = [];
  record(name: string, args: readonly unknown[]): void {
    this.calls.push(`${name}(${JSON.stringify(args).slice(1, -1)})`);
  }
  take(): string[] {
    const calls = this.calls.sort();
    this.calls = [];
    return calls;
  }
}

/** The hosts as plain JS calls them. */
function plainHosts(calls: Calls): Fn[] {
  return HOST_NAMES.map((name) => (...args: unknown[]) => {
    calls.record(name, args);
    return (HOSTS[name] as Fn)(...args);
  });
}

/**
 * The same hosts, async: each answers after 0–3 microtasks, depending on its arguments and `salt`
 * — but those in `sync`, which answer at once.
 */
function asyncHosts(calls: Calls, salt: number, sync: readonly string[]): Record<string, Fn> {
  return Object.fromEntries(
    HOST_NAMES.map((name) => [
      name,
      sync.includes(name)
        ? external((...args: unknown[]) => {
            calls.record(name, args);
            return (HOSTS[name] as Fn)(...args);
          })
        : external(async (...args: unknown[]) => {
            calls.record(name, args);
            const ticks = (salt + JSON.stringify(args).length) % 4;
            for (let t = 0; t < ticks; t++) await null;
            return (HOSTS[name] as Fn)(...args);
          }),
    ]),
  );
}

/** Settles with the run, or with 'hang' after HANG_TURNS event-loop turns. */
function settle(run: Promise<unknown>): Promise<{ value: unknown } | { error: unknown } | 'hang'> {
  let settled = false;
  const done = run.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  void done.finally(() => {
    settled = true;
  });
  const watchdog = new Promise<'hang'>((resolve) => {
    let turns = 0;
    const turn = (): void => {
      if (settled) return;
      if (++turns >= HANG_TURNS) resolve('hang');
      else setImmediate(turn);
    };
    setImmediate(turn);
  });
  return Promise.race([done, watchdog]);
}

function show(x: unknown): string {
  if (x instanceof Error) return `${x.name}: ${x.message}`;
  return JSON.stringify(x) ?? String(x);
}

/** Checks one program; throws an error naming the program and what differed. */
async function check(p: LoopProgram): Promise<void> {
  const fail = (why: string): never => {
    throw new Error(
      `${why}\nargs: ${JSON.stringify(p.args)}, salt ${p.salt}, sync [${p.sync.join(', ')}]\n${p.source}`,
    );
  };
  const calls = new Calls();
  let fn: Fn;
  let expected: unknown;
  try {
    fn = new Function(...HOST_NAMES, `"use strict"; return (${p.source});`)(...plainHosts(calls)) as Fn;
    expected = fn(...structuredClone(p.args));
  } catch (error) {
    return fail(`the generator made a program JS rejects: ${show(error)}`);
  }
  const expectedCalls = calls.take();
  let prog: Program;
  try {
    prog = program(asyncHosts(calls, p.salt, p.sync), fn, { name: 'loops', maxSteps: MAX_STEPS }) as unknown as Program;
  } catch (error) {
    if (error instanceof EpicProgramError)
      return fail(`the generator made a program the front end rejects: ${show(error)}`);
    throw error;
  }
  for (const strategy of ['opportunistic', 'sequential'] as const) {
    const got = await settle(prog.with({ strategy }).evaluate(...structuredClone(p.args)));
    const made = calls.take();
    if (got === 'hang') fail(`${strategy}: the run did not settle`);
    else if ('error' in got) fail(`${strategy}: ${show(got.error)} where JS gives ${show(expected)}`);
    else if (!isDeepStrictEqual(got.value, expected))
      fail(`${strategy}: gave ${show(got.value)} where JS gives ${show(expected)}`);
    else if (!isDeepStrictEqual(made, expectedCalls))
      fail(`${strategy}: host calls ${made.join(' ')} where JS makes ${expectedCalls.join(' ')}`);
  }
}

describe('loops in generated code, on random programs', () => {
  it(
    'agree with plain JS in value and host calls, under both strategies',
    async () => {
      await fc.assert(fc.asyncProperty(loopPrograms, check), { numRuns: RUNS, seed: SEED });
    },
    60_000 + RUNS * 200,
  ); // a few ms a program; generous for a machine whose cores are all busy

  it('the generator is not vacuous: its programs loop on pending conditions and call closures later', () => {
    const sources = fc.sample(loopPrograms, { numRuns: 200, seed: SEED }).map((p) => p.source);
    const share = (re: RegExp): number => sources.filter((s) => re.test(s)).length / sources.length;
    expect(share(/while \(/)).toBeGreaterThan(0.2);
    expect(share(/const (loop\d+) = \([^)]*\) => [^\n]*\1\(/)).toBeGreaterThan(0.05);
    expect(share(/function loop\d+/)).toBeGreaterThan(0.05);
    expect(share(/\(\) =>/)).toBeGreaterThan(0.2);
    expect(share(/\? [^\n]*loop\d+\(/)).toBeGreaterThan(0.05);
  });
});
