/**
 * Confluence with streams, on random programs in virtual time: a host returns a stream (items or
 * text, in random chunks at random delays) and a random pipeline of stream-aware operations
 * consumes it — `map` and `for…of` with host calls per item, `filter`, indexing, `slice`,
 * `join`, `split`, `+`, template literals, `length`. Checked against plain JS on the complete
 * data (the model) and the sequential strategy (one host call at a time, so no call starts while
 * the stream is arriving):
 * (a) the same value; (b) the same multiset of host calls; (c) opportunistic time ≤ sequential;
 * and, where a stream feeds per-item host calls, the first such call is dispatched before the
 * stream completes when its first item arrives earlier.
 */
import fc from 'fast-check';
import { concatMap, defer, from, map, timer } from 'rxjs';
import { asyncScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { asStream } from '../../lib/runtime/stream-source.js';
import { app, host, lam, let_, lit, prim, tuple, v, type Term } from '../../lib/terms/term.js';
import { CallLog, runVirtual } from '../support/virtual.js';

/** A value flowing through the pipeline, with its kind. */
type Kind = 'items' | 'text' | 'scalar';

/** One operation of a pipeline: the term it builds around its input, and the model of it. */
interface Op {
  readonly name: string;
  readonly from: Kind;
  readonly to: Kind;
  readonly term: (input: Term) => Term;
  readonly model: (input: unknown, calls: string[]) => unknown;
}

/** How many random cases a property tries: 400 in the test run, more under `npm run fuzz`. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

const answer = (name: string, x: unknown): number => {
  let h = 2166136261;
  for (const ch of name + JSON.stringify(x)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % 100;
};

/** Host calls per item: `m` (map), `g` (for…of body), `h` (a call after a text). */
const OPS: readonly Op[] = [
  {
    name: 'map-host',
    from: 'items',
    to: 'items',
    term: (s) => prim('map', [s, lam(['x'], app(host('m'), [v('x')]))]),
    model: (xs, calls) =>
      (xs as unknown[]).map((x) => {
        calls.push(`m${JSON.stringify([x])}`);
        return answer('m', [x]);
      }),
  },
  {
    name: 'for-of-host',
    from: 'items',
    to: 'scalar',
    term: (s) => prim('fold', [s, lit(0), lam(['a', 'x'], prim('+', [v('a'), app(host('g'), [v('x')])]))]),
    model: (xs, calls) =>
      (xs as unknown[]).reduce((a: number, x) => {
        calls.push(`g${JSON.stringify([x])}`);
        return a + answer('g', [x]);
      }, 0),
  },
  {
    name: 'filter',
    from: 'items',
    to: 'items',
    term: (s) => prim('filter', [s, lam(['x'], prim('<', [prim('%', [prim('+', [v('x'), lit(0)]), lit(7)]), lit(4)]))]),
    model: (xs) => (xs as unknown[]).filter((x) => ((x as number) + 0) % 7 < 4),
  },
  {
    name: 'index',
    from: 'items',
    to: 'scalar',
    term: (s) => prim('getOpt', [s, lit(2)]),
    model: (xs) => (xs as unknown[])[2],
  },
  {
    name: 'at',
    from: 'items',
    to: 'scalar',
    term: (s) => prim('method', [s, lit('at'), lit(1)]),
    model: (xs) => (xs as unknown[]).at(1),
  },
  {
    name: 'slice',
    from: 'items',
    to: 'items',
    term: (s) => prim('method', [s, lit('slice'), lit(1), lit(4)]),
    model: (xs) => (xs as unknown[]).slice(1, 4),
  },
  {
    name: 'join',
    from: 'items',
    to: 'text',
    term: (s) => prim('method', [s, lit('join'), lit('\n')]),
    model: (xs) => (xs as unknown[]).join('\n'),
  },
  {
    name: 'length',
    from: 'items',
    to: 'scalar',
    term: (s) => prim('get', [s, lit('length')]),
    model: (xs) => (xs as unknown[]).length,
  },
  {
    name: 'split',
    from: 'text',
    to: 'items',
    term: (s) => prim('method', [s, lit('split'), lit('\n')]),
    model: (t) => (t as string).split('\n'),
  },
  { name: 'prefix', from: 'text', to: 'text', term: (s) => prim('+', [lit('>'), s]), model: (t) => `>${t as string}` },
  {
    name: 'then-host',
    from: 'text',
    to: 'text',
    term: (s) => prim('+', [s, app(host('h'), [lit(1)])]),
    model: (t, calls) => {
      calls.push('h[1]');
      return (t as string) + answer('h', [1]);
    },
  },
  {
    name: 'template',
    from: 'text',
    to: 'text',
    term: (s) => prim('template', [lit('<'), s, lit('>')]),
    model: (t) => `<${t as string}>`,
  },
  {
    name: 'chars',
    from: 'text',
    to: 'text',
    term: (s) => prim('fold', [s, lit(''), lam(['a', 'c'], prim('+', [v('c'), v('a')]))]),
    model: (t) => Array.from(t as string).reduce((a, c) => c + a, ''),
  },
  {
    name: 'text-slice',
    from: 'text',
    to: 'text',
    term: (s) => prim('method', [s, lit('slice'), lit(2), lit(9)]),
    model: (t) => (t as string).slice(2, 9),
  },
  {
    name: 'text-index',
    from: 'text',
    to: 'scalar',
    term: (s) => prim('getOpt', [s, lit(3)]),
    model: (t) => (t as string)[3],
  },
  {
    name: 'trim',
    from: 'text',
    to: 'text',
    term: (s) => prim('method', [s, lit('trim')]),
    model: (t) => (t as string).trim(),
  },
  {
    name: 'trimStart',
    from: 'text',
    to: 'text',
    term: (s) => prim('method', [s, lit('trimStart')]),
    model: (t) => (t as string).trimStart(),
  },
  {
    name: 'trimEnd',
    from: 'text',
    to: 'text',
    term: (s) => prim('method', [s, lit('trimEnd')]),
    model: (t) => (t as string).trimEnd(),
  },
  {
    name: 'upper',
    from: 'text',
    to: 'text',
    term: (s) => prim('method', [s, lit('toUpperCase')]),
    model: (t) => (t as string).toUpperCase(),
  },
];

interface Source {
  readonly kind: 'items' | 'text';
  readonly parts: ReadonlyArray<readonly [delay: number, part: unknown]>;
}
interface Case {
  readonly source: Source;
  readonly ops: readonly Op[];
  readonly latency: number;
  readonly twice: boolean;
}

const itemsSource: fc.Arbitrary<Source> = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 99 })), { maxLength: 7 })
  .map((parts) => ({ kind: 'items' as const, parts }));
