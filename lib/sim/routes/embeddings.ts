/**
 * POST /v1/embeddings: one deterministic vector per input, after the modelled time.
 *
 * Gotcha: the openai SDK asks for `encoding_format: "base64"` unless told otherwise and decodes
 * it itself; base64 here is the little-endian float32 bytes of the vector, as OpenAI sends.
 * Float answers are rounded to float32 too, so both encodings decode to the same numbers.
 *
 * The vectors (up to `limits.maxInputs` × `limits.maxDimensions` numbers) are computed one
 * slicer tick per input and written in pieces, so a large request never blocks the server.
 */
import type { RequestContext } from '../context.js';
import { embeddingTime } from '../latency.js';
import { createSlicer } from '../slicer.js';
import type { SimState } from '../state.js';
import { countTokens } from '../tokens.js';
import type { EmbeddingRequest } from './parse.js';

/** Serves an embeddings request that holds its slot. */
export async function serveEmbeddings(sim: SimState, ctx: RequestContext, request: EmbeddingRequest): Promise<void> {
  const base = performance.now();
  ctx.phase = 'working';
  const slicer = createSlicer(ctx.signal);
  const dimensions = request.dimensions ?? sim.options.embeddingDim;
  const vectors: Float32Array[] = [];
  for (const input of request.inputs) {
    await slicer.tick();
    vectors.push(Float32Array.from(sim.options.embedder(input, dimensions)));
  }
  await ctx.sleep(base + embeddingTime(sim.options, request.inputs.length) - performance.now());
  const tokens = request.inputs.reduce((sum, input) => sum + countTokens(input), 0);
  const encode = request.base64 ? toBase64 : (vector: Float32Array) => JSON.stringify(Array.from(vector));
  await ctx.sendJsonList(
    200,
    {
      prefix: '{"object":"list","data":[',
      items: vectors,
      serialize: (vector, index) => `{"object":"embedding","index":${index},"embedding":${encode(vector)}}`,
      suffix: `],"model":${JSON.stringify(request.model)},"usage":${JSON.stringify({ prompt_tokens: tokens, total_tokens: tokens })}}`,
    },
    slicer,
  );
  sim.metrics.served('embeddings', request.inputs);
}

/** Little-endian float32 bytes, base64-encoded, as a JSON string. */
function toBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => bytes.writeFloatLE(x, i * 4));
  return `"${bytes.toString('base64')}"`;
}
