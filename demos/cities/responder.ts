/**
 * What the simulated model of the cities demo says, and how fast. The responder answers the two
 * prompts of the cities program (program.ts) checkably, from the fixed list in data.ts:
 * - "List N tourist cities, …" gets exactly N lines "City, Country: what it is known for" (the
 *   first N cities of the list; at most all 20), and nothing else — no preamble, no numbering;
 * - "In one sentence, why visit <place>?" gets that city's sentence, which names the city.
 * Any other prompt gets the simulator's default pseudo-text.
 *
 * Sizes, in the simulator's tokens (whitespace-separated words): a list line is 12 to 17 words,
 * so a list of 10 is 148 words and streams for 9.3 s of model time at GPT-4-like speed; a
 * follow-up answer is 28 to 35 words, about 2.3 s. The shape that matters: the list takes about
 * four follow-ups' time to stream, and each line is a tenth of it.
 */
import { defaultResponder, type SimOptionsInput, type SimResponder } from '../../lib/sim/index.js';
import { CITIES, type City } from './data.js';

/** The list prompt of the cities program for `n` cities (program.ts asks exactly this). */
export const listPrompt = (n: number): string =>
  `List ${n} tourist cities, one per line, as "City, Country: what it is known for".`;

/** The follow-up prompt of the cities program about `place` ("City, Country"). */
export const followUpPrompt = (place: string): string => `In one sentence, why visit ${place}?`;

const LIST = /^List (\d+) tourist cities, one per line/;
const FOLLOW_UP = /^In one sentence, why visit (.+)\?$/;

/** The line of `city` in the list reply. */
export const listLine = (city: City): string => `${city.place}: ${city.knownFor}`;

/**
 * The cities responder (see the file comment). Deterministic: the same prompt always gets the
 * same text, whatever the temperature.
 *
 * @example
 * startSim({ responder: citiesResponder, ...CITIES_LATENCY })
 */
export const citiesResponder: SimResponder = (request) => {
  const list = LIST.exec(request.prompt);
  if (list) return CITIES.slice(0, Number(list[1])).map(listLine).join('\n');
  const followUp = FOLLOW_UP.exec(request.prompt);
  if (followUp) {
    const asked = followUp[1]!.trim();
    const known = CITIES.find((c) => c.place === asked || c.city === asked);
    return known?.why ?? `${asked} is worth a visit for its own sights, food and people; give it a few unhurried days.`;
  }
  return defaultResponder(request);
};

/**
 * The simulator's latency for the demo, in model ms: GPT-4-like, as the game24 demo's
 * `GPT4_LATENCY` (500 ms to the first token, 60 ms per word: about 20 GPT-4 tokens per second,
 * at 1.2–1.3 tokens per English word), the simulator's default 20 ms overhead per request and
 * its default 8 slots (requests served at once; more wait in a queue: a server that does not
 * take unlimited concurrent requests).
 */
export const CITIES_LATENCY = Object.freeze({ ttftMs: 500, perTokenMs: 60, overheadMs: 20, slots: 8 });

/** Simulated time runs this many times real time in the demo (0.05: 20× faster). */
export const DEMO_TIME_SCALE = 0.05;

/** One line stating the simulator settings of `sim` (over `CITIES_LATENCY`). */
export function describeSettings(sim: SimOptionsInput): string {
  const { ttftMs, perTokenMs, overheadMs, slots } = { ...CITIES_LATENCY, ...sim };
  const scale = sim.timeScale ?? 1;
  return (
    `simulator settings: TTFT ${ttftMs} ms + ${perTokenMs} ms/token (a token is a word), ${overheadMs} ms overhead per request, ` +
    `${slots} slots, timeScale ${scale} (model ms × ${scale} = wall ms)`
  );
}
