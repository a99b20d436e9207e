import { get, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { interval, map, NEVER, type Observable, of, take, tap } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { asStream, type HostContext, program } from '../../lib/index.js';
import { toEventStream, writeEventStream } from '../../lib/serve/index.js';
import { waitFor } from '../support/wait.js';
import { framesOf, readFrames, statesOf, type Frame } from './sse-client.js';

/**
 * Chunks of text, one per ms: the result grows by CHUNK characters per snapshot, 12 MB in all,
 * which is more than the sockets between server and client hold, so a client that does not read
 * falls behind (patch frames carry only what a text grew by: text-appends.ts).
 */
const CHUNKS = 300;
const CHUNK = 40_000;
const chunked = (n: number) =>
  asStream(
    interval(1).pipe(
      take(n),
      map((i) => `${i};`.padEnd(CHUNK, '.')),
    ),
    'text',
  );
const chunks = chunked as unknown as (n: number) => string;
const writer = program({ chunks }, (n: number) => ({ text: chunks(n), n }), { name: 'writer' });

/** A host that never answers and keeps its signal. */
const signals: AbortSignal[] = [];
function hangHost(this: HostContext): Observable<string> {
  signals.push(this.signal);
  return NEVER;
}
const hang = hangHost as unknown as () => string;
const hanging = program({ hang }, () => hang(), { name: 'hanging' });

/** What the server saw of the last slow-reader run. */
const seen = { ended: false, snapshots: 0, maxBuffered: 0, blocked: 0 };

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/heartbeat') return void writeEventStream(res, hanging.watch(), { heartbeatMs: 1000 });
    if (req.url === '/quick') return void writeEventStream(res, of({ type: 'progress' }), { heartbeatMs: 1000 });
    Object.assign(seen, { ended: false, snapshots: 0, maxBuffered: 0, blocked: 0 });
    measure(res);
    const run = writer.watch(CHUNKS).pipe(
      tap({
        next: (e) => void (e.type === 'snapshot' && (seen.snapshots += 1)),
        complete: () => void (seen.ended = true),
      }),
    );
    writeEventStream(res, run);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Records in `seen` the most bytes `res` held unsent, and how often it asked the writer to wait. */
function measure(res: ServerResponse): void {
  const write = res.write.bind(res) as (chunk: string) => boolean;
  res.write = ((chunk: string) => {
    const ok = write(chunk);
    seen.maxBuffered = Math.max(seen.maxBuffered, res.writableLength);
    if (!ok) seen.blocked += 1;
    return ok;
  }) as typeof res.write;
}

describe('writeEventStream to a client that does not read until the run has ended', () => {
  it('holds a bounded amount, merges the patches it could not send, and the client ends at evaluate()’s value', async () => {
    const [text, expected] = await Promise.all([
      new Promise<string>((resolve, reject) => {
        get(`${base}/slow`, (res: IncomingMessage) => {
          res.pause(); // the socket stops being read once this response's buffer is full
          waitFor(() => (seen.ended ? true : undefined), 15_000).then(() => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve(body));
            res.resume();
          }, reject);
        }).on('error', reject);
      }),
      writer.evaluate(CHUNKS),
    ]);
    const frames = framesOf(text);
    expect(frames.at(-1)!.event).toBe('done');
    expect(statesOf(frames).at(-1)).toEqual(expected);
    const results = frames.filter((f) => f.event === 'snapshot' || f.event === 'patch');
    const finalSize = JSON.stringify(expected).length;
    expect(seen.blocked).toBeGreaterThan(0); // the client did fall behind
    // the patches it could not send are merged: at most about the result waits, not every frame
    expect(seen.maxBuffered).toBeLessThan(2 * finalSize + 64 * 1024);
    expect(results.length).toBeLessThan(seen.snapshots / 2);
    expect(results.filter((f) => f.event === 'snapshot').length).toBeGreaterThan(1); // merged patches
  });
});

describe('toEventStream to a reader that does not read until the run has ended', () => {
  it('keeps at most one frame queued and merges the rest; the reader ends at evaluate()’s value', async () => {
    let ended = false;
    const run = writer.watch(CHUNKS).pipe(tap({ complete: () => void (ended = true) }));
    const reader = toEventStream(run).getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value, { stream: true });
    await waitFor(() => (ended ? true : undefined), 15_000);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value, { stream: true });
    }
    const frames = framesOf(text);
    const expected = await writer.evaluate(CHUNKS);
    expect(statesOf(frames).at(-1)).toEqual(expected);
    // the first read took `dispatched`, the first snapshot waited in the queue, the other 299 merged
    expect(frames.map((f) => f.event)).toEqual(['dispatched', 'snapshot', 'resolved', 'snapshot', 'done']);
    expect(text.length).toBeLessThan(3 * JSON.stringify(expected).length);
  });
});

describe('heartbeats on node:http (fake setInterval)', () => {
  afterEach(() => void vi.useRealTimers());

  it('reach the client as SSE comments while the run is live; none is left once the client leaves', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const before = signals.length;
    const events: string[] = [];
    for await (const frame of readFrames(`${base}/heartbeat`)) {
      events.push(frame.event);
      if (frame.event === 'dispatched') vi.advanceTimersByTime(1000);
      if (frame.event === ':') break;
    }
    expect(events[0]).toBe('dispatched'); // then the run's first snapshot: advancing ran its tick too
    expect(events.at(-1)).toBe(':');
    await waitFor(() => (signals[before]?.aborted ? true : undefined));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stop when the run ends', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const frames: Frame[] = [];
    for await (const frame of readFrames(`${base}/quick`)) frames.push(frame);
    expect(frames.map((f) => f.event)).toEqual(['progress', 'done']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
