/**
 * The supply of term-level names for one translation.
 *
 * Every binder in the translated term gets a name that is unique in the whole term, so that no
 * `let` can ever capture a reference meant for another binding (the statement translation nests
 * the rest of a block inside the lets of the statements before it). A JS binding keeps its own
 * name when that name is still free (`x`); later bindings and SSA versions of it get `x$1`,
 * `x$2`, …; temporaries are `$t1`, `$k1`, `$loop1`, … Generated names never collide with an
 * identifier of the source or a host name, since those are reserved up front (`namesToReserve`).
 *
 * @example
 * const names = new NameSupply(new Set(['x', 'x$1']));
 * names.claim('x');   // 'x'
 * names.fresh('x$');  // 'x$2' (x$1 occurs in the source)
 * names.fresh('$t');  // '$t1'
 */
export class NameSupply {
  private readonly issued = new Set<string>();
  private readonly counters = new Map<string, number>();

  /** `reserved`: every identifier of the source and every host name. */
  constructor(private readonly reserved: ReadonlySet<string>) {}

  /** The name of a JS binding: the name itself the first time, then a fresh `name$n`. */
  claim(name: string): string {
    if (this.issued.has(name)) return this.fresh(`${name}$`);
    this.issued.add(name);
    return name;
  }

  /** A new name `prefix` + n (n ≥ 1) that is neither reserved nor issued. */
  fresh(prefix: string): string {
    let n = this.counters.get(prefix) ?? 1;
    while (this.reserved.has(`${prefix}${n}`) || this.issued.has(`${prefix}${n}`)) n++;
    this.counters.set(prefix, n + 1);
    const name = `${prefix}${n}`;
    this.issued.add(name);
    return name;
  }
}

/**
 * The names of `text` that generated names could collide with: every word with a `$` in it,
 * since every generated name has one. Words in strings and comments are included too, which
 * only skips a generated name or two. (A collision would not be wrong anyway — `claim` renames a
 * binding whose name was issued — but source names would change in the term.)
 *
 * @example
 * namesToReserve('(x$1) => { const $t1 = x$1; return "$k1"; }') // Set { 'x$1', '$t1', '$k1' }
 */
export function namesToReserve(text: string): Set<string> {
  return new Set(text.match(/[\p{ID_Continue}$\u200c\u200d]*\$[\p{ID_Continue}$\u200c\u200d]*/gu));
}
