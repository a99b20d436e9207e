/**
 * `chatStream` against a tiny local SSE server whose every step the test drives: a chunk is sent,
 * then the server waits for the client to say it has it before going on (or breaking). So the
 * order of events is fixed by cause and effect, not by timing.
 */
import http from 'node:http';
import { inspect } from 'node:util';
import type { AddressInfo } from 'node:net';
import type OpenAI from 'openai';
import { defer, type Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { EpicLlmError } from '../../lib/errors.js';
import { createChatStream } from '../../lib/llm/chat-stream.js';
import { createLlm, type Llm } from '../../lib/llm/index.js';
import type { LlmBackend } from '../../lib/llm/backend.js';
import { resolveLlmConfig } from '../../lib/llm/llm-options.js';
import { createRequester, type RequestCall, type Requester } from '../../lib/llm/request.js';

/** One exchange with a client: write SSE events, wait for the test, end or break the connection. */
interface Exchange {
  /** Writes the response head and the opening role delta (empty content). */
  open(): void;
  /** Writes one chunk of choice 0 with this delta and finish reason. */
  delta(delta: Record<string, unknown>, finishReason?: string | null): void;
  /** Writes the closing chunk, the usage chunk and [DONE], and ends the response. */
  finish(): void;
  /** Destroys the socket (a connection that breaks). */
  destroy(): void;
  /** Ends the response here, cleanly. */
  end(): void;
}

interface FakeServer {
  readonly url: string;
  /** Requests received so far. */
  readonly requests: number;
  close(): Promise<void>;
}

let servers: FakeServer[] = [];
let llms: Llm[] = [];
afterEach(async () => {
  await Promise.all(llms.map((llm) => llm.close()));
  await Promise.all(servers.map((server) => server.close()));
  [servers, llms] = [[], []];
});

/** Starts a server that hands request number `attempt` (from 1) to `serve`. */
async function fakeServer(serve: (exchange: Exchange, attempt: number) => void | Promise<void>): Promise<FakeServer> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    req.resume(); // the body does not matter
    requests += 1;
    const event = (data: unknown) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    const chunk = (choices: unknown[], extra: object = {}) =>
      event({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'fake', choices, ...extra });
    const exchange: Exchange = {
      open: () => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
      },
      delta: (delta, finishReason = null) => chunk([{ index: 0, delta, finish_reason: finishReason }]),
      finish: () => {
        chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
        chunk([], { usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } });
        event('[DONE]');
        res.end();
      },
      destroy: () => res.socket?.destroy(),
      end: () => res.end(),
    };
    void serve(exchange, requests);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeServer = {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  servers.push(fake);
  return fake;
}

function llmFor(server: FakeServer): Llm {
  const llm = createLlm({ baseURL: server.url, apiKey: 'sk-test', env: {}, retry: { initialDelayMs: 1, jitter: 0 } });
  llms.push(llm);
  return llm;
}

/** A promise and the function that resolves it: the test's signal to the server. */
function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Every chunk, then the error if any; `onChunk` sees each chunk as it arrives. */
function collect(source: Observable<string>, onChunk: (chunk: string) => void = () => undefined) {
  const chunks: string[] = [];
  return new Promise<{ chunks: string[]; error?: unknown }>((resolve) => {
    source.subscribe({
      next: (chunk) => {
        chunks.push(chunk);
        onChunk(chunk);
      },
      error: (error: unknown) => resolve({ chunks, error }),
      complete: () => resolve({ chunks }),
    });
  });
}

