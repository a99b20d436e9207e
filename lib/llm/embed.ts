/**
 * `embed`: embeddings, BATCHED. Calls subscribed together (the same tick, or within `windowMs`)
 * with the same model and dimensions share one `/v1/embeddings` request with `input: string[]`,
 * up to `maxEmbedBatchSize` inputs; each caller gets the vector at its own `index`.
 */
import type OpenAI from 'openai';
import { map, type Observable } from 'rxjs';
import { createBatcher } from '../../operators/index.js';
import { EpicLlmError } from '../errors.js';
import { checkOptions, orFail } from './params.js';
import type { RequestCallers } from './rate-limited.js';
import type { Requester } from './request.js';
import { createSharedCalls, reportOf, type JoinReport } from './sharing.js';

/** Options of one `embed` call. */
export interface EmbedOptions {
  /** Embedding model. Default: the Llm's `embeddingModel`. */
  readonly model?: string;
  /** Vector size, for models that can shorten their vectors. */
  readonly dimensions?: number;
  /**
   * Embeddings are deterministic, so identical calls in flight share one input (and are kept when
   * the Llm has a `cacheSize`) unless this is `false`. Default `true`.
   */
  readonly cache?: boolean;
}

/** The embed host function: the vector. */
export type Embed = (text: string, options?: EmbedOptions) => Observable<number[]>;

/** What `createEmbed` needs from its Llm. */
export interface EmbedDeps {
  readonly send: Requester;
  readonly model: string;
  readonly cacheSize: number;
  readonly maxBatchSize: number;
  readonly windowMs: number | undefined;
  /** Most batches awaiting their answer at once (createBatcher's `maxConcurrentBatches`). Default: no limit. */
  readonly maxConcurrentBatches?: number;
}

interface EmbedAsk {
  readonly text: string;
  readonly model: string;
  readonly dimensions: number | undefined;
  /** Batch group: model and dimensions. */
  readonly key: string;
  /** Told which request carried this input, when it is sent. */
  readonly tell: JoinReport;
  /** The calls this text stands for: where a 429 of its request is published. */
  readonly callers: RequestCallers;
}

const EMBED_KEYS: readonly string[] = Object.freeze(['model', 'dimensions', 'cache']);

/**
 * Creates the batched `embed` host function of an Llm.
 *
 * Gotcha: the SDK asks for base64 vectors and decodes them itself; the result is a plain
 * `number[]` (float32 precision).
 *
 * @example
 * const embed = createEmbed({ send, model: 'epic-sim-embed', cacheSize: 0, maxBatchSize: 128, windowMs: undefined });
 * forkJoin([embed('cat'), embed('dog')]); // one request: input ['cat', 'dog']
 */
export function createEmbed(deps: EmbedDeps): Embed {
  const { send } = deps;
  const shared = createSharedCalls<number[]>(deps.cacheSize);
  const batch = createBatcher<EmbedAsk, number[]>({
    run: (asks) => {
      const { model, dimensions } = asks[0] as EmbedAsk; // a batch is never empty; its asks share both
      const body = { model, input: asks.map((ask) => ask.text), ...(dimensions === undefined ? {} : { dimensions }) };
      const sent = (id: string): void => asks.forEach((ask) => ask.tell({ id, size: asks.length }));
      const callers = () => asks.flatMap((ask) => [...ask.callers()]);
      return send('embed', (client, signal) => client.embeddings.create(body, { signal }), sent, callers).pipe(
        map((reply) => vectorsByInput(reply, asks.length)),
      );
    },
    maxBatchSize: deps.maxBatchSize,
    windowMs: deps.windowMs, // undefined: the same tick
    ...(deps.maxConcurrentBatches === undefined ? {} : { maxConcurrentBatches: deps.maxConcurrentBatches }),
    key: (ask) => ask.key,
  });
  return function (this: unknown, text, options = {}) {
    const report = reportOf(this);
    return orFail(checkOptions('embed', options, EMBED_KEYS) ?? checkText(text), () => {
      const model = options.model ?? deps.model;
      const { dimensions } = options;
      const key = JSON.stringify([model, dimensions]);
      const ask = (tell: JoinReport, callers: RequestCallers) => batch({ text, model, dimensions, key, tell, callers });
      return shared(options.cache !== false, () => JSON.stringify([key, text]), report, ask);
    });
  };
}

function checkText(text: unknown): EpicLlmError | undefined {
  return typeof text === 'string'
    ? undefined
    : new EpicLlmError(`embed: the text must be a string, got ${JSON.stringify(text)}`);
}

function vectorsByInput(reply: OpenAI.Embeddings.CreateEmbeddingResponse, inputs: number): Array<number[] | Error> {
  const vectors = Array.from({ length: inputs }, (): number[] | undefined => undefined);
  for (const item of reply.data) if (item.index >= 0 && item.index < inputs) vectors[item.index] = item.embedding;
  const missing = (i: number) =>
    new EpicLlmError(
      `embed answer lacks the vector of input ${i} of the batch (got ${reply.data.length} for ${inputs})`,
    );
  return vectors.map((vector, i) => vector ?? missing(i));
}
