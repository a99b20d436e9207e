import { describe, expect, it } from 'vitest';
import { EpicSyntaxError } from '../../lib/errors.js';
import { alignWithFile, parsedTokens } from '../../lib/frontend/original-source.js';
import { translateFunction } from '../../lib/frontend/translate.js';

const ORIGINAL = [
  "import { program } from 'epic-rx';",
  '',
  'export const p = program({}, (x: number) => {',
  '  let a: number = x;',
  '  const get = (): number => a;',
  '  a = 2;',
  '  return get();',
  '});',
].join('\n');

// What tsx hands to program(): one line, types gone, the local function wrapped in __name.
const MINIFIED = 'x=>{let a=x;const get=__name(()=>a,"get");a=2;return get()}';

function errorOf(original: ReturnType<typeof alignWithFile>): Error {
  try {
    translateFunction(MINIFIED, { name: 'p', hosts: new Set(), ...(original ? { original } : {}) });
  } catch (error) {
    return error as Error;
  }
  expect.fail('expected the translation to throw');
}

describe('at(): the second place a message points at', () => {
  it('is the position in the file the person wrote when the location maps back', () => {
    const original = alignWithFile(parsedTokens(MINIFIED), 'demos/x.ts', ORIGINAL, 3);
    expect(original).toBeDefined();
    const e = errorOf(original);
    expect(e).toBeInstanceOf(EpicSyntaxError);
    const column = ORIGINAL.split('\n')[4]!.indexOf('(): number') + 1;
    expect(e.message).toContain(`a is reassigned after the function at demos/x.ts:5:${column} captures it`);
    expect(e.message).toContain('\n  at demos/x.ts:6:3 (in p)'); // the main location, mapped the same way
  });

  it('falls back to the position in the parsed text when there is no file to map to', () => {
    const e = errorOf(undefined);
    const column = MINIFIED.indexOf('()=>a') + 1;
    expect(e.message).toContain(`a is reassigned after the function at 1:${column} captures it`);
    expect(e.message).toContain(`\n  at p:1:${MINIFIED.indexOf('a=2') + 1}`);
  });
});
