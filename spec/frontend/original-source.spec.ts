import { describe, expect, it } from 'vitest';
import { alignWithFile, parsedTokens } from '../../lib/frontend/original-source.js';
import { program } from '../../lib/program.js';
import { external } from '../../lib/runtime/external.js';
import { lastValueFrom, toArray } from 'rxjs';

const ORIGINAL = [
  "import { program } from 'epic-rx';",
  '',
  'export const solve = program({ propose, judge }, (puzzle: string) => {',
  '  const ideas: string[] = propose(puzzle);',
  '  const score = (i: string): number => judge(i) as number;',
  '  return ideas.map((i) => score(i));',
  '});',
].join('\n');

// What tsx hands to program(): whitespace gone, types gone, local functions wrapped in __name.
const MINIFIED =
  'puzzle=>{const ideas=propose(puzzle);const score=__name(i=>judge(i),"score");return ideas.map(i=>score(i))}';

describe('alignWithFile', () => {
  it('finds the function itself when read from above it, where code uses the same names in the same order', () => {
    const file = [
      'const weather = tool((city: string) => ({ city }));', // city, weather: the names the program uses, earlier
      'const w = 1;',
      'export default program(',
      '  { weather },',
      '  (city: string) => {',
      '    const w = weather(city);',
      '    return w;',
      '  },',
      ');',
    ].join('\n');
    const text = 'city=>{const w=weather(city);return w}';
    const aligned = alignWithFile(parsedTokens(text), 'demo.ts', file, 1)!;
    expect(aligned.position(1, 16)).toEqual({ line: 6, column: 15 }); // weather(city), not the weather of line 1 or 4
    expect(aligned.position(1, 1)).toEqual({ line: 5, column: 4 }); // the parameter
  });

  const original = alignWithFile(parsedTokens(MINIFIED), 'demo.ts', ORIGINAL, 3)!;
  const at = (needle: string, nth = 0) => {
    let from = -1;
    for (let k = 0; k <= nth; k++) from = MINIFIED.indexOf(needle, from + 1);
    return original.position(1, from + 1);
  };

  const written = (line: number, needle: string) => ({
    line,
    column: ORIGINAL.split('\n')[line - 1]!.indexOf(needle) + 1,
  });

  it('maps names, calls and literals of the minified text to where they were written', () => {
    expect(original.file).toBe('demo.ts');
    expect(at('puzzle')).toEqual(written(3, 'puzzle'));
    expect(at('propose(')).toEqual(written(4, 'propose('));
    expect(at('judge(')).toEqual(written(5, 'judge('));
    expect(at('ideas.map')).toEqual(written(6, 'ideas.map'));
    expect(at('"score"')).toBeUndefined();
    expect(original.lineText(5)).toBe('  const score = (i: string): number => judge(i) as number;');
  });

  it('maps what the loader inserted around a function to the function as written', () => {
    expect(at('__name')).toEqual(at('i=>judge'));
    expect(at('"score"')).toBeUndefined();
  });

  it('maps a name vitest turned into a module namespace member to the name as written', () => {
    const file =
      "import { propose } from './hosts';\nconst p = program({ propose }, (s: string) => propose(s).length);";
    const vitest = '(s) => (0,__vite_ssr_import_0__.propose)(s).length';
    const mapped = alignWithFile(parsedTokens(vitest), 'v.ts', file, 2)!;
    const written = { line: 2, column: file.split('\n')[1]!.indexOf('propose(s)') + 1 };
    expect(mapped.position(1, vitest.indexOf('(0,') + 1)).toEqual(written); // the call starts at its callee
    expect(mapped.position(1, vitest.indexOf('propose') + 1)).toEqual(written);
    expect(mapped.position(1, vitest.indexOf('length') + 1)).toEqual({
      line: 2,
      column: file.split('\n')[1]!.indexOf('length') + 1,
    });
  });

  it('claims nothing unless every name and literal of the function is in the file, in order', () => {
    const partly = ORIGINAL.replace('judge(i) as number', 'other(i) as number');
    expect(alignWithFile(parsedTokens(MINIFIED), 'demo.ts', partly, 3)).toBeUndefined();
    expect(alignWithFile(parsedTokens(MINIFIED), 'demo.ts', ORIGINAL, 5)).toBeUndefined(); // starts after the function
  });

  it('gives nothing when the file has nothing to align with', () => {
    expect(alignWithFile(parsedTokens(MINIFIED), 'x.ts', 'var q = 7 * 9;', 1)).toBeUndefined();
    expect(alignWithFile(parsedTokens(MINIFIED), 'x.ts', '', 1)).toBeUndefined();
  });
});

describe('program() locations', () => {
  const lookup = external((k: string): string => k.toUpperCase());

  it('events name the file and line where each host call is written', async () => {
    const p = program({ lookup }, (a: string, b: string) => {
      const x = lookup(a);
      const y = lookup(b);
      return x + y;
    });
    const events = await lastValueFrom(p.events('a', 'b').pipe(toArray()));
    const sites = events.flatMap((e) => (e.type === 'dispatched' ? [e.site] : []));
    const here = sites[0]!.line;
    expect(sites).toEqual([
      { program: 'program', file: 'spec/frontend/original-source.spec.ts', line: here, column: 17 },
      { program: 'program', file: 'spec/frontend/original-source.spec.ts', line: here + 1, column: 17 },
    ]);
  });
});
