/**
 * Constrained decoding as one plain program: JSON records that must satisfy a schema
 * (schema.ts), built one field at a time. For each field the model is asked for candidate
 * continuations of the record so far (`sample`: `complete` with n = 4), the checker keeps those
 * it accepts (`check`), the first kept one extends the record, and if none is kept the step is
 * sampled again. Each record's steps depend on each other (the prompt carries the record so
 * far); the records are independent branches, so run opportunistically they go in parallel and
 * the LLM layer batches their concurrent steps into shared requests.
 */
import { firstValueFrom } from 'rxjs';
import { external, program, type Program } from '../../lib/index.js';
import { createLlm, type Llm } from '../../lib/llm/index.js';
import type { SimOptionsInput } from '../../lib/sim/index.js';
import { GPT4_LATENCY } from '../game24/session.js';
import { CANDIDATES, constrainedResponder } from './responder.js';
import { accepts } from './schema.js';

/** The calls of the case: `sample` returns Promises (the hand-written versions use them), `accepts` is the checker. */
export interface ConstrainedCalls {
  /** `CANDIDATES` samples at temperature 0.8 (batched with the `sample` calls of the same tick). */
  readonly sample: (prompt: string) => Promise<string[]>;
  readonly accepts: (field: string, text: string) => boolean;
}

/** The calls as program code sees them (`check` is the checker, `accepts`). */
export interface ConstrainedHosts {
  readonly sample: (prompt: string) => string[];
  readonly check: (field: string, text: string) => boolean;
}

/** Attempts per field before a record gives up on it (the field is then `null`, which the schema rejects). */
export const MAX_ATTEMPTS = 4;

/**
 * The calls over an Llm.
 *
 * @example
 * await constrainedCalls(llm).sample(stepPrompt('Kettle', '{"name": "Kettle"', 'category', 0)); // four candidates
 */
export function constrainedCalls(llm: Llm): ConstrainedCalls {
  return {
    sample: (prompt) => firstValueFrom(llm.complete(prompt, { temperature: 0.8, max_tokens: 20, n: CANDIDATES })),
    accepts,
  };
}

/** The calls as host functions. */
export const constrainedHosts = (calls: ConstrainedCalls): ConstrainedHosts => ({
  sample: external(calls.sample),
  check: external(calls.accepts),
});

/**
 * The program: `(names, fields, maxAttempts) => records` (see the file comment).
 *
 * Gotcha: the prompt is written out here; responder.ts's `stepPrompt` is the same text.
 *
 * @example
 * await constrainedProgram(constrainedHosts(calls)).evaluate(['Kettle', 'Rake'], [...FIELDS], MAX_ATTEMPTS);
 */
export function constrainedProgram(
  hosts: ConstrainedHosts,
  name = 'constrained',
): Program<[string[], string[], number], unknown[]> {
  const { sample, check } = hosts;
  return program(
    { sample, check },
    (names: string[], fields: string[], maxAttempts: number): unknown[] => {
      const fill = (product: string, prefix: string, field: string, attempt: number): string => {
        const candidates = sample(
          `Continue the JSON record of the product "${product}" with the value of "${field}" (attempt ${attempt}).\n` +
            `${prefix}, "${field}": `,
        );
        const kept = candidates.filter((c) => check(field, c));
        if (kept.length > 0) return kept[0]!.trim();
        return attempt + 1 < maxAttempts ? fill(product, prefix, field, attempt + 1) : 'null';
      };
      const record = (product: string): unknown => {
        const json = fields.reduce(
          (prefix, field) => `${prefix}, "${field}": ${fill(product, prefix, field, 0)}`,
          `{"name": ${JSON.stringify(product)}`,
        );
        return JSON.parse(`${json}}`);
      };
      return names.map((product) => record(product));
    },
    { name },
  );
}

/** An Llm on the embedded simulator with the case's responder, its calls, and the program on it. */
export interface ConstrainedSession {
  readonly llm: Llm;
  readonly calls: ConstrainedCalls;
  readonly program: Program<[string[], string[], number], unknown[]>;
  /** The simulator options in force. */
  readonly sim: SimOptionsInput;
}

/**
 * The case on the embedded simulator: GPT-4-like latency (`GPT4_LATENCY`), the default 8 slots,
 * `sim` over that. Requests are not retried.
 *
 * @example
 * const s = createConstrained({ timeScale: 0.05 });
 * await s.program.evaluate(PRODUCTS, [...FIELDS], MAX_ATTEMPTS);
 * await s.llm.close();
 */
export function createConstrained(sim: SimOptionsInput = {}): ConstrainedSession {
  const options = { ...GPT4_LATENCY, ...sim };
  const llm = createLlm({ env: {}, sim: { ...options, responder: constrainedResponder }, retry: { maxRetries: 0 } });
  const calls = constrainedCalls(llm);
  return { llm, calls, program: constrainedProgram(constrainedHosts(calls)), sim: options };
}

/** The products of the demo and the benchmark. */
export const PRODUCTS: readonly string[] = Object.freeze([
  'Garden hose',
  'Desk lamp',
  'Kettle',
  'Wooden train',
  'Stapler',
  'Watering can',
]);
