/**
 * One HTTP request in the simulator: its timing, its cancellation and every byte written for it.
 *
 * Cancellation: when the socket closes before the response is complete, the context's `signal`
 * aborts, which rejects every pending `sleep`, takes the request out of the slot queue and stops
 * streaming, so nothing keeps running for a client that left. The close is recorded as an early
 * close unless the server itself caused it (a dropped-connection fault or `close()`).
 */
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { MetricsRecorder, SimPhase, SimRoute } from './metrics.js';
import type { Slicer } from './slicer.js';

/** An OpenAI-style error answer: `{ error: { message, type, code, param } }` with `status`. */
export interface SimErrorReply {
  readonly status: number;
  readonly type: string;
  readonly code: string;
  readonly message: string;
  /** The request field at fault, if one is; null otherwise. */
  readonly param?: string | null;
}

/** A JSON body written in pieces: `prefix`, the items separated by commas, `suffix`. */
export interface JsonListParts<T> {
  /** Everything before the first item, e.g. `{"object":"list","data":[`. */
  readonly prefix: string;
  readonly items: readonly T[];
  /** The JSON text of one item. */
  readonly serialize: (item: T, index: number) => string;
  /** Everything after the last item, e.g. `],"usage":{…}}`. */
  readonly suffix: string;
}

/** Size of the pieces `sendJsonList` writes, in UTF-16 code units. */
const PIECE_CHARS = 64 * 1024;

/** Headers every response of the simulator carries. */
export const SIM_HEADERS = Object.freeze({ 'x-epic-simulated': '1' });

/** Per-request state; see the file comment. */
export class RequestContext {
  /** `performance.now()` when the request arrived. */
  readonly started = performance.now();
  /** Where the request is now; recorded with an early close. */
  phase: SimPhase = 'reading';
  private lastWrite: number | undefined;
  private serverClosed = false;
  private readonly controller = new AbortController();

  constructor(
    readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    readonly route: SimRoute,
    readonly id: string,
    private readonly metrics: MetricsRecorder,
  ) {
    res.on('close', () => this.onClose());
  }

  /** Aborts when the client leaves or the server shuts the request down. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether the response head has been written. */
  get headersSent(): boolean {
    return this.res.headersSent;
  }

  /** Ends the request from the server side (fault or shutdown): not an early close. */
  shutDown(destroySocket: boolean): void {
    this.serverClosed = true;
    this.controller.abort(new Error('simulated server closed the request'));
    if (destroySocket) this.req.socket.destroy();
  }

  /** Waits `ms` real ms, rejecting as soon as the request is cancelled. */
  async sleep(ms: number): Promise<void> {
    this.signal.throwIfAborted();
    if (ms > 0) await delay(ms, undefined, { signal: this.signal });
  }

  /** Resolves when the request is cancelled (for stalls). */
  untilCancelled(): Promise<void> {
    return new Promise((resolve) => {
      if (this.signal.aborted) resolve();
      else this.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** Writes a complete JSON response. */
  sendJson(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.sendText(status, 'application/json', JSON.stringify(body), headers);
  }

  /** Writes a complete response with any body (used for malformed-body faults too). */
  sendText(status: number, contentType: string, text: string, headers: Record<string, string> = {}): void {
    this.head(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)), ...headers });
    this.res.end(text);
  }

  /**
   * Writes a JSON response that may be large (thousands of choices or vectors) without blocking
   * the server: items are serialised one `slicer` tick at a time and written in pieces of about
   * 64 KiB, waiting for the socket to drain when the client reads slowly. A body that fits in one
   * piece is sent whole with a `content-length`, like `sendJson`. Rejects when the request is
   * cancelled; an item that fails to serialise rejects after the head was written.
   */
  async sendJsonList<T>(status: number, parts: JsonListParts<T>, slicer: Slicer): Promise<void> {
    let piece = parts.prefix;
    let started = false;
    for (const [i, item] of parts.items.entries()) {
      await slicer.tick();
      piece += (i > 0 ? ',' : '') + parts.serialize(item, i);
      if (piece.length < PIECE_CHARS) continue;
      if (!started) this.head(status, { 'content-type': 'application/json' });
      started = true;
      await this.write(piece);
      piece = '';
    }
    piece += parts.suffix;
    if (!started) return this.sendText(status, 'application/json', piece);
    this.signal.throwIfAborted();
    this.lastWrite = performance.now();
    this.res.end(piece);
  }

  /** Writes an OpenAI-style error response. */
  sendError(reply: SimErrorReply, headers: Record<string, string> = {}): void {
    const error = { message: reply.message, type: reply.type, code: reply.code, param: reply.param ?? null };
    this.sendJson(reply.status, { error }, headers);
  }

  /** Writes a response head and the start of a body, and leaves it open (for the body-stall fault). */
  beginText(status: number, contentType: string, text: string): void {
    this.head(status, { 'content-type': contentType });
    this.res.write(text);
  }

  /** Starts a server-sent-events response. */
  startEvents(): void {
    this.head(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  }

  /** Writes one SSE event: `data: <json>` (or the literal text for `[DONE]`). */
  sendEvent(data: unknown): void {
    this.signal.throwIfAborted();
    this.lastWrite = performance.now();
    this.res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  }

  /** Ends a streaming response. */
  endEvents(): void {
    this.lastWrite = performance.now();
    this.res.end();
  }

  /** Writes `chunk`, waiting for 'drain' if the socket's buffer is full; rejects on cancellation. */
  private async write(chunk: string): Promise<void> {
    this.signal.throwIfAborted();
    this.lastWrite = performance.now();
    if (!this.res.write(chunk)) await once(this.res, 'drain', { signal: this.signal });
  }

  private head(status: number, headers: Record<string, string>): void {
    this.metrics.response(this.route, String(status));
    this.lastWrite = performance.now();
    this.res.writeHead(status, { ...SIM_HEADERS, 'x-request-id': this.id, ...headers });
  }

  private onClose(): void {
    if (!this.res.headersSent) this.metrics.response(this.route, 'none');
    if (!this.res.writableFinished && !this.serverClosed) {
      const now = performance.now();
      this.metrics.earlyClose({
        route: this.route,
        phase: this.phase,
        at: Date.now(),
        msFromStart: now - this.started,
        msSinceLastWrite: this.lastWrite === undefined ? null : now - this.lastWrite,
      });
    }
    this.controller.abort(new Error('client closed the connection'));
  }
}
