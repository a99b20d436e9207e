/** Reading a request body as a JSON object. */
import type { RequestContext } from '../context.js';
import { badRequest, isObject, type Parsed } from './parse.js';

/** Largest body accepted, in bytes. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Reads the whole body and parses it. Invalid JSON, or JSON that is not an object, gives a 400
 * reply; a body over 32 MiB gives a 413 reply.
 *
 * Gotcha: if the client disconnects while sending, the read rejects; the caller treats that as
 * a cancellation, since `ctx.signal` aborts at the same time.
 */
export async function readJsonBody(ctx: RequestContext): Promise<Parsed<Record<string, unknown>>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      return { ok: false, reply: { status: 413, type: 'invalid_request_error', code: 'body_too_large', message: 'Request body too large' } };
    }
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reply: badRequest(`Request body is not valid JSON: ${(err as Error).message}`, 'invalid_json') };
  }
  return isObject(value) ? { ok: true, value } : { ok: false, reply: badRequest('Request body must be a JSON object', 'invalid_json') };
}
