/**
 * A run as a web `ReadableStream` / `Response` of server-sent events (frames.ts), for
 * fetch-style routes: Next.js route handlers, Hono, Deno, Bun, or Express/Fastify through their
 * web-stream adapters.
 */
import type { Observable, Subscription } from 'rxjs';
import { EVENT_STREAM_HEADERS, type ServableEvent } from './frames.js';
import { FramePacer, heartbeatOf, type EventStreamOptions } from './pacer.js';

/**
 * The run's SSE frames as a byte stream. The run starts when the stream is first read and stops
 * when the stream is cancelled (the client went away: the framework cancels the body), so its
 * LLM requests are aborted. Paced by the reader (pacer.ts): at most one frame waits in the
 * stream's queue, and a reader that falls behind gets the result merged into one `snapshot`
 * frame. `options.heartbeatMs` sets the keep-alive comments (default every 15 s). Throws
 * `EpicError` for bad options.
 *
 * @example
 * // Next.js app router: app/cities/route.ts
 * export function GET(req: Request) {
 *   const n = Number(new URL(req.url).searchParams.get('n') ?? 10);
 *   return new Response(toEventStream(cities.watch(n)), { headers: EVENT_STREAM_HEADERS });
 * }
 */
export function toEventStream(
  source: Observable<ServableEvent>,
  options?: EventStreamOptions,
): ReadableStream<Uint8Array> {
  const heartbeatMs = heartbeatOf(options);
  const encoder = new TextEncoder();
  let pacer: FramePacer | undefined;
  let subscription: Subscription | undefined;
  return new ReadableStream<Uint8Array>(
    {
      // pull, not start: nothing runs until someone reads. Later pulls: the reader wants more.
      pull(controller) {
        if (pacer) return pacer.resume();
        const sink = {
          write: (frame: string) => {
            controller.enqueue(encoder.encode(frame));
            return controller.desiredSize! >= 0; // a frame went straight to a waiting read
          },
          end: () => controller.close(),
        };
        pacer = new FramePacer(sink, heartbeatMs);
        subscription = pacer.start(source);
      },
      cancel() {
        subscription?.unsubscribe();
      },
    },
    { highWaterMark: 0 },
  ); // else the stream pulls once on creation, to fill its queue, and the run starts unread
}

/**
 * A `Response` streaming the run's SSE frames (`toEventStream`, with `options`) with the
 * event-stream headers; `init` adds to them (e.g. CORS headers).
 *
 * @example
 * app.get('/run', (c) => eventStreamResponse(prog.watch(c.req.query('topic'))));
 */
export function eventStreamResponse(
  source: Observable<ServableEvent>,
  init: ResponseInit = {},
  options?: EventStreamOptions,
): Response {
  const headers = new Headers(EVENT_STREAM_HEADERS);
  for (const [key, value] of new Headers(init.headers)) headers.set(key, value);
  return new Response(toEventStream(source, options), { ...init, headers });
}
