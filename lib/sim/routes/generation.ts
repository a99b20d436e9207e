/**
 * What chat and legacy completions share: asking the responder for every choice, applying
 * `stop` and `max_tokens`, waiting out the model's time, and answering in one body or as a
 * stream. The routes only supply the wire shapes (`GenerationWire`).
 *
 * Choices are ordered prompt-major: the choice for prompt `i`, sample `k` has index `i·n + k`.
 */
import { EpicError } from '../../errors.js';
import type { RequestContext } from '../context.js';
import { generationTimeline } from '../latency.js';
import type { SimAnswer, SimPromptRequest } from '../responders.js';
import { createSlicer, type Slicer } from '../slicer.js';
import { streamChoices, type StreamEvents } from '../sse.js';
import { SIM_LABEL, type SimState } from '../state.js';
import { countTokens, shapeText, type ShapedText } from '../tokens.js';
import { isObject, type ChatRequest, type CompletionRequest } from './parse.js';

/** One generated choice. */
export interface GeneratedChoice {
  readonly index: number;
  readonly shaped: ShapedText;
}

/** The wire shapes of one route. */
export interface GenerationWire extends StreamEvents<GeneratedChoice> {
  /** `object` of a full response, e.g. "chat.completion". */
  readonly object: string;
  /** `object` of a stream chunk, e.g. "chat.completion.chunk". */
  readonly chunkObject: string;
  /** Prefix of response ids, e.g. "chatcmpl". */
  readonly idPrefix: string;
  /** A choice of a full response. */
  readonly choice: (choice: GeneratedChoice) => unknown;
}

/**
 * Serves a chat or completion request that holds its slot: asks the responder (a throw
 * propagates, and the caller answers 500), then answers after the modelled time.
 */
export async function serveGeneration(
  sim: SimState,
  ctx: RequestContext,
  request: ChatRequest | CompletionRequest,
  wire: GenerationWire,
): Promise<void> {
  const base = performance.now();
  ctx.phase = 'working';
  const slicer = createSlicer(ctx.signal);
  const choices = await generateChoices(sim, request, slicer);
  const timeline = generationTimeline(sim.options, choices.length);
  const envelope = envelopeOf(ctx, request.model, wire);
  const usage = usageOf(request, choices);
  if (request.stream) {
    ctx.phase = 'streaming';
    const tail = request.includeUsage ? [{ ...envelope(wire.chunkObject), choices: [], usage }] : [];
    await streamChoices(ctx, timeline, base, choices, chunkEvents(wire, envelope), tail);
  } else {
    await ctx.sleep(base + timeline.doneAt(longestChoice(choices)) - performance.now());
    const head = JSON.stringify(envelope(wire.object)); // never "{}": it has an id, a model, …
    const prefix = `${head.slice(0, -1)},"choices":[`;
    const suffix = `],"usage":${JSON.stringify(usage)}}`;
    await ctx.sendJsonList(
      200,
      { prefix, items: choices, serialize: (c) => JSON.stringify(wire.choice(c)), suffix },
      slicer,
    );
  }
  sim.metrics.served(request.kind === 'chat' ? 'chat' : 'completions', promptsOf(request));
}

function promptsOf(request: ChatRequest | CompletionRequest): readonly string[] {
  return request.kind === 'chat' ? [request.prompt] : request.prompts;
}

/** Stream events: each carries one choice inside a full chunk envelope. */
function chunkEvents(wire: GenerationWire, envelope: (object: string) => object): StreamEvents<GeneratedChoice> {
  const chunk = (choice: unknown) => ({ ...envelope(wire.chunkObject), choices: [choice] });
  const { open } = wire;
  return {
    open: open && ((c) => chunk(open(c))),
    delta: (c, piece) => chunk(wire.delta(c, piece)),
    close: (c) => chunk(wire.close(c)),
  };
}

/** The most tokens any of `choices` has (0 for none). */
function longestChoice(choices: readonly GeneratedChoice[]): number {
  return choices.reduce((most, c) => Math.max(most, c.shaped.pieces.length), 0);
}

/**
 * Asks the responder for every choice, one slicer tick per choice, and awaits the answers
 * together (an async responder's answers may arrive in any order; a rejection fails the request).
 * Texts are cut at `max_tokens`, or at `limits.maxTokens` when the request sets none.
 */
async function generateChoices(
  sim: SimState,
  request: ChatRequest | CompletionRequest,
  slicer: Slicer,
): Promise<GeneratedChoice[]> {
  const pending: Promise<SimAnswer>[] = [];
  const messages = request.kind === 'chat' ? request.messages : undefined;
  for (const prompt of promptsOf(request)) {
    for (let k = 0; k < request.n; k++) {
      await slicer.tick();
      const ask: SimPromptRequest = {
        kind: request.kind,
        prompt,
        messages,
        model: request.model,
        temperature: request.temperature,
        maxTokens: request.maxTokens,
        stop: request.stop,
        k,
      };
      const answer = Promise.resolve().then(() => sim.options.responder(ask));
      answer.catch(() => undefined); // awaited below; this only keeps an early rejection from counting as unhandled
      pending.push(answer);
    }
  }
  const answers = await Promise.all(pending);
  const maxTokens = request.maxTokens ?? sim.options.limits.maxTokens;
  const choices: GeneratedChoice[] = [];
  for (const [index, answer] of answers.entries()) {
    await slicer.tick();
    choices.push({ index, shaped: shapeAnswer(answer, request, maxTokens) });
  }
  return choices;
}

function shapeAnswer(reply: SimAnswer, request: ChatRequest | CompletionRequest, maxTokens: number): ShapedText {
  const answer: unknown = reply;
  const text = typeof answer === 'string' ? answer : isObject(answer) ? answer['text'] : undefined;
  if (typeof text === 'string') return shapeText(text, request.stop, maxTokens);
  if (isObject(answer) && answer['refuse'] === true) return { text: '', pieces: [], finishReason: 'content_filter' };
  throw new EpicError(
    `The responder returned ${JSON.stringify(answer)}; expected a string, { text } or { refuse: true }`,
  );
}

/** The fields every response and chunk of one request shares. */
function envelopeOf(ctx: RequestContext, model: string, wire: GenerationWire): (object: string) => object {
  const id = `${wire.idPrefix}-${ctx.id}`;
  const created = Math.floor(Date.now() / 1000);
  return (object) => ({ id, object, created, model, system_fingerprint: SIM_LABEL });
}

function usageOf(request: ChatRequest | CompletionRequest, choices: readonly GeneratedChoice[]) {
  const input = request.kind === 'chat' ? request.messages.map((m) => m.content) : request.prompts;
  const promptTokens = input.reduce((sum, text) => sum + countTokens(text), 0);
  const completionTokens = choices.reduce((sum, c) => sum + c.shaped.pieces.length, 0);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}
