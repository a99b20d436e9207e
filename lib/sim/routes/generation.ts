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
  const choices = await generateChoices(sim, request);
  const timeline = generationTimeline(sim.options, choices.length);
  const envelope = envelopeOf(ctx, request.model, wire);
  const usage = usageOf(request, choices);
  if (request.stream) {
    ctx.phase = 'streaming';
    const tail = request.includeUsage ? [{ ...envelope(wire.chunkObject), choices: [], usage }] : [];
    await streamChoices(ctx, timeline, base, choices, chunkEvents(wire, envelope), tail);
  } else {
    const longest = Math.max(0, ...choices.map((c) => c.shaped.pieces.length));
    await ctx.sleep(base + timeline.doneAt(longest) - performance.now());
    ctx.sendJson(200, { ...envelope(wire.object), choices: choices.map(wire.choice), usage });
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

async function generateChoices(sim: SimState, request: ChatRequest | CompletionRequest): Promise<GeneratedChoice[]> {
  const asks = promptsOf(request).flatMap((prompt) =>
    Array.from({ length: request.n }, (_, k): SimPromptRequest => ({
      kind: request.kind,
      prompt,
      messages: request.kind === 'chat' ? request.messages : undefined,
      model: request.model,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
      stop: request.stop,
      k,
    })),
  );
  const answers = await Promise.all(asks.map(async (ask) => sim.options.responder(ask)));
  return answers.map((answer, index) => ({ index, shaped: shapeAnswer(answer, request) }));
}

function shapeAnswer(reply: SimAnswer, request: ChatRequest | CompletionRequest): ShapedText {
  const answer: unknown = reply;
  const text = typeof answer === 'string' ? answer : isObject(answer) ? answer['text'] : undefined;
  if (typeof text === 'string') return shapeText(text, request.stop, request.maxTokens);
  if (isObject(answer) && answer['refuse'] === true) return { text: '', pieces: [], finishReason: 'content_filter' };
  throw new EpicError(`The responder returned ${JSON.stringify(answer)}; expected a string, { text } or { refuse: true }`);
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
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}
