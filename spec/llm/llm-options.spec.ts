import { describe, expect, it } from 'vitest';
import { EpicError } from '../../lib/errors.js';
import { createLlm, type LlmOptions } from '../../lib/llm/index.js';
import {
  DEFAULT_LLM_RETRY,
  DEFAULT_LLM_TIMEOUTS,
  PLACEHOLDER_API_KEY,
  resolveLlmConfig,
} from '../../lib/llm/llm-options.js';

describe('resolveLlmConfig', () => {
  it('uses the embedded simulator when there is neither a key nor a base URL', () => {
    const config = resolveLlmConfig({ env: {}, sim: { timeScale: 0.5 } });
    expect(config.endpoint).toEqual({ kind: 'simulator', sim: { timeScale: 0.5 } });
    expect(config).toMatchObject({
      model: 'epic-sim',
      embeddingModel: 'epic-sim-embed',
      maxBatchSize: 64,
      maxEmbedBatchSize: 128,
    });
    expect(config).toMatchObject({ windowMs: undefined, maxConcurrency: 16, cacheSize: 0 });
    expect(config).toMatchObject({ firstByteTimeoutMs: 60_000, idleTimeoutMs: 30_000, timeoutMs: 600_000 });
    expect(config).toMatchObject(DEFAULT_LLM_TIMEOUTS);
    expect(config.retry).toEqual(DEFAULT_LLM_RETRY);
  });

  it('reads OPENAI_API_KEY, OPENAI_BASE_URL, EPIC_MODEL and EPIC_EMBEDDING_MODEL', () => {
    const env = {
      OPENAI_API_KEY: 'sk-env',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      EPIC_MODEL: 'llama',
      EPIC_EMBEDDING_MODEL: 'bge',
    };
    const config = resolveLlmConfig({ env });
    expect(config.endpoint).toEqual({
      kind: 'remote',
      baseURL: 'http://127.0.0.1:9/v1',
      apiKey: 'sk-env',
      secret: 'sk-env',
    });
    expect([config.model, config.embeddingModel]).toEqual(['llama', 'bge']);
  });

  it('lets options win over the environment', () => {
    const env = { OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: 'http://env/v1', EPIC_MODEL: 'env-model' };
    const config = resolveLlmConfig({ env, apiKey: 'sk-opt', baseURL: 'http://opt/v1', model: 'opt-model' });
    expect(config.endpoint).toEqual({ kind: 'remote', baseURL: 'http://opt/v1', apiKey: 'sk-opt', secret: 'sk-opt' });
    expect(config.model).toBe('opt-model');
  });

  it('defaults to OpenAI models with a key alone, and to a placeholder key with a base URL alone', () => {
    const keyOnly = resolveLlmConfig({ env: { OPENAI_API_KEY: 'sk-x' } });
    expect(keyOnly.endpoint).toMatchObject({ kind: 'remote', baseURL: undefined });
    expect([keyOnly.model, keyOnly.embeddingModel]).toEqual(['gpt-4o-mini', 'text-embedding-3-small']);
    const urlOnly = resolveLlmConfig({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' } });
    expect(urlOnly.endpoint).toEqual({
      kind: 'remote',
      baseURL: 'http://127.0.0.1:11434/v1',
      apiKey: PLACEHOLDER_API_KEY,
      secret: undefined,
    });
  });

  it('treats empty environment variables as unset', () => {
    expect(resolveLlmConfig({ env: { OPENAI_API_KEY: '', OPENAI_BASE_URL: '', EPIC_MODEL: '' } })).toMatchObject({
      endpoint: { kind: 'simulator' },
      model: 'epic-sim',
    });
  });

  it('merges retry options over the defaults', () => {
    expect(resolveLlmConfig({ env: {}, retry: { maxRetries: 9 } }).retry).toEqual({
      ...DEFAULT_LLM_RETRY,
      maxRetries: 9,
    });
  });

  it.each<[LlmOptions, string]>([
    [{ maxBatchSize: 0 }, 'option "maxBatchSize" must be a positive integer or Infinity, got 0'],
    [{ maxEmbedBatchSize: 0 }, 'option "maxEmbedBatchSize" must be a positive integer or Infinity, got 0'],
    [{ maxConcurrency: 2.5 }, 'option "maxConcurrency" must be a positive integer or Infinity, got 2.5'],
    [{ cacheSize: -1 }, 'option "cacheSize" must be an integer >= 0 or Infinity, got -1'],
    [{ windowMs: Number.NaN }, 'option "windowMs" must be a finite number >= 0, got NaN'],
    [{ timeoutMs: -5 }, 'option "timeoutMs" must be a number in [1, 2147483647], got -5'],
    [{ timeoutMs: Number.NaN }, 'option "timeoutMs" must be a number in [1, 2147483647], got NaN'],
    [{ timeoutMs: 1e10 }, 'option "timeoutMs" must be a number in [1, 2147483647], got 10000000000'],
    [{ firstByteTimeoutMs: 0 }, 'option "firstByteTimeoutMs" must be a number in [1, 2147483647], got 0'],
    [{ idleTimeoutMs: Infinity }, 'option "idleTimeoutMs" must be a number in [1, 2147483647], got Infinity'],
    [{ retry: { maxRetries: -1 } }, 'option "retry.maxRetries" must be an integer >= 0 or Infinity, got -1'],
    [{ retry: { initialDelayMs: -1 } }, 'option "retry.initialDelayMs" must be a finite number >= 0, got -1'],
    [{ retry: { factor: 0 } }, 'option "retry.factor" must be a number >= 1, got 0'],
    [{ retry: { maxDelayMs: Number.NaN } }, 'option "retry.maxDelayMs" must be a number >= 0, got NaN'],
    [{ retry: { jitter: 1.5 } }, 'option "retry.jitter" must be a number in [0, 1], got 1.5'],
    [{ retry: { maxRetryAfterMs: -1 } }, 'option "retry.maxRetryAfterMs" must be a number >= 0, got -1'],
  ])('rejects %o with an EpicError naming that option', (options, message) => {
    expect(() => resolveLlmConfig({ env: {}, ...options })).toThrow(EpicError);
    expect(() => createLlm({ env: {}, ...options })).toThrow(`createLlm: ${message}`);
  });

  it('accepts the edge values of every numeric option', () => {
    const edges: LlmOptions = {
      maxBatchSize: Infinity,
      maxEmbedBatchSize: 1,
      maxConcurrency: 1,
      cacheSize: 0,
      windowMs: 0,
      timeoutMs: 1,
      firstByteTimeoutMs: 2 ** 31 - 1,
      idleTimeoutMs: 1,
      retry: { maxRetries: 0, initialDelayMs: 0, factor: 1, maxDelayMs: Infinity, jitter: 1, maxRetryAfterMs: 0 },
    };
    expect(resolveLlmConfig({ env: {}, ...edges })).toMatchObject({ maxBatchSize: Infinity, timeoutMs: 1 });
  });

  it('checks the simulator options only when the simulator is the endpoint', () => {
    expect(() => resolveLlmConfig({ env: {}, sim: { timeScale: -1 } })).toThrow(
      /^simulator: option "timeScale" must be a number >= 0, got -1$/,
    );
    expect(resolveLlmConfig({ env: {}, apiKey: 'sk-x', sim: { timeScale: -1 } }).endpoint.kind).toBe('remote');
  });
});
