/**
 * The fuzz property for one generated program (grammar.ts): `program()` either translates it —
 * and then, under both strategies, it gives what the same function gives when JS runs it with
 * the same hosts, and makes the same multiset of host calls — or throws an `EpicError` located
 * in the program's text. Never a raw error, a hang (a step budget and a watchdog), or a reach
 * outside the hosts (unsupported.ts `ESCAPED`).
 *
 * A program that uses no rejected construct must translate and agree. One that does may also
 * fail when it runs, with an `EpicError` (reading a field a record lacks is an error in epic-rx,
 * undefined in JS; README "Supported").
 *
 * The check returns a verdict rather than asserting, so the spec and bench/fuzz-frontend.ts
 * share it.
 */
import { isDeepStrictEqual } from 'node:util';
import { EpicError, EpicProgramError } from '../../../lib/errors.js';
import { program, type Program, type Strategy } from '../../../lib/program.js';
import { translateFunction } from '../../../lib/frontend/translate.js';
import type { Generated } from './grammar.js';
import { ESCAPED } from './unsupported.js';

/** How a program passed. */
export type Outcome = 'agreed' | 'rejected' | 'failed when run';
/** The check's result: passed (how), or failed (why). */
export type Verdict =
  | { readonly ok: true; readonly outcome: Outcome }
  | { readonly ok: false; readonly reason: string };

/** Reduction steps after which a run counts as a hang (generated programs take a few thousand). */
const MAX_STEPS = 1_000_000;
/** Wall-clock time after which a run that has not settled counts as a hang (it takes milliseconds). */
const WATCHDOG_MS = 10_000;

const HOST_NAMES = ['h', 'k', 'list', 'mk', 'pick'] as const;

/** The hosts, recording their calls; `take()` returns the calls since the last `take()`. */
class Recorder {
  private calls: string[] = [];
  readonly hosts: Readonly<Record<(typeof HOST_NAMES)[number], (...args: never[]) => unknown>> = {
    h: (x: number) => (this.record('h', [x]), (Number(x) * 7 + 3) % 101),
    k: (t: string) => (this.record('k', [t]), `${String(t)}!`),
    list: (n: number) => {
      this.record('list', [n]);
      return Array.from({ length: Math.abs(Math.trunc(Number(n))) % 4 || 0 }, (_, i) => (i * 3 + Number(n)) % 10);
    },
    mk: (t: string, n: number) => (
      this.record('mk', [t, n]), { name: String(t), size: Number(n), tags: [String(t), String(n)] }
    ),
    pick: (ys: readonly number[]) => (this.record('pick', [ys]), Array.isArray(ys) && ys.length > 0 ? ys[0] : -1),
  };

  take(): string[] {
    const calls = this.calls;
    this.calls = [];
    return calls.sort();
  }

  private record(name: string, args: readonly unknown[]): void {
    this.calls.push(`${name}(${JSON.stringify(args)})`);
  }
}

type Run =
  | { readonly value: unknown; readonly calls: readonly string[] }
  | { readonly error: unknown; readonly calls: readonly string[] };

/** Checks one program. */
export async function check(p: Generated): Promise<Verdict> {
  delete (globalThis as Record<string, unknown>)[ESCAPED];
  const recorder = new Recorder();
  const native = compileNative(p.source, recorder);
  let translated: Program | undefined;
  try {
    if (native.fn) translated = program(recorder.hosts, native.fn, { name: 'fuzz', maxSteps: MAX_STEPS });
    else translateFunction(p.source, { name: 'fuzz', hosts: new Set(HOST_NAMES) });
  } catch (error) {
    return checkRejection(p, error);
  }
  if (!native.fn || !translated)
    return { ok: false, reason: `translated a program JS rejects (${describe(native.error)})` };
  const runs: [Strategy, Run][] = [];
  for (const strategy of ['opportunistic', 'sequential'] as const) {
    recorder.take();
    runs.push([strategy, await runEpic(translated.with({ strategy }), p.args, recorder)]);
  }
  if ((globalThis as Record<string, unknown>)[ESCAPED] !== undefined)
    return { ok: false, reason: 'the program reached outside its hosts' };
  recorder.take();
  return compare(p, runNative(native.fn, p.args, recorder), runs);
}

/** The function JS makes of the source, with the hosts in scope (strict, as acorn parses it). */
function compileNative(source: string, recorder: Recorder): { fn?: (...args: unknown[]) => unknown; error?: unknown } {
  try {
    return { fn: new Function(...HOST_NAMES, `"use strict"; return (${source});`)(...Object.values(recorder.hosts)) };
  } catch (error) {
    return { error };
  }
}

/** A rejection must be an EpicError located in the text, of a program that uses a rejected construct. */
function checkRejection(p: Generated, error: unknown): Verdict {
  if (!(error instanceof EpicProgramError))
    return { ok: false, reason: `not a located EpicProgramError: ${describe(error)}` };
  const lines = p.source.split('\n');
  const loc = error.loc;
  const text = loc && lines[loc.line - 1];
  if (!loc || text === undefined || loc.column < 1 || loc.column > text.length + 1 || loc.source?.body !== p.source) {
    return { ok: false, reason: `unlocated or mislocated error: ${error.message}` };
  }
  if (!p.mixed) return { ok: false, reason: `rejected a supported program: ${error.message}` };
  return { ok: true, outcome: 'rejected' };
}

async function runEpic(prog: Program, args: Generated['args'], recorder: Recorder): Promise<Run> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: the run did not settle in ${WATCHDOG_MS} ms`)), WATCHDOG_MS);
  });
  try {
    const value = await Promise.race([prog.evaluate(...copy(args)), watchdog]);
    return { value, calls: recorder.take() };
  } catch (error) {
    return { error, calls: recorder.take() };
  } finally {
    clearTimeout(timer);
  }
}

function runNative(fn: (...args: unknown[]) => unknown, args: Generated['args'], recorder: Recorder): Run {
  try {
    const value = fn(...copy(args));
    return { value, calls: recorder.take() };
  } catch (error) {
    return { error, calls: recorder.take() };
  }
}

function copy(args: Generated['args']): [number, string, number[]] {
  return [args[0], args[1], [...args[2]]];
}

function compare(p: Generated, native: Run, runs: readonly [Strategy, Run][]): Verdict {
  let outcome: Outcome = 'agreed';
  for (const [strategy, run] of runs) {
    if ('error' in run && !(run.error instanceof EpicError))
      return { ok: false, reason: `${strategy}: raw error ${describe(run.error)}` };
    if ('error' in native) {
      if (!('error' in run))
        return {
          ok: false,
          reason: `${strategy}: gave ${describe(run.value)} where JS throws ${describe(native.error)}`,
        };
      outcome = 'failed when run';
    } else if ('error' in run) {
      if (!p.mixed)
        return { ok: false, reason: `${strategy}: ${describe(run.error)} where JS gives ${describe(native.value)}` };
      outcome = 'failed when run';
    } else {
      if (!isDeepStrictEqual(run.value, native.value)) {
        return {
          ok: false,
          reason: `${strategy}: gave ${describe(run.value)} where JS gives ${describe(native.value)}`,
        };
      }
      if (!isDeepStrictEqual(run.calls, native.calls)) {
        return {
          ok: false,
          reason: `${strategy}: host calls ${run.calls.join(' ')} where JS makes ${native.calls.join(' ')}`,
        };
      }
    }
  }
  return { ok: true, outcome };
}

function describe(x: unknown): string {
  if (x instanceof Error) return `${x.name}: ${x.message}`;
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}
