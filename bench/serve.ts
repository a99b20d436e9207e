/**
 * A streamed reply served as server-sent events: the bytes of a run's frames against the length
 * of the reply. A program returns `{ reply }`, a text stream of N chunks of 5 characters, one
 * chunk per tick of virtual time (RxJS `TestScheduler`, the program's scheduler), so every chunk
 * makes its own snapshot and its own `patch` frame; the frames are `sseFrames(prog.watch(N))`,
 * the frames `toEventStream` and `writeEventStream` send, without their pacing.
 *
 * The `patch` frames carry a growing text as what it grew by (lib/serve/text-appends.ts). The
 * anchor is what the same frames would weigh if each carried the text so far instead (an immer
 * `replace` of the reply, as the snapshots' own patches do), computed from the same run. Target:
 * linear in the reply, i.e. the frames of 4,000 chunks weigh at most 4.5× those of 1,000
 * (whole-text frames: about 16×).
 *
 * `npm run bench -- serve`.
 */
import { interval, map, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { asStream, program } from '../lib/index.js';
import { sseFrames } from '../lib/serve/pacer.js';
import { applyPatchFrame, type PatchFrameData } from '../lib/serve/text-appends.js';
import { fmt, type Figure, type Suite } from './harness.js';

const CHUNK = 'word ';

/** The frames of one run over an N-chunk reply, their bytes, and the bytes with whole-text patches. */
function serve(chunks: number): { bytes: number; wholeTextBytes: number; patches: number; reply: string } {
  const scheduler = new TestScheduler((a, b) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('unexpected values');
  });
  let text = '';
  scheduler.run(() => {
    const say = ((): string =>
      asStream(
        interval(1).pipe(
          take(chunks),
          map(() => CHUNK),
        ),
        'text',
      ) as unknown as string) as () => string;
    const prog = program({ say }, () => ({ reply: say() }), { name: 'reply', scheduler });
    sseFrames(prog.watch(), { heartbeatMs: 0 }).subscribe((frame) => {
      text += frame;
    });
  });
  let state: { reply: string } | undefined;
  let wholeTextBytes = 0;
  let patches = 0;
  for (const block of text.split('\n\n')) {
    const event = /^event: (\S+)/.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (event !== 'patch' || data === undefined) {
      wholeTextBytes += block.length + 2;
      if (event === 'snapshot' && data !== undefined) state = JSON.parse(data).value;
      continue;
    }
    const frame = JSON.parse(data) as PatchFrameData & { complete: boolean };
    state = applyPatchFrame(state, frame);
    patches++;
    const whole = { patches: [{ op: 'replace', path: ['reply'], value: state!.reply }], complete: frame.complete };
    wholeTextBytes += `event: patch\ndata: ${JSON.stringify(whole)}\n\n`.length;
  }
  const reply = CHUNK.repeat(chunks);
  if (state?.reply !== reply)
    throw new Error(`the frames rebuilt ${JSON.stringify(state).slice(0, 80)}…, not the reply`);
  return { bytes: text.length, wholeTextBytes, patches, reply };
}

/** The suite. */
export const suite: Suite = {
  name: 'serve',
  description: 'a streamed reply as server-sent events: bytes on the wire against the reply',
  async run(log) {
    const figures: Figure[] = [];
    const at = new Map<number, ReturnType<typeof serve>>();
    for (const n of [1_000, 4_000]) {
      const r = serve(n);
      at.set(n, r);
      log(
        `${n} chunks: ${r.patches} patch frames, ${fmt(r.bytes / 1e3)} kB (whole-text frames: ${fmt(r.wholeTextBytes / 1e6)} MB), reply ${r.reply.length} characters`,
      );
      figures.push({
        name: `SSE bytes per reply character, ${n.toLocaleString('en')} chunks of 5`,
        value: r.bytes / r.reply.length,
        unit: 'B',
        anchor: `whole-text frames ${fmt(r.wholeTextBytes / r.reply.length)} B`,
        note: `${r.patches} patch frames; each carries its framing (about 100 bytes) and the 5 characters added`,
      });
    }
    const small = at.get(1_000)!;
    const large = at.get(4_000)!;
    const ratio = large.bytes / small.bytes;
    figures.push({
      name: 'SSE bytes of a streamed reply, 4,000 chunks ÷ 1,000',
      value: ratio,
      unit: '×',
      target: '≤ 4.5 (linear)',
      met: ratio <= 4.5,
      anchor: `${fmt(small.bytes / 1e3)} → ${fmt(large.bytes / 1e3)} kB; with whole-text frames ${fmt(small.wholeTextBytes / 1e6)} → ${fmt(large.wholeTextBytes / 1e6)} MB (${fmt(large.wholeTextBytes / small.wholeTextBytes)}×)`,
    });
    return figures;
  },
};
