/**
 * `complete`: legacy text completions, BATCHED. Calls subscribed together (the same tick, or
 * within `windowMs`) whose model and sampling parameters are equal share one `/v1/completions`
 * request with `prompt: string[]`, up to `maxBatchSize` prompts; different parameters go to
 * different requests. The server orders choices prompt-major (`index = i·n + k`), and each
 * caller gets the choices of its own prompt. See `operators/createBatcher.ts` for the timing.
 */
import type OpenAI from 'openai';
import { map, type Observable } from 'rxjs';
import { createBatcher } from '../../operators/index.js';
import { EpicLlmError } from '../errors.js';
import {
  checkOptions,
  isDeterministic,
  orFail,
  paramsKey,
  SAMPLING_KEYS,
  samplingParams,
  type SamplingOptions,
  type SamplingParams,
} from './params.js';
import type { RequestCallers } from './rate-limited.js';
import type { Requester } from './request.js';
import { createSharedCalls, reportOf, type JoinReport } from './sharing.js';

/** Options of one `complete` call that wants one text. */
export type CompleteOptions = SamplingOptions;

/** Options of one `complete` call that wants `n` samples (an array of `n` texts). */
export interface CompleteSamplesOptions extends SamplingOptions {
  readonly n: number;
}

/** The complete host function: the text, or with `n` the array of `n` texts. */
export interface Complete {
  (prompt: string, options: CompleteSamplesOptions): Observable<string[]>;
  (prompt: string, options?: CompleteOptions): Observable<string>;
}

/** What `createComplete` needs from its Llm. */
export interface CompleteDeps {
  readonly send: Requester;
  readonly model: string;
  readonly cacheSize: number;
  readonly maxBatchSize: number;
  readonly windowMs: number | undefined;
  /** Most batches awaiting their answer at once (createBatcher's `maxConcurrentBatches`). Default: no limit. */
  readonly maxConcurrentBatches?: number;
}

interface Ask {
  readonly prompt: string;
  readonly params: SamplingParams;
  readonly n: number | undefined;
  /** Batch group: model, sampling parameters and n. */
  readonly key: string;
  /** Told which request carried this prompt, when it is sent. */
  readonly tell: JoinReport;
  /** The calls this prompt stands for: where a 429 of its request is published. */
  readonly callers: RequestCallers;
}

const COMPLETE_KEYS: readonly string[] = Object.freeze([...SAMPLING_KEYS, 'n']);

/**
 * Creates the batched `complete` host function of an Llm.
 *
 * Gotcha: one prompt refused by the content filter fails only its own caller; a failed request
 * (after retries) fails every caller of its batch. With `n`, the result is ALWAYS an array, even
 * for `n: 1`.
 *
 * @example
 * const complete = createComplete({ send, model: 'epic-sim', cacheSize: 0, maxBatchSize: 64, windowMs: undefined });
 * forkJoin([complete('2+2='), complete('3+3=')]); // one request: prompt ['2+2=', '3+3=']
 */
export function createComplete(deps: CompleteDeps): Complete {
  const { send, model } = deps;
  const shared = createSharedCalls<string[]>(deps.cacheSize);
  const batch = createBatcher<Ask, string[]>({
    run: (asks) => {
      const { params, n } = asks[0] as Ask; // a batch is never empty; all its asks share params and n
      const body = { ...params, ...(n === undefined ? {} : { n }), prompt: asks.map((ask) => ask.prompt) };
      const sent = (id: string): void => asks.forEach((ask) => ask.tell({ id, size: asks.length }));
      const callers = () => asks.flatMap((ask) => [...ask.callers()]);
      return send('complete', (client, signal) => client.completions.create(body, { signal }), sent, callers).pipe(
        map((reply) => choicesByPrompt(reply, asks.length, n ?? 1)),
      );
    },
    maxBatchSize: deps.maxBatchSize,
    windowMs: deps.windowMs, // undefined: the same tick
    ...(deps.maxConcurrentBatches === undefined ? {} : { maxConcurrentBatches: deps.maxConcurrentBatches }),
    key: (ask) => ask.key,
  });
  const complete = function (this: unknown, prompt: string, options: CompleteOptions & { readonly n?: number } = {}) {
    const report = reportOf(this);
    const invalid = checkOptions('complete', options, COMPLETE_KEYS) ?? checkPrompt(prompt, options.n);
    return orFail<string | string[]>(invalid, () => {
      const { n } = options;
      const params = samplingParams(options, model);
      const key = paramsKey(params, n);
      const ask = (tell: JoinReport, callers: RequestCallers) => batch({ prompt, params, n, key, tell, callers });
      const texts = shared(isDeterministic(options), () => JSON.stringify([key, prompt]), report, ask);
      return n === undefined ? texts.pipe(map((samples) => samples[0] as string)) : texts;
    });
  };
  return complete as Complete;
}

function checkPrompt(prompt: unknown, n: unknown): EpicLlmError | undefined {
  if (typeof prompt !== 'string')
    return new EpicLlmError(`complete: the prompt must be a string, got ${JSON.stringify(prompt)}`);
  const nOk = n === undefined || (typeof n === 'number' && Number.isInteger(n) && n >= 1);
  return nOk
    ? undefined
    : new EpicLlmError(`complete: option "n" must be a positive integer, got ${JSON.stringify(n)}`);
}

/** Per prompt, its `n` texts, or an `EpicLlmError` for a refused or missing choice. */
function choicesByPrompt(reply: OpenAI.Completions.Completion, prompts: number, n: number): Array<string[] | Error> {
  const texts = Array.from({ length: prompts }, (): Array<string | undefined> => Array(n).fill(undefined));
  const refused = new Set<number>();
  for (const choice of reply.choices) {
    const i = Math.floor(choice.index / n);
    if (choice.finish_reason === 'content_filter') refused.add(i);
    const samples = texts[i];
    if (samples) samples[choice.index % n] = choice.text;
  }
  return texts.map((samples, i) => {
    if (refused.has(i)) return new EpicLlmError('complete answer refused (finish_reason "content_filter")');
    if (samples.some((s) => s === undefined)) {
      const got = `${reply.choices.length} choices for ${prompts}×${n}`;
      return new EpicLlmError(`complete answer lacks choices for prompt ${i} of the batch (got ${got})`);
    }
    return samples as string[];
  });
}
