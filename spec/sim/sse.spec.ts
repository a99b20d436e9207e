import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../lib/sim/index.js';
import { fixedWords, post, sdk } from './helpers.js';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSim({ timeScale: 0.01 });
});
afterAll(() => sim.close());

const body = (content: string) => ({ model: 'm', messages: [{ role: 'user' as const, content }] });

/** The `data:` payloads of an SSE body. */
function events(text: string): string[] {
  return text
    .split('\n\n')
    .filter((e) => e !== '')
    .map((e) => e.replace(/^data: /, ''));
}

describe('streaming chat', () => {
  it('deltas concatenate to the non-streaming text, then the usage chunk', async () => {
    const client = sdk(sim);
    for (const prompt of ['first', 'second prompt', 'a third one']) {
      const whole = await client.chat.completions.create({ ...body(prompt), max_tokens: 12 });
      const stream = await client.chat.completions.create({
        ...body(prompt),
        max_tokens: 12,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      const finishes: (string | null)[] = [];
      let usage: unknown;
      for await (const chunk of stream) {
        expect(chunk.object).toBe('chat.completion.chunk');
        expect(chunk.system_fingerprint).toBe('epic-rx-simulator');
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.choices[0]?.finish_reason) finishes.push(chunk.choices[0].finish_reason);
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text).toBe(whole.choices[0]!.message.content);
      expect(finishes).toEqual([whole.choices[0]!.finish_reason]);
      expect(usage).toEqual(whole.usage);
    }
  });

  it('has the wire order role, one word per delta, finish, usage, [DONE]', async () => {
    const res = await post(sim, '/chat/completions', {
      ...body('x'),
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('x-epic-simulated')).toBe('1');
    const payloads = events(await res.text());
    expect(payloads.at(-1)).toBe('[DONE]');
    const chunks = payloads.slice(0, -1).map(
      (p) =>
        JSON.parse(p) as {
          choices: { delta: { role?: string; content?: string }; finish_reason: string | null }[];
          usage?: unknown;
        },
    );
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    const deltas = chunks.slice(1, -2).map((c) => c.choices[0]!.delta.content!);
    deltas.forEach((d) => expect(d.trim().split(/\s+/)).toHaveLength(1));
    expect(chunks.at(-2)!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: deltas.length } });
  });

  it('streams n > 1 choices, each reassembling to its non-streaming text', async () => {
    const client = sdk(sim);
    const whole = await client.chat.completions.create({ ...body('many'), n: 3 });
    const stream = await client.chat.completions.create({ ...body('many'), n: 3, stream: true });
    const texts = ['', '', ''];
    for await (const chunk of stream) for (const c of chunk.choices) texts[c.index] += c.delta.content ?? '';
    expect(texts).toEqual(whole.choices.map((c) => c.message.content));
  });
});

describe('streaming completions and pacing', () => {
  it('streams legacy completions choices by index', async () => {
    const client = sdk(sim);
    const whole = await client.completions.create({ model: 'm', prompt: ['p', 'q'] });
    const stream = await client.completions.create({ model: 'm', prompt: ['p', 'q'], stream: true });
    const texts = ['', ''];
    for await (const chunk of stream) for (const c of chunk.choices) texts[c.index] += c.text;
    expect(texts).toEqual(whole.choices.map((c) => c.text));
  });

  it('never sends a token before its time (token i at 25·i ms)', async () => {
    // Only lower bounds: the server's waits are floors that load cannot shorten, while a loaded
    // machine may deliver several due tokens in one read, so gaps between arrivals prove nothing.
    const paced = await startSim({ timeScale: 1, overheadMs: 0, ttftMs: 0, perTokenMs: 25, responder: fixedWords(8) });
    const start = performance.now();
    const stream = await sdk(paced).chat.completions.create({ ...body('x'), stream: true });
    const arrivals: number[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) arrivals.push(performance.now() - start);
    await paced.close();
    expect(arrivals).toHaveLength(8);
    arrivals.forEach((at, i) => expect([i, at >= 25 * i - 1]).toEqual([i, true]));
  });
});
