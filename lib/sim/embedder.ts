/**
 * Deterministic embeddings: a unit vector derived from a hash of the input text. Equal inputs
 * give equal vectors; different inputs give unrelated (nearly orthogonal) ones, so there is no
 * semantic similarity to find. Plug a different `SimEmbedder` in for that.
 */
import { hash32, seededRandom } from './hash.js';

/** Computes the embedding of one input with `dimensions` components. Must be deterministic. */
export type SimEmbedder = (input: string, dimensions: number) => readonly number[];

/**
 * The default embedder: components drawn uniformly from [-1, 1) by a generator seeded with the
 * input's hash, then scaled to length 1.
 *
 * @example
 * hashEmbedding('cat', 4).length // 4, and the sum of squares is 1 (within float error)
 */
export function hashEmbedding(input: string, dimensions: number): number[] {
  const next = seededRandom(hash32(input, dimensions));
  const raw = Array.from({ length: dimensions }, () => next() * 2 - 1);
  const norm = Math.sqrt(raw.reduce((sum, x) => sum + x * x, 0)) || 1; // not Math.hypot(...raw): a spread of many values overflows the stack
  return raw.map((x) => x / norm);
}