const textSource: fc.Arbitrary<Source> = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.stringMatching(/^[ab \n😀]{0,5}$/u)), { maxLength: 7 })
  .map((parts) => ({ kind: 'text' as const, parts }));

/** A pipeline of up to 3 operations whose kinds fit, starting from the source's kind. */
function pipeline(kind: 'items' | 'text'): fc.Arbitrary<readonly Op[]> {
  return fc.array(fc.nat(OPS.length * 4), { maxLength: 3 }).map((picks) => {
    const ops: Op[] = [];
    let at: Kind = kind;
    for (const pick of picks) {
      const fitting = OPS.filter((op) => op.from === at);
      if (fitting.length === 0) break;
      const op = fitting[pick % fitting.length]!;
      ops.push(op);
      at = op.to;
    }
    return ops;
  });
}

const caseArb: fc.Arbitrary<Case> = fc.oneof(itemsSource, textSource).chain((source) =>
  fc.record({
    source: fc.constant(source),
    ops: pipeline(source.kind),
    latency: fc.integer({ min: 1, max: 40 }),
    twice: fc.boolean(),
  }),
);

/** The streaming host `s`: emits the parts at their delays (virtual time), as a marked stream. */
function streamHost(source: Source, log: CallLog): () => unknown {
  return () => {
    log.calls.push({ host: 's', args: [], at: asyncScheduler.now() });
    const parts$ = defer(() =>
      from(source.parts).pipe(concatMap(([delay, part]) => timer(delay).pipe(map(() => part)))),
    );
    return source.kind === 'text' ? asStream(parts$ as never, 'text') : asStream(parts$);
  };
}

function hostsFor(c: Case, log: CallLog): Record<string, unknown> {
  return {
    s: streamHost(c.source, log),
    m: log.host('m', c.latency, (x) => answer('m', [x])),
    g: log.host('g', c.latency, (x) => answer('g', [x])),
    h: log.host('h', c.latency, (x) => answer('h', [x])),
  };
}

