import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EpicSyntaxError } from '../../lib/errors.js';
import { children, withoutLocs } from '../../lib/terms/locs.js';
import { parseTerm } from '../../lib/terms/parse.js';
import { printTerm } from '../../lib/terms/print.js';
import type { Loc } from '../../lib/locations.js';
import { app, host, lam, let_, letrec, lit, prim, proj, tuple, v } from '../../lib/terms/term.js';
import type { Term } from '../../lib/terms/term.js';
import { termArb } from './arbitraries.js';
import { DEPTH } from './deep-terms.js';

const parse = (text: string): Term => withoutLocs(parseTerm(text));

/** The error `parseTerm` throws on `text`, which must be an `EpicSyntaxError`. */
function syntaxError(text: string): EpicSyntaxError {
  try {
    parseTerm(text, 'spec');
  } catch (error) {
    expect(error).toBeInstanceOf(EpicSyntaxError);
    return error as EpicSyntaxError;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
}

/** Every node of `t` with its location, in pre-order. */
function located(t: Term): [Term, Loc | undefined][] {
  return [[t, t.loc], ...children(t).flatMap(located)];
}

describe('parseTerm: forms', () => {
  it('parses every kind of term', () => {
    expect(parse('x')).toStrictEqual(v('x'));
    expect(parse('@judge')).toStrictEqual(host('judge'));
    expect(parse('@`a b`')).toStrictEqual(host('a b'));
    expect(parse('(fn (x y) x)')).toStrictEqual(lam(['x', 'y'], v('x')));
    expect(parse('(fn go () go)')).toStrictEqual(lam([], v('go'), undefined, 'go'));
    expect(parse('(fn `my fn` (`a b`) 1)')).toStrictEqual(lam(['a b'], lit(1), undefined, 'my fn'));
    expect(parse('(f a b)')).toStrictEqual(app(v('f'), [v('a'), v('b')]));
    expect(parse('(f)')).toStrictEqual(app(v('f'), []));
    expect(parse('((fn (x) x) 1)')).toStrictEqual(app(lam(['x'], v('x')), [lit(1)]));
    expect(parse('(let x 1 x)')).toStrictEqual(let_('x', lit(1), v('x')));
    expect(parse('(letrec ((f (fn (n) (g n))) (g (fn g (n) (f n)))) (f 1))')).toStrictEqual(
      letrec(
        [
          { name: 'f', lam: lam(['n'], app(v('g'), [v('n')])) },
          { name: 'g', lam: lam(['n'], app(v('f'), [v('n')]), undefined, 'g') },
        ],
        app(v('f'), [lit(1)]),
      ),
    );
    expect(parse('(letrec () 1)')).toStrictEqual(letrec([], lit(1)));
    expect(parse('[a [] 1]')).toStrictEqual(tuple([v('a'), tuple([]), lit(1)]));
    expect(parse('(proj 2 t)')).toStrictEqual(proj(v('t'), 2));
    expect(parse('(%+ a b)')).toStrictEqual(prim('+', [v('a'), v('b')]));
    expect(parse('(%=== a b)')).toStrictEqual(prim('===', [v('a'), v('b')]));
    expect(parse('(%get o "k")')).toStrictEqual(prim('get', [v('o'), lit('k')]));
    expect(parse('(%% a 2)')).toStrictEqual(prim('%', [v('a'), lit(2)]));
    expect(parse('(%record)')).toStrictEqual(prim('record', []));
  });

  it('treats keywords as names except right after "("', () => {
    expect(parse('(f fn let letrec proj)')).toStrictEqual(
      app(
        v('f'),
        ['fn', 'let', 'letrec', 'proj'].map((n) => v(n)),
      ),
    );
    expect(parse('(`fn` x)')).toStrictEqual(app(v('fn'), [v('x')]));
    expect(parse('(let let 1 let)')).toStrictEqual(let_('let', lit(1), v('let')));
    expect(parse('(fn fn (proj) proj)')).toStrictEqual(lam(['proj'], v('proj'), undefined, 'fn'));
  });

  it('reads literal words as literals and quoted ones as names', () => {
    expect(parse('[true false null undefined NaN Infinity]')).toStrictEqual(
      tuple([lit(true), lit(false), lit(null), lit(undefined), lit(NaN), lit(Infinity)]),
    );
    expect(parse('[`true` `undefined` ``]')).toStrictEqual(tuple([v('true'), v('undefined'), v('')]));
  });

  it('reads JSON numbers, -0 and -Infinity', () => {
    expect(parse('[0 -0 -Infinity 12 -3.25 1e+21 1.5E-3 2e5]')).toStrictEqual(
      tuple([0, -0, -Infinity, 12, -3.25, 1e21, 1.5e-3, 2e5].map((n) => lit(n))),
    );
  });

  it('reads JSON strings and quoted names with escapes', () => {
    expect(parse(String.raw`"a\"b\\c\/\b\f\n\r\t\u00e9\ud800\`"`)).toStrictEqual(lit('a"b\\c/\b\f\n\r\té\ud800`'));
    expect(parse('"raw é 😀 \u2028 `"')).toStrictEqual(lit('raw é 😀 \u2028 `'));
    expect(parse('`a\\`b"c\\n\\u0060`')).toStrictEqual(v('a`b"c\n`'));
  });

  it('skips comments and any whitespace, including CRLF line breaks', () => {
    expect(parse('; head\n(f\t; the function\r\n  x ;; arg\r  y) ; done')).toStrictEqual(app(v('f'), [v('x'), v('y')]));
  });
});

describe('parseTerm: locations', () => {
  const text = [
    '; a program',
    '(let x (@propose "p")',
    '  (letrec ((go (fn go (n)',
    '                [n (proj 0 x)])))',
    '    (%+ x 1)))',
  ].join('\n');

  it('gives each node the 1-based line and column of its first token', () => {
    const t = parseTerm(text, 'prog.epic');
    const at = (loc: Loc | undefined): string => `${loc?.line}:${loc?.column}`;
    expect(located(t).map(([node, loc]) => `${node.kind}@${at(loc)}`)).toEqual([
      'Let@2:1',
      'App@2:8',
      'Host@2:9',
      'Lit@2:18',
      'LetRec@3:3',
      'Lam@3:16',
      'Tuple@4:17',
      'Var@4:18',
      'Proj@4:20',
      'Var@4:28',
      'Prim@5:5',
      'Var@5:9',
      'Lit@5:11',
    ]);
    expect(t.loc?.source).toEqual({ name: 'prog.epic', body: text });
  });

  it('counts CRLF and CR as one line break each', () => {
    const t = parseTerm('(f\r\n x\r  y)');
    if (t.kind !== 'App') throw new Error('expected an App');
    expect(t.args.map((a) => [a.loc?.line, a.loc?.column])).toEqual([
      [2, 2],
      [3, 3],
    ]);
  });

  it('locates every node of random terms, compact or pretty', () => {
    fc.assert(
      fc.property(termArb, fc.constantFrom(10, 100), (t, width) => {
        const parsed = parseTerm(printTerm(t, { width }), 'random');
        for (const [, loc] of located(parsed)) expect(loc?.source?.name).toBe('random');
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseTerm: errors', () => {
  const cases: [string, string, string][] = [
    [
      'unbalanced: missing ")"',
      '(f x\n  y',
      'Expected ")" to close "(" at 1:1, found <EOF>\n  at spec:2:4\n2 |   y\n  |    ^',
    ],
    [
      'unbalanced: wrong closer',
      '[1 2)',
      'Expected "]" to close "[" at 1:1, found ")"\n  at spec:1:5\n1 | [1 2)\n  |     ^',
    ],
    ['trailing input', '(f x))', 'Expected end of input, found ")"\n  at spec:1:6\n1 | (f x))\n  |      ^'],
    ['two terms', 'x\ny', 'Expected end of input, found "y"\n  at spec:2:1\n2 | y\n  | ^'],
    ['empty input', '  ; nothing', 'Expected a term, found <EOF>\n  at spec:1:12\n1 |   ; nothing\n  |            ^'],
    ['empty form', '(let x ())', 'Expected a term, found ")"\n  at spec:1:9\n1 | (let x ())\n  |         ^'],
    [
      'unknown prim op',
      '(%+ 1\n  (%plus 1 2))',
      'Expected a known prim op, found %plus (known: + - * / % ** < <= > >= == != === !== & | ^ << >> >>> neg pos not bitnot typeof bool concat record merge get getOpt template fold map filter method global)\n  at spec:2:4\n2 |   (%plus 1 2))\n  |    ^',
    ],
    ['prim op not after "("', '(f %+)', 'Expected a term, found %+\n  at spec:1:4\n1 | (f %+)\n  |    ^'],
    ['"%" without an op', '(% 1)', 'Expected a prim op after "%", found U+0020\n  at spec:1:3\n1 | (% 1)\n  |   ^'],
    [
      'letrec binding that is not a fn',
      '(letrec ((f (fn () 1))\n         (g (f 1)))\n  g)',
      'Expected (fn …) as the value of letrec binding `g`, found an App\n  at spec:2:13\n2 |          (g (f 1)))\n  |             ^',
    ],
    [
      'letrec without a binding list',
      '(letrec f 1)',
      'Expected a binding list "(", found "f"\n  at spec:1:9\n1 | (letrec f 1)\n  |         ^',
    ],
    [
      'unterminated string at the end',
      '(f "abc',
      'Unterminated string (opened at 1:4): expected a closing ", found <EOF>\n  at spec:1:8\n1 | (f "abc\n  |        ^',
    ],
    [
      'unterminated string at a line break',
      '(f "ab\n")',
      'Unterminated string (opened at 1:4): expected a closing ", found end of line\n  at spec:1:7\n1 | (f "ab\n  |       ^',
    ],
    [
      'unterminated quoted name',
      '(f `ab)',
      'Unterminated quoted name (opened at 1:4): expected a closing `, found <EOF>\n  at spec:1:8\n1 | (f `ab)\n  |        ^',
    ],
    [
      'bad escape',
      '"a\\qb"',
      'Expected an escape sequence (\\" \\` \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found "\\q"\n  at spec:1:3\n1 | "a\\qb"\n  |   ^',
    ],
    [
      'short \\u escape',
      '"\\u12"',
      'Expected four hex digits after "\\u", found "12""\n  at spec:1:2\n1 | "\\u12"\n  |  ^',
    ],
    [
      'raw control character',
      '"a\tb"',
      'Expected U+0009 escaped in a string, found it raw\n  at spec:1:3\n1 | "a\tb"\n  |   ^',
    ],
    [
      'literal word as binder',
      '(fn (x true) x)',
      'Expected a parameter name, found "true" (a literal; write `true` for a name)\n  at spec:1:8\n1 | (fn (x true) x)\n  |        ^',
    ],
    [
      'fn without parameters',
      '(fn)',
      'Expected a name or a parameter list "(", found ")"\n  at spec:1:4\n1 | (fn)\n  |    ^',
    ],
    [
      'negative projection index',
      '(proj -1 t)',
      'Expected a non-negative integer index, found number -1\n  at spec:1:7\n1 | (proj -1 t)\n  |       ^',
    ],
    [
      'fractional projection index',
      '(proj 1.5 t)',
      'Expected a non-negative integer index, found number 1.5\n  at spec:1:7\n1 | (proj 1.5 t)\n  |       ^',
    ],
    ['leading zero', '(f 01)', 'Expected a delimiter after number 0, found "1"\n  at spec:1:5\n1 | (f 01)\n  |     ^'],
    ['lone minus', '(f -x)', 'Expected a number after "-", found "x"\n  at spec:1:4\n1 | (f -x)\n  |    ^'],
    [
      'unexpected character',
      '(f #)',
      'Expected a term, found unexpected character "#"\n  at spec:1:4\n1 | (f #)\n  |    ^',
    ],
    [
      '"@" without a name',
      '(f @ x)',
      'Expected a host name after "@", found U+0020\n  at spec:1:5\n1 | (f @ x)\n  |     ^',
    ],
  ];

  it.each(cases)('%s', (_what, text, message) => {
    expect(syntaxError(text).message).toBe(message);
  });

  it('carries the location on the error', () => {
    const error = syntaxError('(f\n  ]');
    expect([error.loc?.line, error.loc?.column, error.loc?.source?.name]).toEqual([2, 3, 'spec']);
  });

  it('shortens long tokens in messages', () => {
    expect(syntaxError(`x "${'a'.repeat(100)}"`).message).toMatch(/^Expected end of input, found string "a{38}…\n/);
  });
});

describe(`parseTerm: terms ${DEPTH} deep`, () => {
  it('parses a let chain, one let a line, each node located', () => {
    const lets = Array.from({ length: DEPTH }, (_, i) => `(let x${i + 1} ${i === 0 ? 'y' : `x${i}`}`);
    let t = parseTerm(`${lets.join('\n')} x${DEPTH}${')'.repeat(DEPTH)}`);
    let depth = 0;
    for (; t.kind === 'Let'; t = t.body) {
      depth += 1;
      if (t.name !== `x${depth}` || t.loc?.line !== depth) throw new Error(`let ${depth}: ${t.name} at ${t.loc?.line}`);
    }
    expect(depth).toBe(DEPTH);
    expect(withoutLocs(t)).toStrictEqual(v(`x${DEPTH}`));
    expect([t.loc?.line, t.loc?.column]).toEqual([DEPTH, lets.at(-1)!.length + 2]);
  });

  it('parses nested applications', () => {
    let t = parseTerm(`${'(f '.repeat(DEPTH)}x${')'.repeat(DEPTH)}`);
    let depth = 0;
    for (; t.kind === 'App'; t = t.args[0]!) {
      depth += 1;
      if (t.loc?.column !== 3 * depth - 2 || t.args.length !== 1) throw new Error(`app ${depth} at ${t.loc?.column}`);
    }
    expect(depth).toBe(DEPTH);
    expect(withoutLocs(t)).toStrictEqual(v('x'));
  });

  it('reports an error at the bottom as a located EpicSyntaxError', () => {
    expect(syntaxError(`${'(f '.repeat(DEPTH)}(let 1 x)${')'.repeat(DEPTH)}`).message).toMatch(
      new RegExp(`^Expected a name, found number 1\n  at spec:1:${3 * DEPTH + 6}\n`),
    );
  });

  it('reports a wrong closer at the top as a located EpicSyntaxError', () => {
    expect(syntaxError(`[${'(f '.repeat(DEPTH)}x${')'.repeat(DEPTH + 1)}`).message).toMatch(
      /^Expected "\]" to close "\[" at 1:1, found "\)"\n/,
    );
  });
});
