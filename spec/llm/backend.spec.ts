import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { EpicLlmError } from '../../lib/errors.js';
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
    const llm = createLlm({ env: {}, sim: { slots: 0 } });
    const first = await outcome(llm.chat('x'));
    const second = await outcome(llm.chat('y'));
    for (const result of [first, second]) {
      expect(result.ok).toBe(false);
      expect((result as { error: unknown }).error).toBeInstanceOf(EpicLlmError);
      expect(String((result as { error: unknown }).error)).toMatch(/Could not start the embedded LLM simulator: .*slots/);
    }
    await llm.close();
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

  it('fails a call to an endpoint that refuses connections with an EpicLlmError after its retries', async () => {
    const llm = createLlm({ env: {}, baseURL: 'http://127.0.0.1:1/v1', retry: { maxRetries: 1, initialDelayMs: 1 } });
    await expect(firstValueFrom(llm.chat('x'))).rejects.toThrow(/^chat request failed: Connection error\. \(after 2 attempts\)$/);
    await llm.close();
  });
});
