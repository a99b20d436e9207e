/** Shared helpers of the simulator specs: an SDK client, raw requests, timing. */
import OpenAI from 'openai';
import type { SimServer } from '../../lib/sim/index.js';

/** The official SDK pointed at `sim`, with retries off so every request is counted once. */
export function sdk(sim: SimServer, maxRetries = 0): OpenAI {
  return new OpenAI({ baseURL: sim.url, apiKey: 'sk-test', maxRetries });
}

/** POSTs `body` (an object, or raw text) to `sim.url + path` with fetch. */
export function post(sim: SimServer, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
    signal: signal ?? null,
  });
}

/** A responder answering `words` words ("w0 w1 …"), whatever the prompt. */
export function fixedWords(words: number): () => string {
  return () => Array.from({ length: words }, (_, i) => `w${i}`).join(' ');
}

/** Milliseconds `run` takes. */
export async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}
