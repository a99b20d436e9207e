/**
 * Small deterministic hashing and pseudo-random numbers for the simulator: the same input always
 * gives the same text, vector or fault decision, on every platform. Not cryptographic.
 */

/**
 * A 32-bit hash of a string (FNV-1a over UTF-16 code units, then a murmur3 finaliser), mixed
 * with `seed`.
 *
 * @example
 * hash32('hello') === hash32('hello') // true
 * hash32('hello', 1) !== hash32('hello', 2) // true (almost surely)
 */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) determined by `text` and `seed`. */
export function unitHash(text: string, seed = 0): number {
  return hash32(text, seed) / 2 ** 32;
}

/**
 * A seeded generator of uniform numbers in [0, 1) (mulberry32). Each call of the returned
 * function advances its own state; nothing is shared between generators.
 *
 * @example
 * const next = seededRandom(42); next() === seededRandom(42)() // true
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
