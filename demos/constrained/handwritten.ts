/**
 * The constrained-decoding case written by hand as async TypeScript, over the same calls
 * (program.ts `constrainedCalls`) and prompt (responder.ts `stepPrompt`) as the program:
 * - `recordsSequential`: one record after another, every request awaited in turn;
 * - `recordsParallel`: the records at once (`Promise.all`), each record's steps in turn (a step
 *   needs the record so far).
 */
import type { ConstrainedCalls } from './program.js';
import { stepPrompt } from './responder.js';

/** One record, field by field, sampling again while no candidate is accepted. */
async function record(
  calls: ConstrainedCalls,
  product: string,
  fields: readonly string[],
  maxAttempts: number,
): Promise<unknown> {
  let json = `{"name": ${JSON.stringify(product)}`;
  for (const field of fields) {
    let value = 'null';
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const kept = (await calls.sample(stepPrompt(product, json, field, attempt))).filter((c) =>
        calls.accepts(field, c),
      );
      if (kept.length > 0) {
        value = kept[0]!.trim();
        break;
      }
    }
    json = `${json}, "${field}": ${value}`;
  }
  return JSON.parse(`${json}}`);
}

/**
 * One record after another.
 *
 * @example
 * await recordsSequential(session.calls, PRODUCTS, FIELDS, MAX_ATTEMPTS);
 */
export async function recordsSequential(
  calls: ConstrainedCalls,
  names: readonly string[],
  fields: readonly string[],
  maxAttempts: number,
): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const name of names) out.push(await record(calls, name, fields, maxAttempts));
  return out;
}

/**
 * Every record at once.
 *
 * @example
 * await recordsParallel(session.calls, PRODUCTS, FIELDS, MAX_ATTEMPTS);
 */
export const recordsParallel = (
  calls: ConstrainedCalls,
  names: readonly string[],
  fields: readonly string[],
  maxAttempts: number,
): Promise<unknown[]> => Promise.all(names.map((name) => record(calls, name, fields, maxAttempts)));
