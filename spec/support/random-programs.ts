/**
 * Random programs for the confluence properties (spec/compile/confluence*.spec.ts): steps of
 * calls, branches, maps, chains, arithmetic and structural prims over earlier steps' values,
 * with a model that computes each program's value, calls and times independently of the
 * evaluators. See spec/compile/confluence.spec.ts for what the model's timing means.
 */
import fc from 'fast-check';
import { app, host, ifThenElse, lam, let_, lit, prim, tuple, v, type Term } from '../../lib/terms/term.js';
import type { CallLog } from './virtual.js';

/** A value in the program: an earlier step's, or a tuple of earlier steps' (pending) values. */
type Operand =
  | { readonly kind: 'ref'; readonly ref: number }
  | { readonly kind: 'tuple'; readonly items: readonly number[] };
/** What `==`/`!=` compares with: the operand's own string form (so equal), or a fixed literal. */
type Literal =
  | { readonly kind: 'match' }
  | { readonly kind: 'num'; readonly n: number }
  | { readonly kind: 'str'; readonly s: string };

export type Step =
  | { readonly kind: 'call'; readonly latency: number; readonly deps: readonly number[] }
  | { readonly kind: 'branch'; readonly cond: number; readonly then: Call; readonly otherwise: Call }
  | { readonly kind: 'map'; readonly latency: number; readonly items: readonly number[] }
  | { readonly kind: 'chain'; readonly dep: number; readonly first: number; readonly second: number }
  | { readonly kind: 'pure'; readonly a: number; readonly b: number }
  | { readonly kind: 'eq'; readonly op: '==' | '!='; readonly operand: Operand; readonly literal: Literal }
  | { readonly kind: 'concat'; readonly recv: 'string' | readonly number[]; readonly args: readonly Operand[] }
  | { readonly kind: 'record'; readonly fields: readonly number[] }
  | { readonly kind: 'get'; readonly rec: number; readonly extra: number; readonly pick: number };
export interface Call {
  readonly latency: number;
  readonly deps: readonly number[];
}
export interface Program {
  readonly steps: readonly Step[];
  readonly result: readonly number[];
}

const answer = (name: string, args: readonly unknown[]): number => {
  let h = 2166136261;
  for (const ch of name + JSON.stringify(args)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % 100;
};

const latency = fc.integer({ min: 1, max: 50 });
const deps = (i: number) => (i === 0 ? fc.constant([]) : fc.uniqueArray(fc.nat(i - 1), { maxLength: 3 }));
const ref = (i: number) => fc.nat(Math.max(0, i - 1));
const refs = (i: number, minLength = 0) => fc.array(ref(i), { minLength, maxLength: 3 });
const operand = (i: number): fc.Arbitrary<Operand> =>
  fc.oneof(
    fc.record({ kind: fc.constant('ref' as const), ref: ref(i) }),
    fc.record({ kind: fc.constant('tuple' as const), items: refs(i) }),
  );
const literal: fc.Arbitrary<Literal> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'match' as const }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('num' as const), n: fc.integer({ min: 0, max: 99 }) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('str' as const),
      s: fc.constantFrom('', '0', 'NaN', 'true', '[object Object]'),
    }),
    weight: 1,
  },
);

