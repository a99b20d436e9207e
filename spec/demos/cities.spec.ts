import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITIES } from '../../demos/cities/data.js';
import { answersCheck, runDemo } from '../../demos/cities/demo.js';
import { runHandWritten } from '../../demos/cities/handwritten.js';
import { runThreeWays, runWatched, sameAnswers } from '../../demos/cities/measure.js';
import { createCities, type CitiesSession } from '../../demos/cities/program.js';
import { citiesResponder, followUpPrompt, listLine, listPrompt } from '../../demos/cities/responder.js';
import { DEMOS } from '../../demos/index.js';
import { loadModule, programModule } from '../../lib/cli/load.js';
import { isPending, type RunEvent } from '../../lib/index.js';
import type { SimPromptRequest } from '../../lib/sim/index.js';

/** Six cities: the list streams for about 0.3 s at this time scale, with a new line every ~45 ms. */
const N = 6;
const TIME_SCALE = 0.05;

let session: CitiesSession;
beforeAll(async () => {
  session = createCities({ timeScale: TIME_SCALE });
  await session.llm.ready();
});
afterAll(() => session.llm.close());

const ask = (prompt: string): SimPromptRequest => ({
  kind: 'chat',
  prompt,
  messages: [{ role: 'user', content: prompt }],
  model: 'epic-sim',
  temperature: 0,
  maxTokens: undefined,
  stop: [],
  k: 0,
});

/** The index of the first event matching `type` and `host`, or -1. */
const indexOf = (events: readonly RunEvent[], type: string, host: string): number =>
  events.findIndex((e) => e.type === type && 'host' in e && e.host === host);

describe('the cities responder', () => {
  it('lists exactly N cities of the fixed list, one per line, and nothing else', () => {
    expect(citiesResponder(ask(listPrompt(3)))).toBe(CITIES.slice(0, 3).map(listLine).join('\n'));
    expect(String(citiesResponder(ask(listPrompt(N)))).split('\n')).toHaveLength(N);
    expect(String(citiesResponder(ask(listPrompt(99)))).split('\n')).toHaveLength(CITIES.length);
  });

  it("answers a follow-up with that city's sentence, which names the city", () => {
    for (const city of CITIES) {
      const answer = String(citiesResponder(ask(followUpPrompt(city.place))));
      expect(answer).toBe(city.why);
      expect(answer).toContain(city.city);
    }
    expect(citiesResponder(ask(followUpPrompt('Atlantis')))).toMatch(/^Atlantis is worth a visit/);
  });
});

describe('the cities program', () => {
  it('answers about each listed city in list order, the same three ways and by hand', async () => {
    const ways = await runThreeWays(session, N);
    const byHand = await runHandWritten(session.llm, N);
    expect(ways.streaming.answers).toEqual(CITIES.slice(0, N).map((c) => c.why));
    expect(answersCheck(ways.streaming.answers, N)).toBe(true);
    expect(sameAnswers([ways.streaming, ways.nonStreaming, ways.sequential, byHand])).toBe(true);
  });

  it('dispatches a follow-up chat call before the streamed list has finished; with the list whole, none', async () => {
    const streamed = await lastValueFrom(session.streamed.events(N).pipe(toArray()));
    const listDone = indexOf(streamed, 'resolved', 'list');
    const firstFollowUp = indexOf(streamed, 'dispatched', 'chat');
    expect(listDone).toBeGreaterThan(0);
    expect(firstFollowUp).toBeGreaterThan(0);
    expect(firstFollowUp).toBeLessThan(listDone);
    expect(streamed[firstFollowUp]!.time).toBeLessThanOrEqual(streamed[listDone]!.time);

    const whole = await lastValueFrom(session.unstreamed.events(N).pipe(toArray()));
    expect(indexOf(whole, 'dispatched', 'chat')).toBeGreaterThan(indexOf(whole, 'resolved', 'list'));
  });

  it('snapshots show some answers present while others are still pending, and end complete', async () => {
    const snapshots = await lastValueFrom(session.streamed.snapshots(N).pipe(toArray()));
    const partial = snapshots.filter(
      ({ value }) =>
        Array.isArray(value) && value.some((x) => typeof x === 'string') && value.some((x) => isPending(x)),
    );
    expect(partial.length).toBeGreaterThan(0);
    const last = snapshots.at(-1)!;
    expect(last.complete).toBe(true);
    expect(last.value).toEqual(CITIES.slice(0, N).map((c) => c.why));
    expect(snapshots.slice(0, -1).every((s) => !s.complete)).toBe(true);
  });

  it('prints answers in order, each once, the first before the run ends', async () => {
    const printed: Array<{ index: number; ms: number }> = [];
    const timing = await runWatched(session.streamed, N, (index, _answer, ms) => printed.push({ index, ms }));
    expect(printed.map((p) => p.index)).toEqual([...Array(N).keys()]);
    expect(printed.every((p, i) => i === 0 || p.ms >= printed[i - 1]!.ms)).toBe(true);
    expect(timing.firstMs).toBe(printed[0]!.ms);
    expect(timing.firstMs).toBeLessThan(timing.totalMs);
  });
});

describe('the cities demo', () => {
  it('prints the answers in order, the table of the three ways, and exits 0', async () => {
    let out = '';
    const code = await runDemo({ write: (text: string) => (out += text) }, session, N);
    expect(code).toBe(0);
    expect(out).toMatch(/simulator settings: TTFT 500 ms \+ 60 ms\/token .* 8 slots, timeScale 0\.05/);
    const numbered = [...out.matchAll(/^ +\d+\.\d\d s {2}(\d+)\. (.*)$/gm)];
    expect(numbered.map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(numbered.every((m, i) => m[2]!.includes(CITIES[i]!.city))).toBe(true);
    for (const way of ['streaming opportunistic', 'non-streaming opportunistic', 'sequential'])
      expect(out).toMatch(new RegExp(`^  ${way} +\\d+\\.\\d\\d s +\\d+\\.\\d\\d s`, 'm'));
    expect(out).toContain(`same answers all three ways: yes · ${N} answers, answer i naming city i of the list: yes`);
  });

  it('is registered, and its module follows the demo contract with the streaming program as default', async () => {
    const mod = programModule(await loadModule(DEMOS.find((d) => d.name === 'cities')!.file), 'cities');
    try {
      expect(mod.program.name).toBe('cities');
      expect(mod.input).toEqual([10]);
      expect(mod.notes?.().join('\n')).toMatch(/embedded simulator.*TTFT 500 ms.*slots.*timeScale/);
      expect(mod.show?.(['a', 'b'])).toBe('1. a\n2. b');
    } finally {
      await mod.dispose?.();
    }
  });
});
