import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { EpicError, EpicLlmError } from '../../lib/errors.js';
import { createLlm } from '../../lib/llm/index.js';
import { outcome } from './helpers.js';

const SIM_LINE = /^LLM: embedded simulator at http:\/\/127\.0\.0\.1:\d+\/v1 \(simulated, no API key\)$/;

describe('the embedded simulator backend', () => {
  it('starts lazily on the first call, once for concurrent first calls, and says so through the logger', async () => {
    const lines: string[] = [];
    const llm = createLlm({ env: {}, sim: { timeScale: 0.01 }, logger: (line) => lines.push(line) });
    try {
      expect(llm.describe()).toBe('LLM: embedded simulator (simulated, no API key; starts on first use)');
      expect(llm.info()).toMatchObject({ kind: 'simulator', url: undefined, model: 'epic-sim' });
      expect(lines).toEqual([]);
      const answers = await Promise.all([outcome(llm.chat('a')), outcome(llm.chat('b')), outcome(llm.embed('c'))]);
      expect(answers.every((a) => a.ok)).toBe(true);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(SIM_LINE);
      expect(llm.describe()).toBe(lines[0]);
      expect(llm.info().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    } finally {
      await llm.close();
    }
  });

  it('ready() starts it without a call; close() stops it and later calls fail', async () => {
    const llm = createLlm({ env: {}, sim: { timeScale: 0.01 } });
    const info = await llm.ready();
    expect(info.url).toBeDefined();
    const models = await fetch(`${info.url}/models`);
    expect(models.status).toBe(200);
    await llm.close();
    await expect(fetch(`${info.url}/models`)).rejects.toThrow();
    const after = await outcome(llm.chat('late'));
    expect(after.ok).toBe(false);
    expect((after as { error: unknown }).error).toBeInstanceOf(EpicLlmError);
    expect(String((after as { error: unknown }).error)).toMatch(/closed/);
    await llm.close(); // idempotent
  });

  it('closing while the simulator starts stops it and fails the waiting call', async () => {
    const llm = createLlm({ env: {}, sim: { timeScale: 0.01 } });
    const waiting = outcome(llm.chat('x')); // chat is not batched: the start begins now
    await llm.close();
    const result = await waiting;
    expect(result.ok).toBe(false);
    expect(String((result as { error: unknown }).error)).toMatch(/closed/);
    const url = llm.info().url;
    expect(url).toBeDefined();
    await expect(fetch(`${url}/models`)).rejects.toThrow();
  });

  it('reports a simulator that cannot start as an EpicLlmError, and tries again on the next call', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    const llm = createLlm({ env: {}, sim: { port } });
    try {
      const first = await outcome(llm.chat('x'));
      const second = await outcome(llm.chat('y'));
      for (const result of [first, second]) {
        expect(result.ok).toBe(false);
        expect((result as { error: unknown }).error).toBeInstanceOf(EpicLlmError);
        expect(String((result as { error: unknown }).error)).toMatch(
          /Could not start the embedded LLM simulator: .*EADDRINUSE/,
        );
      }
    } finally {
      await llm.close();
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('rejects bad simulator options at once, naming the option', () => {
    expect(() => createLlm({ env: {}, sim: { slots: 0 } })).toThrow(EpicError);
    expect(() => createLlm({ env: {}, sim: { slots: 0 } })).toThrow(
      /^simulator: option "slots" must be a positive integer or Infinity, got 0$/,
    );
    expect(() => createLlm({ env: {}, sim: { faults: { dropRate: 2 } } })).toThrow(
      /option "faults\.dropRate" must be a number in \[0, 1\], got 2/,
    );
  });
});

describe('a remote backend', () => {
  it('describes the endpoint and model without the key and starts nothing', async () => {
    const llm = createLlm({ env: { OPENAI_API_KEY: 'sk-remote-SECRET-123456' } });
    expect(llm.describe()).toBe('LLM: https://api.openai.com/v1 (model gpt-4o-mini)');
    expect(JSON.stringify(llm.info())).not.toContain('SECRET');
    const local = createLlm({ env: {}, baseURL: 'http://127.0.0.1:1/v1', model: 'llama' });
    expect(local.describe()).toBe('LLM: http://127.0.0.1:1/v1 (model llama)');
    await Promise.all([llm.close(), local.close()]);
  });

  it('prints a base URL without its userinfo, query or fragment, which may hold credentials', async () => {
    const llm = createLlm({
      env: {},
      baseURL: 'https://user:pa55word@llm.example/v1?api-key=k3y-in-query#frag',
      model: 'm',
    });
    expect(llm.describe()).toBe('LLM: https://llm.example/v1 (model m)');
    expect(llm.info().url).toBe('https://llm.example/v1');
    const tokenOnly = createLlm({ env: {}, baseURL: 'http://t0ken@127.0.0.1:1/v1' });
    expect(tokenOnly.info().url).toBe('http://127.0.0.1:1/v1');
    const plain = createLlm({ env: {}, baseURL: 'http://127.0.0.1:1' });
    expect(plain.info().url).toBe('http://127.0.0.1:1'); // nothing to strip: printed as given
    await Promise.all([llm.close(), tokenOnly.close(), plain.close()]);
  });

  it('fails a call to an endpoint that refuses connections with an EpicLlmError after its retries', async () => {
    const llm = createLlm({ env: {}, baseURL: 'http://127.0.0.1:1/v1', retry: { maxRetries: 1, initialDelayMs: 1 } });
    await expect(firstValueFrom(llm.chat('x'))).rejects.toThrow(
      /^chat request failed: Connection error\. \(after 2 attempts\)$/,
    );
    await llm.close();
  });
});
