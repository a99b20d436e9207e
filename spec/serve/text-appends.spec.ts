import fc from 'fast-check';
import { enablePatches, produceWithPatches, type Patch } from 'immer';
import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { asStream, program } from '../../lib/index.js';
import { toEventStream } from '../../lib/serve/index.js';
import { applyPatchFrame, splitTextAppends } from '../../lib/serve/text-appends.js';
import { framesOf, statesOf } from './sse-client.js';

enablePatches();

const replace = (path: (string | number)[], value: unknown): Patch => ({ op: 'replace', path, value });

describe('splitTextAppends', () => {
  it('sends a text that grew as what it grew by, and keeps every other patch as it is', () => {
    const previous = { reply: 'Hello', n: 1, other: 'abc', items: ['x'] };
    const { patches, appends } = splitTextAppends(previous, [
      replace(['reply'], 'Hello, world'),
      replace(['other'], 'xyz'), // not a continuation
      replace(['n'], 2),
      { op: 'add', path: ['items', 1], value: 'y' },
    ]);
    expect(appends).toEqual([{ path: ['reply'], text: ', world' }]);
    expect(patches).toEqual([
      replace(['other'], 'xyz'),
      replace(['n'], 2),
      { op: 'add', path: ['items', 1], value: 'y' },
    ]);
  });

  it('keeps a replacement as it is where another patch of the frame touches its path, above or below', () => {
    const previous = { a: { t: 'ab' } };
    for (const other of [replace(['a'], { t: 'abc' }), replace(['a', 't', 'x'], 1)]) {
      const growth = replace(['a', 't'], 'abc');
      expect(splitTextAppends(previous, [growth, other])).toEqual({ patches: [growth, other], appends: [] });
    }
  });

  it('sends a root text that grew as an append at the root', () => {
    expect(splitTextAppends('ab', [replace([], 'abcd')])).toEqual({ patches: [], appends: [{ path: [], text: 'cd' }] });
  });
});

describe('applyPatchFrame', () => {
  /** A result with texts, numbers, and texts inside arrays and records. */
  const stateArb = fc.record({
    reply: fc.string(),
    n: fc.integer(),
    lines: fc.array(fc.string(), { maxLength: 4 }),
    nested: fc.record({ text: fc.string(), done: fc.boolean() }),
  });
  type State = typeof stateArb extends fc.Arbitrary<infer T> ? T : never;
  /** What may happen between two snapshots: texts grow, parts are replaced, lines added. */
  const stepArb = fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('grow' as const), text: fc.string({ minLength: 1 }) }),
      fc.record({ kind: fc.constant('growLine' as const), text: fc.string({ minLength: 1 }) }),
      fc.record({ kind: fc.constant('growNested' as const), text: fc.string({ minLength: 1 }) }),
      fc.record({ kind: fc.constant('set' as const), text: fc.string() }),
      fc.record({ kind: fc.constant('line' as const), text: fc.string() }),
      fc.record({ kind: fc.constant('n' as const), n: fc.integer() }),
    ),
    { maxLength: 5 },
  );
  type Step = typeof stepArb extends fc.Arbitrary<(infer T)[]> ? T : never;
  const apply = (d: State, s: Step): void => {
    if (s.kind === 'grow') d.reply += s.text;
    else if (s.kind === 'growLine' && d.lines.length > 0) d.lines[0] += s.text;
    else if (s.kind === 'growNested') d.nested.text += s.text;
    else if (s.kind === 'set') d.reply = s.text;
    else if (s.kind === 'line') d.lines.push(s.text);
    else if (s.kind === 'n') d.n = s.n;
  };

  it('rebuilds the next snapshot from the previous one and the frame made of their patches', () => {
    fc.assert(
      fc.property(stateArb, fc.array(stepArb, { minLength: 1, maxLength: 6 }), (start, frames) => {
        let sent: State = start;
        for (const steps of frames) {
          const [next, patches] = produceWithPatches(sent, (d) => {
            for (const s of steps) apply(d, s);
          });
          const frame = JSON.parse(JSON.stringify(splitTextAppends(sent, patches)));
          expect(applyPatchFrame(sent, frame)).toEqual(next);
          sent = next;
        }
      }),
    );
  });

  it('refuses an append whose path holds no text, naming the path', () => {
    expect(() => applyPatchFrame({ a: 1 }, { patches: [], appends: [{ path: ['a'], text: 'x' }] })).toThrow(
      'A text append at ["a"] found number, not a string',
    );
  });
});

describe('a streamed reply over server-sent events', () => {
  it('costs what it grew by per frame, not the text so far, and the client rebuilds evaluate()’s value', async () => {
    const CHUNKS = 400;
    const words = asStream(
      new Observable<string>((s) => {
        let i = 0;
        const step = () => {
          if (i++ < CHUNKS) {
            s.next(`w${i} `);
            timer = setTimeout(step, 1);
          } else s.complete();
        };
        let timer = setTimeout(step, 1);
        return () => clearTimeout(timer);
      }),
      'text',
    );
    const say = (() => words) as unknown as () => string;
    const prog = program({ say }, () => ({ reply: say(), n: 1 }), { name: 'reply' });
    const reader = toEventStream(prog.watch()).getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value, { stream: true });
    }
    const frames = framesOf(text);
    const state = statesOf(frames).at(-1);
    const reply = Array.from({ length: CHUNKS }, (_, i) => `w${i + 1} `).join('');
    expect(state).toEqual({ reply, n: 1 });
    const patches = frames.filter((f) => f.event === 'patch').length;
    // each patch frame: its framing (~100 bytes) and the characters added; resending the text
    // so far in each would be about patches × reply.length / 2 (over 350 kB with one per chunk)
    expect(text.length).toBeLessThan(2 * reply.length + 200 * (patches + 10));
  });
});
