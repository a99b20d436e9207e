/**
 * What the simulated model of the constrained-decoding case says: candidate continuations of a
 * product record, some of which break the schema. The prompt names the product, the field to
 * fill and the attempt; sample k's candidate is a deterministic function of those four:
 * - on attempt 0, for about one field in four (which depends on the product and field) every
 *   sample breaks the schema, so the program must sample again;
 * - otherwise about half the samples are valid, and the last sample always is.
 * Invalid candidates are what models get wrong: a category not in the list, a price as words or
 * out of range, capitalised or too many tags, "yes" for a boolean, and unparsable fragments.
 * Any other prompt gets the simulator's default pseudo-text.
 */
import { defaultResponder, type SimResponder } from '../../lib/sim/index.js';
import { accepts, CATEGORIES, FIELDS, type Field } from './schema.js';

/** Samples per step. */
export const CANDIDATES = 4;

/** The prompt for one step (program.ts asks exactly this). */
export const stepPrompt = (name: string, prefix: string, field: string, attempt: number): string =>
  `Continue the JSON record of the product "${name}" with the value of "${field}" (attempt ${attempt}).\n` +
  `${prefix}, "${field}": `;

const STEP = /^Continue the JSON record of the product "(.+?)" with the value of "(\w+)" \(attempt (\d+)\)\.\n/;

/** FNV-1a, 32 bits, with murmur3's finaliser so that the low bits mix too. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const TAGS = ['sturdy', 'compact', 'classic', 'eco', 'gift', 'new', 'bright', 'quiet'];
const INVALID: Readonly<Record<Field, readonly string[]>> = {
  category: ['"Kitchen"', '"homeware"', 'kitchen', '"garden tools"'],
  price: ['"cheap"', '9999', '0', '12.345', '-4'],
  tags: ['["Sturdy"]', '[]', '["a", "b", "c", "d"]', '"eco"', '["two words"]'],
  inStock: ['"yes"', '1', 'null', 'True'],
};

/** A valid value of `field` chosen by `h`. */
function valid(field: Field, h: number): string {
  switch (field) {
    case 'category':
      return JSON.stringify(CATEGORIES[h % CATEGORIES.length]);
    case 'price':
      return String(((h % 49_900) + 100) / 100);
    case 'tags':
      return JSON.stringify([
        ...new Set(Array.from({ length: 1 + (h % 3) }, (_, i) => TAGS[(h >> (3 * i + 2)) % TAGS.length]!)),
      ]);
    case 'inStock':
      return String(h % 2 === 0);
  }
}

/**
 * Sample `k` of the candidates for `field` of product `name` on `attempt` (see the file comment).
 *
 * @example
 * candidate('Garden hose', 'price', 0, 3) // '37.21' (a valid price: the last sample)
 */
export function candidate(name: string, field: Field, attempt: number, k: number): string {
  const h = hash(`${name}|${field}|${attempt}|${k}`);
  const allBad = attempt === 0 && hash(`${name}|${field}`) % 4 === 0;
  const bad = INVALID[field];
  if (allBad || (k < CANDIDATES - 1 && h % 2 === 1)) return bad[h % bad.length]!;
  return valid(field, h >>> 1);
}

/**
 * The constrained-decoding responder (see the file comment).
 *
 * @example
 * startSim({ responder: constrainedResponder, ...GPT4_LATENCY })
 */
export const constrainedResponder: SimResponder = (request) => {
  const step = STEP.exec(request.prompt);
  const field = step?.[2] as Field | undefined;
  if (!step || !field || !FIELDS.includes(field)) return defaultResponder(request);
  return candidate(step[1]!, field, Number(step[3]), request.k);
};

/**
 * The record a correct run builds for `name`, from the responder's rule alone: for each field,
 * the first candidate the checker accepts, on the first attempt that has one.
 *
 * @example
 * checkRecord(expectedRecord('Garden hose'), 'Garden hose') // true
 */
export function expectedRecord(name: string): Record<string, unknown> {
  const record: Record<string, unknown> = { name };
  for (const field of FIELDS) {
    for (let attempt = 0; !(field in record); attempt++) {
      const ok = Array.from({ length: CANDIDATES }, (_, k) => candidate(name, field, attempt, k)).find((c) =>
        accepts(field, c),
      );
      if (ok !== undefined) record[field] = JSON.parse(ok);
    }
  }
  return record;
}
