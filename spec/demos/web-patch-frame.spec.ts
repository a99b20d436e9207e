/** The web page's copy of `applyPatchFrame` (demos/web/patch-frame.js) gives what the library's gives. */
import { applyPatches, enablePatches, produceWithPatches, type Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { applyPatchFrame, splitTextAppends, type PatchFrameData } from '../../lib/serve/text-appends.js';

enablePatches();

type PageApply = (state: unknown, frame: PatchFrameData, apply: typeof applyPatches) => unknown;
// a plain script of the page (no types); the specifier is a string so the type checker does not look for them
const page = (await import('../../demos/web/patch-frame.js' as string)) as { applyPatchFrame: PageApply };

describe("the web page's applyPatchFrame", () => {
  it('rebuilds the same results as the library from the same frames', () => {
    const start = { reply: 'Once', lines: ['a', 'b'], n: 1, nested: { text: '' } };
    const edits: Array<(d: typeof start) => void> = [
      (d) => void (d.reply += ' upon'),
      (d) => {
        d.reply += ' a time';
        d.lines.push('c');
        d.n = 2;
      },
      (d) => void (d.lines[1] += 'b'),
      (d) => void (d.nested.text = 'new'),
      (d) => {
        d.nested = { text: 'replaced' };
        d.reply = 'Other';
      },
    ];
    let sent = start;
    let viaPage: unknown = start;
    for (const edit of edits) {
      const [next, patches] = produceWithPatches(sent, edit);
      const frame = JSON.parse(JSON.stringify(splitTextAppends(sent, patches as Patch[]))) as PatchFrameData;
      viaPage = page.applyPatchFrame(viaPage, frame, applyPatches);
      expect(viaPage).toEqual(applyPatchFrame(sent, frame));
      expect(viaPage).toEqual(next);
      sent = next;
    }
    expect(page.applyPatchFrame('ab', { patches: [], appends: [{ path: [], text: 'c' }] }, applyPatches)).toBe('abc');
  });

  it('refuses an append whose path holds no text, as the library does', () => {
    const frame = { patches: [], appends: [{ path: ['a'], text: 'x' }] };
    expect(() => page.applyPatchFrame({ a: 1 }, frame, applyPatches)).toThrow(
      'A text append at ["a"] found number, not a string',
    );
  });
});
