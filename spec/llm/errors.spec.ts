import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { InternalServerError } from 'openai';
import { firstValueFrom, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpicLlmError, EpicRuntimeError } from '../../lib/errors.js';
import { program } from '../../lib/program.js';
import { createLlm } from '../../lib/llm/index.js';
import { redact, safeUrl, toLlmError, urlSecrets } from '../../lib/llm/errors.js';
import { startSim, type SimServer } from '../../lib/sim/index.js';

const KEY = 'sk-epic-DISTINCTIVE-k3y-5ecret-0123456789';

/** Every event of `source`, and the error it ended with. */
function collect<T>(source: Observable<T>): Promise<{ events: T[]; error: unknown }> {
  return new Promise((resolve) => {
    const events: T[] = [];
    source.subscribe({
      next: (event) => events.push(event),
      error: (error: unknown) => resolve({ events, error }),
      complete: () => resolve({ events, error: undefined }),
    });
  });
}

/** Everything a person or a log could see of an error, causes included. */
const everything = (error: unknown) =>
  [String(error), (error as Error).message, (error as Error).stack, inspect(error, { depth: 10 })].join('\n');

describe('toLlmError', () => {
  const serverError = (message: string) => new InternalServerError(500, { message }, undefined, new Headers());

  it('names the operation and the status, keeps the SDK error as cause and counts attempts', () => {
    const cause = serverError('boom');
    const once = toLlmError(cause, { operation: 'chat', attempts: 1, secret: undefined });
    expect(once).toBeInstanceOf(EpicLlmError);
    expect(once.message).toBe('chat request failed: 500 boom');
    expect(once.cause).toBe(cause);
    expect(toLlmError(cause, { operation: 'embed', attempts: 4, secret: undefined }).message).toBe(
      'embed request failed: 500 boom (after 4 attempts)',
    );
  });

  it('passes an EpicLlmError through unchanged', () => {
    const own = new EpicLlmError('complete answer refused');
    expect(toLlmError(own, { operation: 'complete', attempts: 2, secret: KEY })).toBe(own);
  });

  it('scrubs the key from its message and from the cause (message, stack and body)', () => {
    const cause = serverError(`bad key ${KEY}`);
    const error = toLlmError(cause, { operation: 'chat', attempts: 1, secret: KEY });
    expect(error.message).toBe('chat request failed: 500 bad key [redacted API key]');
    expect(everything(error)).not.toContain(KEY);
    expect(JSON.stringify(cause.error)).toContain('[redacted API key]');
  });

  it('scrubs nested fields, Headers objects and arrays; credential headers go even with no secret set', () => {
    const headers = new Headers({ authorization: 'Bearer sk-unknown-to-us', 'x-trace': `t ${KEY}` });
    const inner = Object.assign(new Error(`inner ${KEY}`), {
      response: { headers, list: [KEY, { 'Proxy-Authorization': 'Basic abc' }] },
    });
    const cause = new Error('Connection error.', { cause: inner });
    const error = toLlmError(cause, { operation: 'chat', attempts: 1, secret: KEY });
    const shown = inspect(error, { depth: Infinity, showHidden: true });
    expect(shown).not.toContain(KEY);
    expect(shown).not.toContain('sk-unknown-to-us');
    expect(shown).not.toContain('Basic abc');
    expect(inner.response.headers.get('x-trace')).toBe('t [redacted API key]');
    expect(toLlmError(new Error('plain'), { operation: 'chat', attempts: 1, secret: undefined }).message).toBe(
      'chat request failed: plain',
    );
  });

  it('redact is a no-op without a secret', () => {
    expect(redact('a sk-1 b', undefined)).toBe('a sk-1 b');
    expect(redact('a sk-1 b sk-1', 'sk-1')).toBe('a [redacted API key] b [redacted API key]');
  });
});

describe('credentials in a base URL', () => {
  it('safeUrl drops userinfo, query and fragment, and leaves other URLs as given', () => {
    expect(safeUrl('https://user:pw@llm.example:8443/v1?api-key=k#f')).toBe('https://llm.example:8443/v1');
    expect(safeUrl('http://127.0.0.1:8000/v1')).toBe('http://127.0.0.1:8000/v1');
    expect(safeUrl('not a url //user:pw@host/v1?key=k')).toBe('not a url //host/v1');
  });

  it('urlSecrets lists the userinfo and the query with their markers, longest first', () => {
    expect(urlSecrets('http://u:p4ss@host/v1?key=k1')).toEqual(['u:p4ss@', '?key=k1']);
    expect(urlSecrets('http://host/v1')).toEqual([]);
    expect(urlSecrets(undefined)).toEqual([]);
  });

  it('are scrubbed from the message and from every cause down the chain', () => {
    const root = new TypeError(
      'Request cannot be constructed from a URL that includes credentials: http://u:p4ss@h/v1?key=k1%2Fchat',
    );
    const sdkError = new Error('Connection error.', { cause: root });
    const hidden = urlSecrets('http://u:p4ss@h/v1?key=k1');
    const error = toLlmError(sdkError, { operation: 'chat', attempts: 1, secret: undefined, urlSecrets: hidden });
    expect(error.message).toBe('chat request failed: Connection error.');
    expect(root.message).toBe(
      'Request cannot be constructed from a URL that includes credentials: http://[redacted URL part]h/v1[redacted URL part]%2Fchat',
    );
    expect(everything(error)).not.toMatch(/p4ss|key=k1/);
  });

  it('never appear in what a failed call prints', async () => {
    const llm = createLlm({
      env: {},
      baseURL: 'http://user:pa55word@127.0.0.1:1/v1?api-key=k3y-in-query',
      retry: { maxRetries: 0 },
    });
    try {
      const error = await firstValueFrom(llm.chat('x')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EpicLlmError);
      expect(everything(error)).toContain('[redacted URL part]'); // fetch quoted the URL in a cause
      expect(everything(error)).not.toMatch(/pa55word|k3y-in-query/);
    } finally {
      await llm.close();
    }
  });
});