function stepArb(i: number): fc.Arbitrary<Step> {
  const call = fc.record({ latency, deps: deps(i) });
  const options: fc.Arbitrary<Step>[] = [fc.record({ kind: fc.constant('call' as const), latency, deps: deps(i) })];
  if (i > 0) {
    options.push(
      // biome-ignore lint/suspicious/noThenProperty: a generated statement, never awaited
      fc.record({ kind: fc.constant('branch' as const), cond: ref(i), then: call, otherwise: call }),
      fc.record({ kind: fc.constant('map' as const), latency, items: fc.array(ref(i), { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('chain' as const), dep: ref(i), first: latency, second: latency }),
      fc.record({ kind: fc.constant('pure' as const), a: ref(i), b: ref(i) }),
      fc.record({
        kind: fc.constant('eq' as const),
        op: fc.constantFrom('==' as const, '!=' as const),
        operand: operand(i),
        literal,
      }),
      fc.record({
        kind: fc.constant('concat' as const),
        recv: fc.oneof(fc.constant('string' as const), refs(i)),
        args: fc.array(operand(i), { maxLength: 2 }),
      }),
      fc.record({ kind: fc.constant('record' as const), fields: refs(i, 1) }),
    );
  }
  // A get shows its timing only when a later call waits for it: make it twice as likely.
  const get = fc.record({ kind: fc.constant('get' as const), rec: ref(i), extra: ref(i), pick: fc.nat(5) });
  return fc.oneof(...options, ...(i > 0 ? [get, get] : []));
}

export const programArb: fc.Arbitrary<Program> = fc
  .integer({ min: 1, max: 8 })
  .chain((n) =>
    fc
      .tuple(...Array.from({ length: n }, (_, i) => stepArb(i)))
      .chain((steps) =>
        fc.record({ steps: fc.constant(steps), result: fc.uniqueArray(fc.nat(n - 1), { maxLength: n }) }),
      ),
  );

/** Numbers stay numbers: a map result is an array, so it is hashed before numeric use. */
const num = (i: number): Term => prim('%', [prim('+', [v(`v${i}`), lit(0)]), lit(1000)]);
/** The model's `num`: JS's own `(x + 0) % 1000`, whatever x is. */
const asNum = (x: unknown): number => ((x as number) + 0) % 1000;

/**
 * Which value a `get` step reads, as [the step that holds it, the record term, the field name]:
 * a field of the record an earlier `record` step built, or else of a record built on the spot.
 */
function getTarget(p: Program, s: Extract<Step, { kind: 'get' }>): { from: number; record: Term; field: string } {
  const target = p.steps[s.rec]!;
  if (target.kind === 'record') {
    const k = s.pick % target.fields.length;
    return { from: target.fields[k]!, record: v(`v${s.rec}`), field: `f${k}` };
  }
  const k = s.pick % 2;
  return { from: k === 0 ? s.rec : s.extra, record: recordOf([s.rec, s.extra]), field: `f${k}` };
}

const recordOf = (fields: readonly number[]): Term =>
  prim(
    'record',
    fields.flatMap((f, k) => [lit(`f${k}`), v(`v${f}`)]),
  );
const operandTerm = (o: Operand): Term => (o.kind === 'ref' ? v(`v${o.ref}`) : tuple(o.items.map((d) => v(`v${d}`))));
const operandValue = (o: Operand, values: readonly unknown[]): unknown =>
  o.kind === 'ref' ? values[o.ref] : o.items.map((d) => values[d]);
const operandRefs = (o: Operand): readonly number[] => (o.kind === 'ref' ? [o.ref] : o.items);

/** The program's term; `values` (the model's) give the literal an `==` step compares with when it should match. */
export function toTerm(p: Program, values: readonly unknown[]): Term {
  const call = (name: string, c: Call) =>
    app(
      host(name),
      c.deps.map((d) => v(`v${d}`)),
    );
  const literalTerm = (o: Operand, l: Literal): Term =>
    l.kind === 'match' ? lit(String(operandValue(o, values))) : l.kind === 'num' ? lit(l.n) : lit(l.s);
  const stepTerm = (s: Step, i: number): Term => {
    switch (s.kind) {
      case 'call':
        return call(`c${i}`, s);
      case 'branch':
        return ifThenElse(prim('<', [num(s.cond), lit(50)]), call(`t${i}`, s.then), call(`e${i}`, s.otherwise));
      case 'map':
        return prim('map', [tuple(s.items.map((d) => v(`v${d}`))), lam(['x'], app(host(`m${i}`), [v('x')]))]);
      case 'chain':
        return app(lam(['x'], app(host(`b${i}`), [v('x'), app(host(`a${i}`), [v('x')])])), [v(`v${s.dep}`)]);
      case 'pure':
        return prim('+', [num(s.a), num(s.b)]);
      case 'eq':
        return prim(s.op, [operandTerm(s.operand), literalTerm(s.operand, s.literal)]);
      case 'concat': {
        const recv = s.recv === 'string' ? lit('p') : tuple(s.recv.map((d) => v(`v${d}`)));
        return prim('method', [recv, lit('concat'), ...s.args.map(operandTerm)]);
      }
      case 'record':
        return recordOf(s.fields);
      case 'get': {
        const { record, field } = getTarget(p, s);
        return prim('get', [record, lit(field)]);
      }
    }
  };
  let body: Term = tuple(p.result.map((r) => v(`v${r}`)));
  for (let i = p.steps.length - 1; i >= 0; i--) body = let_(`v${i}`, stepTerm(p.steps[i]!, i), body);
  return lam([], body);
}

export interface Expected {
  values: unknown[];
  value: unknown;
  calls: string[];
  critical: number;
  serial: number;
}

/**
 * The model: values, calls made, critical-path time and sum of latencies. `finish[i]` is when
 * step i's value has fully arrived (every part of it); see the file comment for who waits for it.
 */
export function model(p: Program): Expected {
  const values: unknown[] = [];
  const finish: number[] = [];
  const calls: string[] = [];
  let serial = 0;
  const make = (name: string, args: unknown[], start: number, lat: number): [number, number] => {
    calls.push(`${name}${JSON.stringify(args)}`);
    serial += lat;
    return [answer(name, args), start + lat];
  };
  const ready = (ds: readonly number[]) => Math.max(0, ...ds.map((d) => finish[d]!));
  p.steps.forEach((s, i) => {
    let out: [unknown, number];
    switch (s.kind) {
      case 'call':
        out = make(
          `c${i}`,
          s.deps.map((d) => values[d]),
          ready(s.deps),
          s.latency,
        );
        break;
      case 'branch': {
        const taken = asNum(values[s.cond]) < 50;
        const c = taken ? s.then : s.otherwise;
        out = make(
          `${taken ? 't' : 'e'}${i}`,
          c.deps.map((d) => values[d]),
          Math.max(finish[s.cond]!, ready(c.deps)),
          c.latency,
        );
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
      case 'pure':
        out = [asNum(values[s.a]) + asNum(values[s.b]), Math.max(finish[s.a]!, finish[s.b]!)];
        break;
      default:
        out = modelStructural(p, s, values, finish);
    }
    values.push(out[0]);
    finish.push(out[1]);
  });
  const critical = Math.max(0, ...finish);
  return { values, value: p.result.map((r) => values[r]), calls: calls.sort(), critical, serial };
}

/** The value and finish time of a step that makes no call, in plain JS. */
function modelStructural(
  p: Program,
  s: Step,
  values: readonly unknown[],
  finish: readonly number[],
): [unknown, number] {
  const ready = (ds: readonly number[]) => Math.max(0, ...ds.map((d) => finish[d]!));
  switch (s.kind) {
    case 'eq': {
      const x = operandValue(s.operand, values) as string;
      const y = s.literal.kind === 'match' ? String(x) : s.literal.kind === 'num' ? s.literal.n : s.literal.s;
      // biome-ignore lint/suspicious/noDoubleEquals: the model of the program's loose == and !=
      return [s.op === '==' ? x == y : x != y, ready(operandRefs(s.operand))]; // deep: waits for every part
    }
    case 'concat': {
      const args = s.args.map((o) => operandValue(o, values));
      const recv = s.recv === 'string' ? 'p' : s.recv.map((d) => values[d]);
      const parts = [...(s.recv === 'string' ? [] : s.recv), ...s.args.flatMap(operandRefs)];
      return [(recv as unknown[]).concat(...args), ready(parts)]; // deep, on a string or an array receiver
    }
    case 'record':
      return [Object.fromEntries(s.fields.map((f, k) => [`f${k}`, values[f]])), ready(s.fields)];
    case 'get': {
      const { from } = getTarget(p, s);
      return [values[from], finish[from]!]; // only the record is needed, and it is there at once
    }
    default:
      throw new Error(`not a structural step: ${s.kind}`);
  }
}

/** The names of every host a program may call. */
export function hostNames(p: Program): string[] {
  return Object.keys(hostsFor(p, { host: () => () => undefined } as unknown as CallLog));
}

/** The program's hosts, answering after their latencies; the hosts in `failing` throw instead. */
export function hostsFor(p: Program, log: CallLog, failing: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const hosts: Record<string, unknown> = {};
  const add = (name: string, lat: number) => {
    hosts[name] = log.host(name, lat, (...args: unknown[]) => {
      if (failing.has(name)) throw new Error(`${name} failed`);
      return answer(name, args);
    });
  };
  p.steps.forEach((s, i) => {
    if (s.kind === 'call') add(`c${i}`, s.latency);
    if (s.kind === 'branch') {
      add(`t${i}`, s.then.latency);
      add(`e${i}`, s.otherwise.latency);
    }
    if (s.kind === 'map') add(`m${i}`, s.latency);
    if (s.kind === 'chain') {
      add(`a${i}`, s.first);
      add(`b${i}`, s.second);
    }
  });
  return hosts;
}

export const callsOf = (log: CallLog) => log.calls.map((c) => `${c.host}${JSON.stringify(c.args)}`).sort();
