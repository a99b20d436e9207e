/**
 * Responders decide what the simulated model says. A responder is called once per choice: for
 * each prompt of a request and each sample index `k < n`. It must be deterministic (a function of
 * the request) so runs are reproducible, and it may be sync or async.
 *
 * - a string or `{ text }`: the choice's text, before `stop` and `max_tokens` are applied;
 * - `{ refuse: true }`: that choice alone comes back empty with `finish_reason: "content_filter"`
 *   (the other prompts of the same batch are unaffected);
 * - a throw or a rejection: the whole request answers 500 with the error's message.
 */
import { hash32, seededRandom } from './hash.js';

/** A chat message, its content flattened to text (text parts joined; other parts dropped). */
export interface SimMessage {
  readonly role: string;
  readonly content: string;
}

/** What a responder sees for one choice. */
export interface SimPromptRequest {
  /** Which API asked: chat completions or legacy completions. */
  readonly kind: 'chat' | 'completion';
  /** Completions: the prompt. Chat: the last user message ("" when there is none). */
  readonly prompt: string;
  /** Chat: every message in order. Completions: undefined. */
  readonly messages: readonly SimMessage[] | undefined;
  readonly model: string;
  /** Sampling temperature; 1 when the request gives none. */
  readonly temperature: number;
  /** `max_tokens` (or chat's `max_completion_tokens`) if given; the server applies it afterwards. */
  readonly maxTokens: number | undefined;
  /** Stop strings (possibly empty); the server applies them afterwards. */
  readonly stop: readonly string[];
  /** Sample index, `0 <= k < n`. */
  readonly k: number;
}

/** A responder's answer for one choice. */
export type SimAnswer = string | { readonly text: string } | { readonly refuse: true };

/** Decides the text of one choice; see the file comment. */
export type SimResponder = (request: SimPromptRequest) => SimAnswer | Promise<SimAnswer>;

const WORDS: readonly string[] = Object.freeze(
  [
    'the a model answer token batch stream prompt value state graph node edge step plan idea',
    'result number list text small large quick slow first next last open close early late',
    'simple clear ready local remote cached parallel serial partial final good better best',
    'propose judge score merge split search solve check count order reason call return',
  ]
    .join(' ')
    .split(' '),
);

/**
 * The default responder: 8 to 24 pseudo-random words derived from a hash of the prompt (and of
 * `k` when `temperature > 0`), prefixed with "[sim]". Same input, same output; at temperature 0
 * every sample of a prompt is the same, as with greedy decoding.
 *
 * @example
 * defaultResponder({ kind: 'completion', prompt: 'hi', messages: undefined, model: 'm',
 *   temperature: 0, maxTokens: undefined, stop: [], k: 0 }) // "[sim] propose the …"
 */
export function defaultResponder(request: SimPromptRequest): string {
  const sample = request.temperature > 0 ? request.k : 0;
  const next = seededRandom(hash32(`${request.kind}\u0000${request.prompt}\u0000${sample}`));
  const length = 8 + Math.floor(next() * 17);
  const words = Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)] ?? 'sim');
  return `[sim] ${words.join(' ')}`;
}

/**
 * A responder that looks the prompt up in `table` and otherwise asks `fallback`.
 *
 * Gotcha: the key is the whole prompt (for chat, the last user message), compared exactly.
 *
 * @example
 * startSim({ responder: responderFromTable({ '2+2=': '4' }) })
 */
export function responderFromTable(
  table: Readonly<Record<string, SimAnswer>>,
  fallback: SimResponder = defaultResponder,
): SimResponder {
  return (request) => (Object.hasOwn(table, request.prompt) ? (table[request.prompt] as SimAnswer) : fallback(request));
}
