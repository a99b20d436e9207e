/** Shared helpers of the LLM specs: an Llm pointed at a simulator, outcomes. */
import { firstValueFrom, type Observable } from 'rxjs';
import { createLlm, type Llm, type LlmOptions } from '../../lib/llm/index.js';
import { defaultResponder, type SimServer } from '../../lib/sim/index.js';

/** An Llm pointed at `sim` (explicit base URL, so the environment plays no part), fast retries. */
export function simLlm(sim: SimServer, options: LlmOptions = {}): Llm {
  return createLlm({
    baseURL: sim.url,
    apiKey: 'sk-test',
    env: {},
    ...options,
    retry: { initialDelayMs: 1, jitter: 0, ...options.retry },
  });
}

/** The value or the error of an Observable's first value, never rejecting. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Subscribes NOW (so calls made together join one batch) and settles to an `Outcome`. */
export function outcome<T>(source: Observable<T>): Promise<Outcome<T>> {
  return firstValueFrom(source).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** What the simulator's default responder answers for a completion prompt (sample `k`, temperature 1). */
export function simCompletion(prompt: string, k = 0): string {
  return defaultResponder({
    kind: 'completion',
    prompt,
    messages: undefined,
    model: 'm',
    temperature: 1,
    maxTokens: undefined,
    stop: [],
    k,
  });
}

/** Number of responses of `route` with `status` in the simulator's metrics. */
export function responses(sim: SimServer, route: 'chat' | 'completions' | 'embeddings', status = '200'): number {
  return sim.metrics().requests[route]?.[status] ?? 0;
}
