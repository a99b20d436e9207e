/** Reading a request body as a JSON object, within `limits.maxBodyBytes`. */
import type { RequestContext } from '../context.js';
import { bodyTooLarge } from '../limits.js';
import { badRequest, isObject, type Parsed } from './parse.js';

/**
 * Reads the whole body and parses it. Invalid JSON, or JSON that is not an object, gives a 400
 * reply; a body over `maxBytes` gives a 413 reply naming the limit — at once, before reading
 * anything, when `content-length` announces it, otherwise as soon as the bytes read pass it.
 * The rest of an oversized body is read and discarded as it arrives (nothing is kept): closing
 * the socket instead would make the client fail with EPIPE before it reads the 413.
 *
 * Gotcha: if the client disconnects while sending, the read rejects; the caller treats that as
 * a cancellation, since `ctx.signal` aborts at the same time.
 */
export async function readJsonBody(ctx: RequestContext, maxBytes: number): Promise<Parsed<Record<string, unknown>>> {
  const declared = Number(ctx.req.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) return tooLarge(ctx, declared, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req.iterator({ destroyOnReturn: false })) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) return tooLarge(ctx, undefined, maxBytes);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      reply: badRequest(`Request body is not valid JSON: ${(err as Error).message}`, 'invalid_json'),
    };
  }
  return isObject(value)
    ? { ok: true, value }
    : { ok: false, reply: badRequest('Request body must be a JSON object', 'invalid_json') };
}

function tooLarge(ctx: RequestContext, bytes: number | undefined, maxBytes: number): Parsed<never> {
  ctx.req.resume(); // discard the rest as it arrives
  return { ok: false, reply: bodyTooLarge(bytes, maxBytes) };
}