describe('chatStream over a driven SSE server', () => {
  it('delivers the first chunk before the server has sent the last', { timeout: 5000 }, async () => {
    const received = gate();
    const server = await fakeServer(async (x) => {
      x.open();
      x.delta({ content: 'Hello' });
      await received.opened; // would never open if the client held chunks back until the end
      x.delta({ content: ' world' });
      x.finish();
    });
    const { chunks, error } = await collect(llmFor(server).chatStream('hi').source, () => received.open());
    expect(error).toBeUndefined();
    expect(chunks).toEqual(['Hello', ' world']);
  });

  it('fails a stream that breaks after its first chunk with an EpicLlmError, without retrying it', async () => {
    const received = gate();
    const server = await fakeServer(async (x) => {
      x.open();
      x.delta({ content: 'Hello' });
      x.delta({ content: ' wor' });
      await received.opened;
      x.destroy();
    });
    const { chunks, error } = await collect(
      llmFor(server).chatStream('hi').source,
      (c) => c === ' wor' && received.open(),
    );
    expect(chunks).toEqual(['Hello', ' wor']);
    expect(error).toBeInstanceOf(EpicLlmError);
    expect((error as Error).message).toMatch(
      /^chatStream: the stream broke after 9 characters; not retried, so no text is repeated \(.+\)$/,
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(server.requests).toBe(1);
  });

  it('fails a stream that ends cleanly after some text but without a finish reason', async () => {
    const server = await fakeServer((x) => {
      x.open();
      x.delta({ content: 'Hel' });
      x.end();
    });
    const { chunks, error } = await collect(llmFor(server).chatStream('hi').source);
    expect(chunks).toEqual(['Hel']);
    expect((error as Error).message).toBe(
      'chatStream: the stream broke after 3 characters; not retried, so no text is repeated (the response ended without a finish_reason)',
    );
    expect(server.requests).toBe(1);
  });

  it('retries a connection that breaks, or a stream that ends, before any text; no text is repeated', async () => {
    const server = await fakeServer((x, attempt) => {
      x.open(); // its empty role delta is not a chunk
      if (attempt === 1) return x.destroy();
      if (attempt === 2) return x.end();
      x.delta({ content: 'Hello' });
      x.delta({ content: '' });
      x.delta({ content: ' world' });
      return x.finish();
    });
    const { chunks, error } = await collect(llmFor(server).chatStream('hi').source);
    expect(error).toBeUndefined();
    expect(chunks).toEqual(['Hello', ' world']);
    expect(server.requests).toBe(3);
  });

  it('fails a refusal with an EpicLlmError carrying its text, without retrying it', async () => {
    const server = await fakeServer((x) => {
      x.open();
      x.delta({ refusal: 'I cannot help' });
      x.delta({ refusal: ' with that.' });
      x.finish();
    });
    const { chunks, error } = await collect(llmFor(server).chatStream('hi').source);
    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(EpicLlmError);
    expect((error as Error).message).toBe('chatStream answer refused (finish_reason "stop"): I cannot help with that.');
    expect(server.requests).toBe(1);
  });
});

describe('chatStream: an aborted SDK stream', () => {
  it('fails, never completes, when the signal aborts while the subscriber is still there', {
    timeout: 5000,
  }, async () => {
    // The SDK's stream ends quietly on abort, as if the reply were complete; this fake does the same.
    const controller = new AbortController();
    async function* sdkStream(): AsyncGenerator<OpenAI.Chat.ChatCompletionChunk> {
      const chunk = (content: string): OpenAI.Chat.ChatCompletionChunk => ({
        id: 'c1',
        object: 'chat.completion.chunk',
        created: 0,
        model: 'fake',
        choices: [{ index: 0, delta: { content }, finish_reason: null }],
      });
      yield chunk('Hello');
      if (!controller.signal.aborted)
        await new Promise((resolve) => controller.signal.addEventListener('abort', resolve));
    }
    const client = { chat: { completions: { create: async () => sdkStream() } } } as unknown as OpenAI;
    const send: Requester = Object.assign(
      <T>(_operation: string, call: RequestCall<T>) => defer(() => call(client, controller.signal)),
      {
        scrub: (error: EpicLlmError) => error,
      },
    );
    const { chunks, error } = await collect(createChatStream({ send, model: 'fake' })('hi').source, () =>
      controller.abort(),
    );
    expect(chunks).toEqual(['Hello']);
    expect(error).toBeInstanceOf(EpicLlmError);
    expect((error as Error).message).toMatch(
      /^chatStream: the stream broke after 5 characters; not retried, so no text is repeated \(.*abort/,
    );
  });
});

describe('chatStream: a stream that breaks mid-reply, with an API key configured', () => {
  it('scrubs the key from the error and its cause, as every other LLM error is scrubbed', async () => {
    const secret = 'sk-mid-stream-secret';
    async function* sdkStream(): AsyncGenerator<OpenAI.Chat.ChatCompletionChunk> {
      yield {
        id: 'c1',
        object: 'chat.completion.chunk',
        created: 0,
        model: 'fake',
        choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }],
      };
      throw new Error(`socket closed while talking to https://proxy.example/v1?key=${secret}`);
    }
    const client = { chat: { completions: { create: async () => sdkStream() } } } as unknown as OpenAI;
    const config = resolveLlmConfig({ baseURL: 'https://proxy.example/v1', apiKey: secret, env: {} });
    const backend = { client: async () => client } as unknown as LlmBackend;
    const { chunks, error } = await collect(
      createChatStream({ send: createRequester(backend, config), model: 'fake' })('hi').source,
    );
    expect(chunks).toEqual(['Hel']);
    expect((error as Error).message).toMatch(
      /^chatStream: the stream broke after 3 characters; not retried, so no text is repeated \(socket closed/,
    );
    expect(inspect(error, { depth: 10 })).not.toContain(secret);
    expect(JSON.stringify((error as Error).message)).not.toContain(secret);
  });
});
