import { describe, expect, it } from 'vitest';
import { DEFAULT_LLM_RETRY, PLACEHOLDER_API_KEY, resolveLlmConfig } from '../../lib/llm/options.js';

describe('resolveLlmConfig', () => {
  it('uses the embedded simulator when there is neither a key nor a base URL', () => {
    const config = resolveLlmConfig({ env: {}, sim: { timeScale: 0.5 } });
    expect(config.endpoint).toEqual({ kind: 'simulator', sim: { timeScale: 0.5 } });
    expect(config).toMatchObject({ model: 'epic-sim', embeddingModel: 'epic-sim-embed', maxBatchSize: 64, maxEmbedBatchSize: 128 });
    expect(config).toMatchObject({ windowMs: undefined, maxConcurrency: 16, cacheSize: 0, timeoutMs: 600_000 });
    expect(config.retry).toEqual(DEFAULT_LLM_RETRY);
  });

  it('reads OPENAI_API_KEY, OPENAI_BASE_URL, EPIC_MODEL and EPIC_EMBEDDING_MODEL', () => {
    const env = { OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', EPIC_MODEL: 'llama', EPIC_EMBEDDING_MODEL: 'bge' };
    const config = resolveLlmConfig({ env });
    expect(config.endpoint).toEqual({ kind: 'remote', baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-env', secret: 'sk-env' });
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
    expect(urlOnly.endpoint).toEqual({ kind: 'remote', baseURL: 'http://127.0.0.1:11434/v1', apiKey: PLACEHOLDER_API_KEY, secret: undefined });
  });

  it('treats empty environment variables as unset', () => {
    expect(resolveLlmConfig({ env: { OPENAI_API_KEY: '', OPENAI_BASE_URL: '', EPIC_MODEL: '' } })).toMatchObject({
      endpoint: { kind: 'simulator' },
      model: 'epic-sim',
    });
  });

  it('merges retry options over the defaults', () => {
    expect(resolveLlmConfig({ env: {}, retry: { maxRetries: 9 } }).retry).toEqual({ ...DEFAULT_LLM_RETRY, maxRetries: 9 });
  });
});
