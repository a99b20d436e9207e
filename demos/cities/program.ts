/**
 * The paper's streaming example as one plain program: ask for a list of N tourist cities, one per
 * line; for each line, ask a follow-up about that city; the result is the answers, in order.
 *
 * The list comes from the host `list`, which is either `chatStream` — the reply is a text stream,
 * so `.split('\n')` yields each line as soon as its newline has arrived and `.filter`/`.map`
 * start per line: the follow-up about the first city is dispatched while the list is still
 * streaming — or `chat`, whose reply arrives whole, so every follow-up waits for the whole list.
 * The program text is the same; only the host differs.
 */
import { program, type Program } from '../../lib/index.js';
import { createLlm, type Llm, type LlmHosts } from '../../lib/llm/index.js';
import type { SimOptionsInput } from '../../lib/sim/index.js';
import { CITIES_LATENCY, citiesResponder } from './responder.js';

/** A host that answers a chat prompt with text: `chatStream` (streamed) or `chat` (whole). */
export type ChatHost = LlmHosts['chat'];

/** The cities program: N → the N follow-up answers, in list order. */
export type CitiesProgram = Program<[n: number], string[]>;

/**
 * The cities program with `list` answering the list prompt and `chat` the follow-ups.
 *
 * Gotcha: the list prompt and the follow-up prompt are written out here (program code sees only
 * its hosts); responder.ts recognises them, and handwritten.ts asks the same.
 *
 * @example
 * const { chatStream, chat } = llm.hosts;
 * await citiesProgram(chatStream, chat, 'cities').evaluate(10); // ['Visit Kyoto to …', 'Lisbon rewards …', …]
 */
export function citiesProgram(list: ChatHost, chat: ChatHost, name: string): CitiesProgram {
  return program(
    { list, chat },
    (n: number) => {
      const lines = list(`List ${n} tourist cities, one per line, as "City, Country: what it is known for".`, {
        temperature: 0,
      }).split('\n');
      const places = lines.filter((line) => line.includes(':')).map((line) => line.slice(0, line.indexOf(':')).trim());
      return places.map((place) => chat(`In one sentence, why visit ${place}?`, { temperature: 0 }));
    },
    { name },
  );
}

/** The Llm of a cities run and the program both ways. */
export interface CitiesSession {
  /** The Llm (embedded simulator with the cities responder); `close()` stops it. */
  readonly llm: Llm;
  /** The list streamed (`chatStream`). */
  readonly streamed: CitiesProgram;
  /** The list whole (`chat`). */
  readonly unstreamed: CitiesProgram;
  /** The simulator options in force (over `CITIES_LATENCY`). */
  readonly sim: SimOptionsInput;
}

/**
 * An Llm on the embedded simulator with the cities responder and `CITIES_LATENCY` (`sim`
 * overrides, e.g. `{ timeScale: 0.05 }`), and the program both ways on it. The simulator starts
 * on the first call, or on `session.llm.ready()`.
 *
 * Gotcha: OPENAI_* variables are ignored (`env: {}`): the demo's answers and its checks come
 * from the responder, which exists only in the simulator. Requests are not retried, so every
 * timing is one request's.
 *
 * @example
 * const session = createCities({ timeScale: 0.05 });
 * await session.streamed.evaluate(10);
 * await session.llm.close();
 */
export function createCities(sim: SimOptionsInput = {}): CitiesSession {
  const options = { ...CITIES_LATENCY, ...sim };
  const llm = createLlm({ env: {}, sim: { ...options, responder: citiesResponder }, retry: { maxRetries: 0 } });
  const { chat, chatStream } = llm.hosts;
  return {
    llm,
    streamed: citiesProgram(chatStream, chat, 'cities'),
    unstreamed: citiesProgram(chat, chat, 'cities-unstreamed'),
    sim: options,
  };
}
