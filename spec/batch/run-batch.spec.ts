import { lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CallTally } from '../../lib/batch/journaled-hosts.js';
import { runBatch, type BatchResult } from '../../lib/batch/run-batch.js';
import { external, program } from '../../lib/index.js';
import { createLlm } from '../../lib/llm/index.js';
import { startSim, type SimServer } from '../../lib/sim/index.js';
import { MemoryJournal } from './memory-journal.js';

const items = (argLists: unknown[][]) => argLists.map((args, index) => ({ index, args }));
const run = (
  prog: Parameters<typeof runBatch>[0],
  argLists: unknown[][],
  options: Parameters<typeof runBatch>[2] = {},
) =>
  lastValueFrom(runBatch(prog, items(argLists), options).pipe(toArray())).then((rs) =>
    rs.toSorted((a, b) => a.index - b.index),
  );
const values = (rs: BatchResult[]) => rs.map((r) => ('value' in r ? r.value : r.error));

describe('runBatch', () => {
  it('runs every item, at most `concurrency` at once, with results by index', async () => {
    let active = 0;
    let most = 0;
    const ask = external(async (q: string) => {
      most = Math.max(most, ++active);
      await new Promise((resolve) => setImmediate(resolve));
      active--;
      return q.toUpperCase();
    });
    const prog = program({ ask }, (q: string) => `${ask(q)}!`);
    const results = await run(
      prog,
      Array.from({ length: 10 }, (_, i) => [`q${i}`]),
      { concurrency: 3 },
    );
    expect(values(results)).toEqual(Array.from({ length: 10 }, (_, i) => `Q${i}!`));
    expect(most).toBe(3);
    expect(results.every((r) => r.calls === 1 && r.replayed === 0)).toBe(true);
  });

  it('replays journaled calls on a second run and makes none again', async () => {
    let sent = 0;
    const ask = external(async (q: string) => `${q}:${++sent}`);
    const prog = program({ ask }, (q: string) => {
      const a = ask(q);
      return [a, ask(a), ask(q)]; // the same call twice: occurrences 0 and 1
    });
    const journal = new MemoryJournal();
    const first = await run(prog, [['x'], ['y']], { journal });
    expect(sent).toBe(6);
    const tally = new CallTally();
    const again = await run(prog, [['x'], ['y']], { journal, tally });
    expect(sent).toBe(6);
    expect(values(again)).toEqual(values(first));
    expect(again.map((r) => [r.calls, r.replayed])).toEqual([
      [0, 3],
      [0, 3],
    ]);
    expect(tally).toMatchObject({ made: 0, replayed: 6, inFlight: 0 });
  });

  it('makes only the calls missing from the journal', async () => {
    const asked: string[] = [];
    const ask = external(async (q: string) => (asked.push(q), `<${q}>`));
    const prog = program({ ask }, (q: string) => ask(ask(q)));
    const journal = new MemoryJournal();
    await run(prog, [['a']], { journal });
    const [item] = [...journal.entries.values()];
    item!.delete([...item!.keys()].find((k) => k.startsWith('ask(["<a>"]'))!);
    asked.length = 0;
    const [result] = await run(prog, [['a']], { journal });
    expect(asked).toEqual(['<a>']);
    expect(result).toMatchObject({ value: '<<a>>', calls: 1, replayed: 1 });
  });

  it('keys calls by item: a call of another item, or of an item with other arguments, is not replayed', async () => {
    let sent = 0;
    const ask = external(async (q: string) => (sent++, q));
    const prog = program({ ask }, (q: string, n: number) => ask(q) + n);
    const journal = new MemoryJournal();
    await run(
      prog,
      [
        ['q', 1],
        ['q', 2],
      ],
      { journal },
    );
    expect(sent).toBe(2);
    await run(
      prog,
      [
        ['q', 1],
        ['q', 3],
      ],
      { journal },
    );
    expect(sent).toBe(3);
  });

  it('reports a failing item with its located error, records nothing for the failed call, and goes on', async () => {
    const ask = external(async (q: string) => {
      if (q === 'bad') throw new Error('no answer');
      return q;
    });
    const prog = program({ ask }, (q: string) => ask(q));
    const journal = new MemoryJournal();
    const results = await run(prog, [['ok'], ['bad']], { journal });
    expect(results[0]).toMatchObject({ index: 0, value: 'ok' });
    expect((results[1] as { error: string }).error).toMatch(/^EpicRuntimeError: .*ask/);
    expect(journal.calls()).toEqual(['ask(["ok"])#0']);
  });

  it('does not journal streaming hosts: they are called again', async () => {
    let streamed = 0;
    const words = external((n: number) => (streamed++, of(...Array.from({ length: n }, (_, i) => `w${i}`))), {
      stream: 'items',
    });
    const prog = program({ words }, (n: number) => words(n).join(' '));
    const journal = new MemoryJournal();
    const first = await run(prog, [[3]], { journal });
    const again = await run(prog, [[3]], { journal });
    expect(values(again)).toEqual(values(first));
    expect(values(first)).toEqual(['w0 w1 w2']);
    expect(streamed).toBe(2);
    expect(journal.calls()).toEqual([]);
  });

  it('rejects a bad concurrency', () => {
    const prog = program({}, (x: number) => x);
    expect(() => runBatch(prog, [], { concurrency: 0 })).toThrow(/concurrency must be a positive integer, got 0/);
  });
});

describe('runBatch on an endpoint that answers 429', () => {
  it('one 429 holds the requests of every run until its Retry-After has passed', async () => {
    const retryAfterMs = 1500;
    const arrivals: { at: number; refused: boolean }[] = [];
    const sim: SimServer = await startSim({
      overheadMs: 0,
      ttftMs: 5,
      perTokenMs: 1,
      slots: Infinity,
      onRequest: ({ fault }) => {
        arrivals.push({ at: performance.now(), refused: fault === 'rateLimit' });
        if (arrivals.length === 20)
          sim.setFaults({ rateLimitStorms: [{ kind: 'firstRequests', count: 1 }], retryAfterMs });
      },
    });
    const llm = createLlm({ baseURL: sim.url, apiKey: 'sk-sim', env: {} });
    const { chat } = llm.hosts;
    const ask = program({ chat }, (topic: string) => chat(`About ${topic}`, { max_tokens: 4 }));
    try {
      const results = await run(
        ask,
        Array.from({ length: 200 }, (_, i) => [`topic ${i}`]),
        { concurrency: 8 },
      );
      expect(results.filter((r) => 'error' in r)).toEqual([]);
    } finally {
      await llm.close();
      await sim.close();
    }
    const refused = arrivals.filter((a) => a.refused);
    expect(refused).toHaveLength(1);
    const { at } = refused[0]!;
    // requests already sent when the 429 came may arrive a little after it; none later, until the
    // pause ends (less 20 ms: timers and Date.now() have ms granularity, a timer may fire a ms early)
    const during = arrivals.filter((a) => a.at > at + 500 && a.at < at + retryAfterMs - 20);
    expect(during.map((a) => `+${Math.round(a.at - at)} ms`)).toEqual([]);
    expect(arrivals.filter((a) => a.at >= at + retryAfterMs).length).toBeGreaterThan(100); // the batch went on
  });
});
