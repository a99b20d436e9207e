/**
 * Serving a run to a web page as server-sent events carrying immer patches (frames.ts has the
 * wire format): on plain `node:http` (`writeEventStream`, `eventStreamHandler`) or as a web
 * `ReadableStream` / `Response` for fetch-style routes (`toEventStream`, `eventStreamResponse`).
 */
export { EVENT_STREAM_HEADERS, sseFrame, sseFrames, type ServableEvent } from './frames.js';
export { eventStreamHandler, writeEventStream } from './node.js';
export { eventStreamResponse, toEventStream } from './web.js';
