/**
 * POST /v1/embeddings: one deterministic vector per input, after the modelled time.
 *
 * Gotcha: the openai SDK asks for `encoding_format: "base64"` unless told otherwise and decodes
 * it itself; base64 here is the little-endian float32 bytes of the vector, as OpenAI sends.
 * Float answers are rounded to float32 too, so both encodings decode to the same numbers.
 */
import type { RequestContext } from '../context.js';
import { embeddingTime } from '../latency.js';
import type { SimState } from '../state.js';
import { countTokens } from '../tokens.js';
import type { EmbeddingRequest } from './parse.js';

/** Serves an embeddings request that holds its slot. */
export async function serveEmbeddings(sim: SimState, ctx: RequestContext, request: EmbeddingRequest): Promise<void> {
  const base = performance.now();
  ctx.phase = 'working';
  const dimensions = request.dimensions ?? sim.options.embeddingDim;
  const data = request.inputs.map((input, index) => {
    const vector = sim.options.embedder(input, dimensions).map(Math.fround);
    return { object: 'embedding', index, embedding: request.base64 ? toBase64(vector) : vector };
  });
  await ctx.sleep(base + embeddingTime(sim.options, request.inputs.length) - performance.now());
  const tokens = request.inputs.reduce((sum, input) => sum + countTokens(input), 0);
  sim.metrics.served('embeddings', request.inputs);
  ctx.sendJson(200, { object: 'list', data, model: request.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

/** Little-endian float32 bytes, base64-encoded. */
function toBase64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => bytes.writeFloatLE(x, i * 4));
  return bytes.toString('base64');
}
