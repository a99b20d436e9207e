/**
 * The guarantees of DESIGN.md §1, checked on random programs in virtual time:
 * (a) the opportunistic result equals the sequential (call-by-value) one;
 * (b) both make the same multiset of host calls, and no call of an untaken branch;
 * (d) opportunistic completion time is the program's critical path (so never later than
 *     sequential), and sequential time is the sum of the latencies of the calls made.
 * A small model computes the expected value, calls and times of each program independently.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { app, host, ifThenElse, lam, let_, lit, prim, tuple, v, type Term } from '../../lib/terms/term.js';
import { CallLog, runVirtual } from '../support/virtual.js';

type Step =
  | { readonly kind: 'call'; readonly latency: number; readonly deps: readonly number[] }
  | { readonly kind: 'branch'; readonly cond: number; readonly then: Call; readonly otherwise: Call }
  | { readonly kind: 'map'; readonly latency: number; readonly items: readonly number[] }
  | { readonly kind: 'chain'; readonly dep: number; readonly first: number; readonly second: number }
  | { readonly kind: 'pure'; readonly a: number; readonly b: number };
interface Call { readonly latency: number; readonly deps: readonly number[] }
interface Program { readonly steps: readonly Step[]; readonly result: readonly number[] }

const answer = (name: string, args: readonly unknown[]): number => {
  let h = 2166136261;
  for (const ch of name + JSON.stringify(args)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % 100;
};

const latency = fc.integer({ min: 1, max: 50 });
const deps = (i: number) => (i === 0 ? fc.constant([]) : fc.uniqueArray(fc.nat(i - 1), { maxLength: 3 }));
const ref = (i: number) => fc.nat(Math.max(0, i - 1));

function stepArb(i: number): fc.Arbitrary<Step> {
  const call = fc.record({ latency, deps: deps(i) });
  const options: fc.Arbitrary<Step>[] = [fc.record({ kind: fc.constant('call' as const), latency, deps: deps(i) })];
  if (i > 0) {
    options.push(
      fc.record({ kind: fc.constant('branch' as const), cond: ref(i), then: call, otherwise: call }),
      fc.record({ kind: fc.constant('map' as const), latency, items: fc.array(ref(i), { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('chain' as const), dep: ref(i), first: latency, second: latency }),
      fc.record({ kind: fc.constant('pure' as const), a: ref(i), b: ref(i) }),
    );
  }
  return fc.oneof(...options);
}

const programArb: fc.Arbitrary<Program> = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.tuple(...Array.from({ length: n }, (_, i) => stepArb(i))).chain((steps) =>
    fc.record({ steps: fc.constant(steps), result: fc.uniqueArray(fc.nat(n - 1), { maxLength: n }) })));

/** Numbers stay numbers: a map result is an array, so it is hashed before numeric use. */
const num = (i: number): Term => prim('%', [prim('+', [v(`v${i}`), lit(0)]), lit(1000)]);

function toTerm(p: Program): Term {
  const call = (name: string, c: Call) => app(host(name), c.deps.map((d) => v(`v${d}`)));
  const stepTerm = (s: Step, i: number): Term => {
    switch (s.kind) {
      case 'call': return call(`c${i}`, s);
      case 'branch': return ifThenElse(prim('<', [num(s.cond), lit(50)]), call(`t${i}`, s.then), call(`e${i}`, s.otherwise));
      case 'map': return prim('map', [tuple(s.items.map((d) => v(`v${d}`))), lam(['x'], app(host(`m${i}`), [v('x')]))]);
      case 'chain': return app(lam(['x'], app(host(`b${i}`), [v('x'), app(host(`a${i}`), [v('x')])])), [v(`v${s.dep}`)]);
      case 'pure': return prim('+', [num(s.a), num(s.b)]);
    }
  };
  let body: Term = tuple(p.result.map((r) => v(`v${r}`)));
  for (let i = p.steps.length - 1; i >= 0; i--) body = let_(`v${i}`, stepTerm(p.steps[i]!, i), body);
  return lam([], body);
}

