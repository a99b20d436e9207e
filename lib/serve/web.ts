/**
 * A run as a web `ReadableStream` / `Response` of server-sent events (frames.ts), for
 * fetch-style routes: Next.js route handlers, Hono, Deno, Bun, or Express/Fastify through their
 * web-stream adapters.
 */
import type { Observable } from 'rxjs';
import { EVENT_STREAM_HEADERS, sseFrames, type ServableEvent } from './frames.js';

/**
 * The run's SSE frames as a byte stream. The run starts when the stream is first read and stops
 * when the stream is cancelled (the client went away: the framework cancels the body), so its
 * LLM requests are aborted.
 *
 * @example
 * // Next.js app router: app/cities/route.ts
 * export function GET(req: Request) {
 *   const n = Number(new URL(req.url).searchParams.get('n') ?? 10);
 *   return new Response(toEventStream(cities.watch(n)), { headers: EVENT_STREAM_HEADERS });
 * }
 */
export function toEventStream(source: Observable<ServableEvent>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stop: (() => void) | undefined;
  return new ReadableStream<Uint8Array>(
    {
      // pull, not start: nothing runs until someone reads. Later pulls find the run already going.
      pull(controller) {
        if (stop) return;
        const subscription = sseFrames(source).subscribe({
          next: (frame) => controller.enqueue(encoder.encode(frame)),
          complete: () => controller.close(),
        });
        stop = () => subscription.unsubscribe();
      },
      cancel() {
        stop?.();
      },
    },
    { highWaterMark: 0 },
  ); // else the stream pulls once on creation, to fill its queue, and the run starts unread
}

/**
 * A `Response` streaming the run's SSE frames (`toEventStream`) with the event-stream headers;
 * `init` adds to them (e.g. CORS headers).
 *
 * @example
 * app.get('/run', (c) => eventStreamResponse(prog.watch(c.req.query('topic'))));
 */
export function eventStreamResponse(source: Observable<ServableEvent>, init: ResponseInit = {}): Response {
  const headers = new Headers(EVENT_STREAM_HEADERS);
  for (const [key, value] of new Headers(init.headers)) headers.set(key, value);
  return new Response(toEventStream(source), { ...init, headers });
}
