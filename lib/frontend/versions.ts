/**
 * A persistent map from small non-negative integers (binding ids) to values: the current SSA
 * versions of an environment (context.ts `Env.current`).
 *
 * Environments branch (both arms of an `if` start from the same one) and are kept (a loop
 * unpacks its state into the environment from before it), so each statement makes a new map
 * rather than changing one. Copying a `Map` per statement made translation quadratic: 50,000
 * statements took 10 s and 100,000 ran out of memory. This is a 32-way trie instead: `set`
 * copies only the path to its key (four nodes of 32 slots for a million keys), and maps share
 * everything else.
 *
 * @example
 * const a = Versions.empty<string>().set(3, 'x');
 * const b = a.set(3, 'x$1');
 * a.get(3); // 'x'
 * b.get(3); // 'x$1'
 */

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

type Node<V> = readonly (Node<V> | V | undefined)[];

/** A persistent map from integer keys in [0, 2^30) to values. */
export class Versions<V> {
  private constructor(
    private readonly root: Node<V> | undefined,
    /** The bit shift of the root's level; keys below 2^(shift + BITS) fit. */
    private readonly shift: number,
  ) {}

  /** The empty map. */
  static empty<V>(): Versions<V> {
    return new Versions<V>(undefined, 0);
  }

  /** The value of `key`, if set. */
  get(key: number): V | undefined {
    if (key >= 2 ** (this.shift + BITS)) return undefined;
    let node = this.root;
    for (let s = this.shift; node && s > 0; s -= BITS) node = node[(key >>> s) & MASK] as Node<V> | undefined;
    return node?.[key & MASK] as V | undefined;
  }

  /** A map that also sets `key` to `value`; this one is unchanged. */
  set(key: number, value: V): Versions<V> {
    let root = this.root;
    let shift = this.shift;
    while (key >= 2 ** (shift + BITS)) {
      root = root && [root];
      shift += BITS;
    }
    return new Versions<V>(setIn(root, shift, key, value), shift);
  }
}

function setIn<V>(node: Node<V> | undefined, shift: number, key: number, value: V): Node<V> {
  const copy = node ? node.slice() : [];
  const i = (key >>> shift) & MASK;
  copy[i] = shift === 0 ? value : setIn(copy[i] as Node<V> | undefined, shift - BITS, key, value);
  return copy;
}
