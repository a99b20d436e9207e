import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NEVER, type Observable, of } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCities, type CitiesSession } from '../../demos/cities/program.js';
import { program, type HostContext } from '../../lib/index.js';
import {
  eventStreamHandler,
  eventStreamResponse,
  sseFrame,
  toEventStream,
  writeEventStream,
} from '../../lib/serve/index.js';
import { waitFor } from '../support/wait.js';
import { allFrames, readFrames, statesOf, type Frame } from './sse-client.js';

const N = 4;
let session: CitiesSession;
/** At real GPT-4-like speed: its list of N cities streams for about 4 s, so a client surely leaves mid-run. */
let slowSession: CitiesSession;
let server: Server;
let base: string;
/** The AbortSignal of each call of the `hang` host, in call order. */
const hangSignals: AbortSignal[] = [];

/** A host that never answers and keeps its signal, so a test can see the run let go of it. */
function hangHost(this: HostContext, _label: string): Observable<string> {
  hangSignals.push(this.signal);
  return NEVER;
}
const hang = hangHost as unknown as (label: string) => string;
const hanging = program({ hang }, (label: string) => [label, hang(label)]);
const boom = (): never => {
  throw new Error('the host broke');
};
const failing = program({ boom }, () => ({ ok: boom() }));
/** The runtime's batched event (from the tracing work), as a run would send it. */
const BATCHED = { type: 'batched', id: 3, host: 'complete', request: 1, size: 5, time: 12 };

/** Streams a web `Response` to a node response as framework adapters do: cancels the body when the client leaves. */
async function sendResponse(response: Response, res: ServerResponse): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  const reader = response.body!.getReader();
  res.once('close', () => void reader.cancel());
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) res.write(chunk.value);
  res.end();
}

