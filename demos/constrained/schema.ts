/**
 * The schema of the constrained-decoding case and its checker: a product record
 * `{"name", "category", "price", "tags", "inStock"}` built one field at a time. `accepts(field,
 * text)` says whether `text` is a JSON value the field allows; `checkRecord` checks a whole record.
 */

/** The fields the model fills, in order ("name" is given). */
export const FIELDS = Object.freeze(['category', 'price', 'tags', 'inStock'] as const);

/** A field the model fills. */
export type Field = (typeof FIELDS)[number];

/** The categories a product may have. */
export const CATEGORIES = Object.freeze(['kitchen', 'garden', 'office', 'toys']);

/** A record that satisfies the schema. */
export interface ProductRecord {
  readonly name: string;
  readonly category: string;
  readonly price: number;
  readonly tags: readonly string[];
  readonly inStock: boolean;
}

const parse = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

/**
 * Whether `value` is allowed for `field`: a category of the list; a price of 1–500 with at most 2 decimals; 1–3
 * lowercase one-word tags; a boolean. An unknown field is an error.
 */
export function allows(field: string, value: unknown): boolean {
  switch (field) {
    case 'category':
      return typeof value === 'string' && CATEGORIES.includes(value);
    case 'price':
      return typeof value === 'number' && value >= 1 && value <= 500 && Math.round(value * 100) === value * 100;
    case 'tags':
      return (
        Array.isArray(value) &&
        value.length >= 1 &&
        value.length <= 3 &&
        value.every((t) => typeof t === 'string' && /^[a-z]+$/.test(t))
      );
    case 'inStock':
      return typeof value === 'boolean';
    default:
      throw new Error(`allows: unknown field ${JSON.stringify(field)}; fields are ${FIELDS.join(', ')}`);
  }
}

/**
 * The checker: whether `text` (a candidate continuation) is one JSON value that `field` allows.
 *
 * @example
 * accepts('price', '12.5') // true
 * accepts('price', '"cheap"') // false
 */
export const accepts = (field: string, text: string): boolean => {
  const parsed = parse(text.trim());
  return parsed.ok && allows(field, parsed.value);
};

/** Whether `record` is a whole record the schema allows, named `name`. */
export function checkRecord(record: unknown, name: string): record is ProductRecord {
  if (typeof record !== 'object' || record === null) return false;
  const r = record as Record<string, unknown>;
  const keys = Object.keys(r);
  return r['name'] === name && keys.length === FIELDS.length + 1 && FIELDS.every((f) => allows(f, r[f]));
}