describe('the API key never appears', () => {
  let sim: SimServer;
  beforeAll(async () => {
    sim = await startSim({ timeScale: 0.01, faults: { serverErrorRate: 1 } });
  });
  afterAll(() => sim.close());

  it('in a failed call, its run error or its events', async () => {
    const llm = createLlm({ env: {}, baseURL: sim.url, apiKey: KEY, retry: { maxRetries: 1, initialDelayMs: 1 } });
    const direct = await firstValueFrom(llm.chat('hello')).catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(EpicLlmError);
    expect((direct as Error).message).toBe(
      'chat request failed: 500 Internal error (simulated by epic-rx) (after 2 attempts)',
    );
    const { chat } = llm.hosts;
    const ask = program({ chat }, (q: string) => chat(q));
    const { events, error: runError } = await collect(ask.events('hello'));
    expect(runError).toBeInstanceOf(EpicRuntimeError);
    expect((runError as Error).cause).toBeInstanceOf(EpicLlmError);
    expect(events.some((e) => (e as { type: string }).type === 'failed')).toBe(true);
    for (const text of [
      everything(direct),
      everything(runError),
      JSON.stringify(events),
      inspect(llm, { depth: 10 }),
      llm.describe(),
    ]) {
      expect(text).not.toContain(KEY);
    }
    await llm.close();
  });

  it('even when the server echoes the Authorization header in the headers and body of its error', async () => {
    const echo = createServer((req, res) => {
      req.resume();
      const auth = req.headers.authorization ?? '';
      res.writeHead(req.url?.includes('completions') ? 500 : 401, {
        'content-type': 'application/json',
        'x-echo-authorization': auth,
        authorization: auth,
        'set-cookie': `session=${auth}`,
      });
      const error = { message: `Bad credentials: ${auth}`, type: 'invalid_request_error', code: 'invalid_api_key' };
      res.end(JSON.stringify({ error: { ...error, details: [{ headers: { authorization: auth } }, [auth]] } }));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const { port } = echo.address() as AddressInfo;
    const llm = createLlm({
      env: {},
      baseURL: `http://127.0.0.1:${port}/v1`,
      apiKey: KEY,
      retry: { maxRetries: 1, initialDelayMs: 1 },
    });
    try {
      for (const call of [llm.complete('x'), llm.embed('y')] as Observable<unknown>[]) {
        const error = await firstValueFrom(call).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EpicLlmError);
        const cause = (error as Error).cause as { headers: Headers; status: number };
        expect(cause.headers.get('authorization')).toBe('[redacted]');
        expect(cause.headers.get('x-echo-authorization')).toBe('Bearer [redacted API key]');
        expect(inspect(error, { depth: Infinity })).not.toContain(KEY);
        for (let level: unknown = error; level instanceof Error; level = level.cause) {
          expect(JSON.stringify(level)).not.toContain(KEY);
          expect(inspect(level, { depth: Infinity, showHidden: true })).not.toContain(KEY);
        }
      }
    } finally {
      await llm.close();
      echo.closeAllConnections();
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it('even when the server echoes the key in its error', async () => {
    const echo = createServer((req, res) => {
      req.resume();
      const auth = req.headers.authorization ?? '';
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${auth.replace(/^Bearer /, '')}`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        }),
      );
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const { port } = echo.address() as AddressInfo;
    const llm = createLlm({ env: {}, baseURL: `http://127.0.0.1:${port}/v1`, apiKey: KEY });
    try {
      const error = await firstValueFrom(llm.complete('x')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EpicLlmError);
      expect((error as Error).message).toBe(
        'complete request failed: 401 Incorrect API key provided: [redacted API key]',
      );
      expect(everything(error)).not.toContain(KEY);
    } finally {
      await llm.close();
      echo.closeAllConnections();
      await new Promise((resolve) => echo.close(resolve));
    }
  });
});