beforeAll(async () => {
  session = createCities({ timeScale: 0.05 });
  slowSession = createCities({ timeScale: 1 });
  await Promise.all([session.llm.ready(), slowSession.llm.ready()]);
  const watchRoute = eventStreamHandler((_req, url) => {
    const text = url.searchParams.get('n');
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, got ${text}`);
    const prog = session.streamed;
    const way = url.pathname.slice(1);
    return way === 'snapshots' ? prog.snapshots(n) : way === 'events' ? prog.events(n) : prog.watch(n);
  });
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/web') return void sendResponse(eventStreamResponse(session.streamed.watch(N)), res);
    if (url.pathname === '/web-hang') return void sendResponse(eventStreamResponse(hanging.watch('w')), res);
    if (url.pathname === '/slow') return void writeEventStream(res, slowSession.streamed.watch(N));
    if (url.pathname === '/hang') return void writeEventStream(res, hanging.watch('h'));
    if (url.pathname === '/fail') return void writeEventStream(res, failing.watch());
    if (url.pathname === '/own-events') {
      return void writeEventStream(res, of(BATCHED, { type: 'progress', done: 1 }));
    }
    if (url.pathname === '/bad-type') return void writeEventStream(res, of({ type: 'no spaces\nplease' }));
    watchRoute(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await Promise.all([session.llm.close(), slowSession.llm.close()]);
});

/** The frames that carry the result: the first must be `snapshot`, the rest `patch`. */
const resultFrames = (frames: readonly Frame[]): Frame[] =>
  frames.filter((f) => f.event === 'snapshot' || f.event === 'patch');

describe('writeEventStream / eventStreamHandler on node:http', () => {
  it('sends the first snapshot, then patches that rebuild evaluate()’s value, the call events, then done', async () => {
    const [frames, expected] = await Promise.all([allFrames(`${base}/watch?n=${N}`), session.streamed.evaluate(N)]);
    const results = resultFrames(frames).map((f) => f.event);
    expect(results).toEqual(['snapshot', ...Array(results.length - 1).fill('patch')]);
    expect(frames.at(-1)!.event).toBe('done');
    const states = statesOf(frames);
    expect(states.length).toBeGreaterThanOrEqual(3);
    expect(states.at(-1)).toEqual(expected);
    expect(JSON.stringify(states)).toContain('{"$pending":true}');
    const dispatched = frames.filter((f) => f.event === 'dispatched');
    expect(dispatched.map((f) => f.data.host)).toEqual(['list', ...Array(N).fill('chat')]);
    const resolved = frames.filter((f) => f.event === 'resolved');
    expect(resolved).toHaveLength(N + 1);
    expect(resolved.every((f) => !('value' in f.data) && typeof f.data.summary === 'string')).toBe(true);
    expect(frames.filter((f) => f.event === 'patch').at(-1)!.data.complete).toBe(true);
  });

  it('serves snapshots() and events() runs too: both end with the whole value', async () => {
    const [expected, ...runs] = await Promise.all([
      session.streamed.evaluate(N),
      allFrames(`${base}/snapshots?n=${N}`),
      allFrames(`${base}/events?n=${N}`),
    ]);
    for (const frames of runs) {
      expect(statesOf(frames).at(-1)).toEqual(expected);
      expect(frames.at(-1)!.event).toBe('done');
    }
  });

  it('ends a failed run with an error frame naming the error', async () => {
    const frames = await allFrames(`${base}/fail`);
    const message = expect.stringContaining('the host broke');
    expect(frames.at(-1)).toEqual({ event: 'error', data: { name: expect.any(String), message } });
    expect(frames.some((f) => f.event === 'done')).toBe(false);
  });

  it('answers 400 with the message when the route cannot start a run', async () => {
    const response = await fetch(`${base}/watch?n=zero`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('n must be a positive integer, got zero');
  });

  it("forwards any other { type } event as is (e.g. the runtime's batched event, or one of your own)", async () => {
    expect(await allFrames(`${base}/own-events`)).toEqual([
      { event: 'batched', data: BATCHED },
      { event: 'progress', data: { type: 'progress', done: 1 } },
      { event: 'done', data: { time: 12 } },
    ]);
  });

  it('rejects an event type that SSE cannot carry, in an error frame', async () => {
    expect(() => sseFrame('a b', 1)).toThrow(/needs a type of letters/);
    const frames = await allFrames(`${base}/bad-type`);
    const message = expect.stringMatching(/needs a type of letters/);
    expect(frames).toEqual([{ event: 'error', data: { name: 'EpicError', message } }]);
  });

  it("stops the run when the client leaves: the host's signal aborts", async () => {
    const before = hangSignals.length;
    for await (const frame of readFrames(`${base}/hang`)) if (frame.event === 'dispatched') break;
    const signal = hangSignals[before]!;
    await waitFor(() => (signal.aborted ? true : undefined));
  });

  it('stops the run when the client leaves: the simulator sees the LLM request closed', async () => {
    const sim = slowSession.llm.simulator()!;
    const leave = new AbortController();
    const reading = (async () => {
      for await (const _ of readFrames(`${base}/slow`, leave.signal));
    })();
    await waitFor(() => (sim.metrics().inService === 1 ? true : undefined));
    leave.abort();
    await expect(reading).rejects.toThrow(/abort/i);
    const [close] = await waitFor(() => (sim.metrics().inService === 0 ? sim.metrics().earlyCloses : undefined));
    expect(close).toMatchObject({ route: 'chat' });
    expect(sim.metrics().promptsServed).toBe(0);
  });
});

describe('toEventStream / eventStreamResponse (fetch-style routes)', () => {
  it('streams the same frames as a Response with the event-stream headers', async () => {
    const [frames, expected] = await Promise.all([allFrames(`${base}/web`), session.streamed.evaluate(N)]);
    expect(resultFrames(frames)[0]!.event).toBe('snapshot');
    expect(frames.at(-1)!.event).toBe('done');
    expect(statesOf(frames).at(-1)).toEqual(expected);
    const response = eventStreamResponse(of(), { headers: { 'x-extra': '1' } });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-extra')).toBe('1');
    expect(await response.text()).toBe('event: done\ndata: {}\n\n');
  });

  it('starts the run only when the stream is first read', async () => {
    const before = hangSignals.length;
    const reader = toEventStream(hanging.watch('lazy')).getReader();
    await Promise.resolve();
    expect(hangSignals.length).toBe(before);
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toMatch(/^event: dispatched\n/);
    expect(hangSignals.length).toBe(before + 1);
    await reader.cancel();
    expect(hangSignals[before]!.aborted).toBe(true);
  });

  it('stops the run when the body is cancelled (the client left)', async () => {
    const before = hangSignals.length;
    for await (const frame of readFrames(`${base}/web-hang`)) if (frame.event === 'dispatched') break;
    const signal = hangSignals[before]!;
    await waitFor(() => (signal.aborted ? true : undefined));
  });
});
