/** A run as server-sent events (frames.ts) on a plain `node:http` response. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Observable, Subscription } from 'rxjs';
import { EVENT_STREAM_HEADERS, type ServableEvent } from './frames.js';
import { FramePacer, heartbeatOf, type EventStreamOptions } from './pacer.js';

/**
 * Writes the run's SSE frames to `res` (status 200 and the event-stream headers unless headers
 * were already sent) and ends it after the last frame. The run stops when the response closes
 * first (the client went away), which aborts its LLM requests. Returns the subscription, to stop
 * the run from the server side. A client that reads slowly gets the result merged into fewer
 * frames, never an unbounded buffer (pacer.ts); `options.heartbeatMs` sets the keep-alive
 * comments (default every 15 s). Throws `EpicError` for bad options, before writing anything.
 *
 * @example
 * http.createServer((req, res) => writeEventStream(res, cities.watch(10))).listen(8080);
 */
export function writeEventStream(
  res: ServerResponse,
  source: Observable<ServableEvent>,
  options?: EventStreamOptions,
): Subscription {
  const pacer = new FramePacer({ write: (frame) => res.write(frame), end: () => res.end() }, heartbeatOf(options));
  if (!res.headersSent) res.writeHead(200, EVENT_STREAM_HEADERS);
  res.flushHeaders();
  res.on('drain', () => pacer.resume());
  let subscription: Subscription | undefined;
  res.once('close', () => subscription?.unsubscribe());
  subscription = pacer.start(source);
  if (res.destroyed) subscription.unsubscribe(); // the client left before the run started
  return subscription;
}

/**
 * A `node:http` request handler that serves one run per request: `start(req, url)` returns the
 * run (e.g. `prog.watch(Number(url.searchParams.get('n')))`); if it throws (bad input), the
 * client gets a 400 with the message as text. `options` as `writeEventStream`'s, checked here.
 *
 * @example
 * http.createServer(eventStreamHandler((req, url) => cities.watch(Number(url.searchParams.get('n'))))).listen(8080);
 */
export function eventStreamHandler(
  start: (req: IncomingMessage, url: URL) => Observable<ServableEvent>,
  options?: EventStreamOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  heartbeatOf(options);
  return (req, res) => {
    let source: Observable<ServableEvent>;
    try {
      source = start(req, new URL(req.url ?? '/', 'http://localhost'));
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(error instanceof Error ? error.message : String(error));
      return;
    }
    writeEventStream(res, source, options);
  };
}
