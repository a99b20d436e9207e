/**
 * Serving a run to a web page as server-sent events carrying immer patches and text appends
 * (frames.ts has the wire format, text-appends.ts the appends and `applyPatchFrame` for clients,
 * pacer.ts the heartbeat and the backpressure): on plain `node:http`
 * (`writeEventStream`, `eventStreamHandler`) or as a web `ReadableStream` / `Response` for
 * fetch-style routes (`toEventStream`, `eventStreamResponse`).
 */
export { EVENT_STREAM_HEADERS, sseFrame, type ServableEvent } from './frames.js';
export { eventStreamHandler, writeEventStream } from './node.js';
export { sseFrames, type EventStreamOptions } from './pacer.js';
export { applyPatchFrame, type PatchFrameData, type TextAppend } from './text-appends.js';
export { eventStreamResponse, toEventStream } from './web.js';
