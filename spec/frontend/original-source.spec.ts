import { describe, expect, it } from 'vitest';
import { alignWithFile } from '../../lib/frontend/original-source.js';
import { program } from '../../lib/frontend/program.js';
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
const MINIFIED = 'puzzle=>{const ideas=propose(puzzle);const score=__name(i=>judge(i),"score");return ideas.map(i=>score(i))}';

describe('alignWithFile', () => {
  const original = alignWithFile(MINIFIED, 'demo.ts', ORIGINAL, 3)!;
  const at = (needle: string, nth = 0) => {
    let from = -1;
    for (let k = 0; k <= nth; k++) from = MINIFIED.indexOf(needle, from + 1);
    return original.position(1, from + 1);
  };

  const written = (line: number, needle: string) => ({ line, column: ORIGINAL.split('\n')[line - 1]!.indexOf(needle) + 1 });

  it('maps names, calls and literals of the minified text to where they were written', () => {
    expect(original.file).toBe('demo.ts');
    expect(at('puzzle')).toEqual(written(3, 'puzzle'));
    expect(at('propose(')).toEqual(written(4, 'propose('));
    expect(at('judge(')).toEqual(written(5, 'judge('));
    expect(at('ideas.map')).toEqual(written(6, 'ideas.map'));
    expect(at('"score"')).toBeUndefined();
    expect(original.lineText(5)).toBe('  const score = (i: string): number => judge(i) as number;');
  });

  it('skips what the loader inserted', () => {
    expect(at('__name')).toBeUndefined();
  });

  it('gives nothing when the file has nothing to align with', () => {
    expect(alignWithFile(MINIFIED, 'x.ts', 'var q = 7 * 9;', 1)).toBeUndefined();
    expect(alignWithFile(MINIFIED, 'x.ts', '', 1)).toBeUndefined();
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