interface Expected { value: unknown; calls: string[]; critical: number; serial: number }

/** The model: values, calls made, critical-path time and sum of latencies. */
function model(p: Program): Expected {
  const values: unknown[] = [];
  const finish: number[] = [];
  const calls: string[] = [];
  let serial = 0;
  const make = (name: string, args: unknown[], start: number, lat: number): [number, number] => {
    calls.push(`${name}${JSON.stringify(args)}`);
    serial += lat;
    return [answer(name, args), start + lat];
  };
  const asNum = (x: unknown) => (typeof x === 'number' ? x % 1000 : Number(String(x) + 0) % 1000);
  p.steps.forEach((s, i) => {
    const ready = (ds: readonly number[]) => Math.max(0, ...ds.map((d) => finish[d]!));
    let out: [unknown, number];
    switch (s.kind) {
      case 'call': out = make(`c${i}`, s.deps.map((d) => values[d]), ready(s.deps), s.latency); break;
      case 'branch': {
        const taken = asNum(values[s.cond]) < 50;
        const c = taken ? s.then : s.otherwise;
        out = make(`${taken ? 't' : 'e'}${i}`, c.deps.map((d) => values[d]), Math.max(finish[s.cond]!, ready(c.deps)), c.latency);
        break;
      }
      case 'map': {
        const results = s.items.map((d) => make(`m${i}`, [values[d]], finish[d]!, s.latency));
        out = [results.map((r) => r[0]), Math.max(0, ...results.map((r) => r[1]))];
        break;
      }
      case 'chain': {
        const [a, at] = make(`a${i}`, [values[s.dep]], finish[s.dep]!, s.first);
        out = make(`b${i}`, [values[s.dep], a], at, s.second);
        break;
      }
      case 'pure': out = [asNum(values[s.a]) + asNum(values[s.b]), Math.max(finish[s.a]!, finish[s.b]!)]; break;
    }
    values.push(out[0]);
    finish.push(out[1]);
  });
  return { value: p.result.map((r) => values[r]), calls: calls.sort(), critical: Math.max(0, ...finish), serial };
}

function hostsFor(p: Program, log: CallLog): Record<string, unknown> {
  const hosts: Record<string, unknown> = {};
  const add = (name: string, lat: number) => { hosts[name] = log.host(name, lat, (...args: unknown[]) => answer(name, args)); };
  p.steps.forEach((s, i) => {
    if (s.kind === 'call') add(`c${i}`, s.latency);
    if (s.kind === 'branch') { add(`t${i}`, s.then.latency); add(`e${i}`, s.otherwise.latency); }
    if (s.kind === 'map') add(`m${i}`, s.latency);
    if (s.kind === 'chain') { add(`a${i}`, s.first); add(`b${i}`, s.second); }
  });
  return hosts;
}

const callsOf = (log: CallLog) => log.calls.map((c) => `${c.host}${JSON.stringify(c.args)}`).sort();

describe('confluence on random programs', () => {
  it('agrees with sequential evaluation and the model, and meets the critical path', () => {
    fc.assert(fc.property(programArb, (p) => {
      const expected = model(p);
      const term = toTerm(p) as ReturnType<typeof lam>;
      const oLog = new CallLog();
      const sLog = new CallLog();
      const o = runVirtual(term, hostsFor(p, oLog), [], 'opportunistic');
      const s = runVirtual(term, hostsFor(p, sLog), [], 'sequential');
      expect(o.error).toBeUndefined();
      expect(s.error).toBeUndefined();
      expect(o.value).toEqual(s.value);
      expect(o.value).toEqual(expected.value);
      expect(callsOf(oLog)).toEqual(expected.calls);
      expect(callsOf(sLog)).toEqual(expected.calls);
      expect(o.time).toBe(expected.critical);
      expect(s.time).toBe(expected.serial);
      expect(o.time).toBeLessThanOrEqual(s.time);
      expect(sLog.maxInFlight).toBeLessThanOrEqual(1);
    }), { numRuns: 300 });
  });
});