/** `let s = (@s) in [pipeline(s), maybe the stream itself]`. */
function toTerm(c: Case): Term {
  let body: Term = v('s');
  for (const op of c.ops) body = op.term(body);
  return lam([], let_('s', app(host('s'), []), tuple(c.twice ? [body, v('s')] : [body])));
}

function model(c: Case): { value: unknown; calls: string[] } {
  const whole =
    c.source.kind === 'text' ? c.source.parts.map(([, p]) => p as string).join('') : c.source.parts.map(([, p]) => p);
  const calls = ['s[]'];
  let value: unknown = whole;
  for (const op of c.ops) value = op.model(value, calls);
  return { value: c.twice ? [value, whole] : [value], calls: calls.sort() };
}

const callsOf = (log: CallLog) => log.calls.map((call) => `${call.host}${JSON.stringify(call.args)}`).sort();

describe('confluence with streams', () => {
  it('agrees with sequential evaluation and plain JS on random streams and pipelines', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const expected = model(c);
        const term = toTerm(c) as ReturnType<typeof lam>;
        const oLog = new CallLog();
        const sLog = new CallLog();
        const o = runVirtual(term, hostsFor(c, oLog), [], 'opportunistic');
        const s = runVirtual(term, hostsFor(c, sLog), [], 'sequential');
        expect(o.error).toBeUndefined();
        expect(s.error).toBeUndefined();
        expect(o.value).toEqual(expected.value);
        expect(s.value).toEqual(expected.value);
        expect(callsOf(oLog)).toEqual(expected.calls);
        expect(callsOf(sLog)).toEqual(expected.calls);
        expect(o.time).toBeLessThanOrEqual(s.time);
      }),
      { numRuns: RUNS },
    );
  });

  it('starts per-item host calls before the stream has finished', () => {
    const c: Case = {
      source: {
        kind: 'items',
        parts: [
          [10, 1],
          [10, 2],
          [100, 3],
        ],
      },
      ops: [OPS.find((op) => op.name === 'map-host')!],
      latency: 5,
      twice: false,
    };
    const log = new CallLog();
    const o = runVirtual(toTerm(c) as ReturnType<typeof lam>, hostsFor(c, log), [], 'opportunistic');
    expect(o.value).toEqual(model(c).value);
    expect(log.calls.filter((call) => call.host === 'm').map((call) => call.at)).toEqual([10, 20, 120]);
    expect(o.time).toBe(125);
    const seq = runVirtual(toTerm(c) as ReturnType<typeof lam>, hostsFor(c, new CallLog()), [], 'sequential');
    expect(seq.time).toBe(120 + 3 * 5);
  });

  it('trims a text stream as it arrives: a line of a trimmed reply goes on before the reply ends', () => {
    const c: Case = {
      source: {
        kind: 'text',
        parts: [
          [10, ' \nPa'],
          [10, 'ris\n '],
          [50, 'Rome \n '],
          [100, ''],
        ],
      },
      ops: [
        OPS.find((op) => op.name === 'trim')!,
        OPS.find((op) => op.name === 'split')!,
        OPS.find((op) => op.name === 'map-host')!,
      ],
      latency: 1,
      twice: false,
    };
    const log = new CallLog();
    const o = runVirtual(toTerm(c) as ReturnType<typeof lam>, hostsFor(c, log), [], 'opportunistic');
    expect(o.value).toEqual(model(c).value);
    expect(log.calls.filter((call) => call.host === 'm').map((call) => [call.args[0], call.at])).toEqual([
      ['Paris', 70],
      [' Rome', 170],
    ]); // a line ends once text follows its newline
  });

  it('splits a text stream into lines as each line completes', () => {
    const c: Case = {
      source: {
        kind: 'text',
        parts: [
          [10, 'Pa'],
          [10, 'ris\nRo'],
          [50, 'me\n'],
          [100, 'Oslo'],
        ],
      },
      ops: [OPS.find((op) => op.name === 'split')!, OPS.find((op) => op.name === 'map-host')!],
      latency: 1,
      twice: false,
    };
    const log = new CallLog();
    const o = runVirtual(toTerm(c) as ReturnType<typeof lam>, hostsFor(c, log), [], 'opportunistic');
    expect(o.value).toEqual(model(c).value);
    expect(log.calls.filter((call) => call.host === 'm').map((call) => [call.args[0], call.at])).toEqual([
      ['Paris', 20],
      ['Rome', 70],
      ['Oslo', 170],
    ]);
  });
});
