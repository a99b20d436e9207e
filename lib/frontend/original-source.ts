/**
 * Mapping locations in a program's parsed text back to the file the person wrote.
 *
 * The text `program()` parses is `fn.toString()`: what the TypeScript loader produced. Under tsx
 * it is whitespace-minified onto one line, with type annotations gone and `__name(…, "f")`
 * wrappers added; under vitest imported names become `(0,__vite_ssr_import_1__.f)`. So
 * `trip:1:16` means little to a reader. Here the tokens of that text, less what loaders insert,
 * are aligned with the tokens of a file from a given line: names, literals and keywords must
 * *all* be found, in order (types only add tokens to the original, so the parsed ones are a
 * subsequence of it), and punctuation is matched between two matched neighbours. A location
 * maps when the token it starts at was matched, or starts a loader insertion whose first kept
 * token was (`(0,ns.f)(x)` maps to where `f(x)` is written).
 *
 * Gotcha: the alignment is all or nothing. If any name or literal of the function is missing
 * from the file — it is the wrong file (`program()` called through a helper in another file),
 * or the loader rewrote more than whitespace, types and the forms above — no location is
 * claimed, and errors show the parsed text's own excerpt instead of a wrong line.
 */
import * as acorn from 'acorn';
import type { OriginalSource } from '../locations.js';
import { LineIndex } from './lines.js';
import { isNamespaceName } from './loader-forms.js';

interface Tok {
  readonly key: string;
  readonly significant: boolean;
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

/** The parsed text's tokens, less loader insertions, ready to align with files. */
export interface ParsedTokens {
  readonly tokens: readonly Tok[];
  /** Dropped tokens that start an insertion, with the index of the first kept token after them. */
  readonly aliases: readonly (readonly [Tok, number])[];
}

/** How far ahead (in tokens of the file) the next name or literal may be found. */
const WINDOW = 400;

/**
 * The tokens of `text` (a program's parsed text) for `alignWithFile`.
 *
 * @example
 * const parsed = parsedTokens('x=>f(x)');
 */
export function parsedTokens(text: string): ParsedTokens {
  return dropLoaderInsertions(new Tokens(text, 1).all());
}

/**
 * The map from locations in the parsed text to `file`'s own locations, if every name, literal
 * and keyword of the parsed text is found, in order, in `fileText` from `fromLine` on.
 *
 * @example
 * alignWithFile(parsedTokens('x=>f(x)'), 'demo.ts', 'const p = program({ f }, (x: number) => f(x));', 1)
 *   ?.position(1, 4) // { line: 1, column: 41 }: where f(x) is written
 */
export function alignWithFile(
  parsed: ParsedTokens,
  file: string,
  fileText: string,
  fromLine: number,
): OriginalSource | undefined {
  const original = new Tokens(fileText, fromLine);
  const matched = matchTokens(parsed.tokens, original);
  if (!matched) return undefined;
  const positions = new Map<number, { line: number; column: number }>();
  const record = (from: Tok, k: number): void => {
    const to = original.at(k)!;
    positions.set(key(from.line, from.column), { line: to.line, column: to.column });
  };
  matched.forEach((k, i) => k >= 0 && record(parsed.tokens[i]!, k));
  for (const [tok, i] of parsed.aliases) {
    const k = matched[i] ?? -1;
    if (k >= 0) record(tok, k);
  }
  const all = fileText.split(/\r\n|\r|\n/);
  const lines = new Map([...positions.values()].map((p) => [p.line, all[p.line - 1] ?? '']));
  return {
    file,
    lineText: (line) => lines.get(line) ?? '',
    position: (line, column) => positions.get(key(line, column)),
  };
}

/** A position as one number (columns of a minified line exceed 2^20; lines stay below 2^21). */
function key(line: number, column: number): number {
  return line * 2 ** 32 + column;
}

/**
 * For each parsed token, the index of the original token it matches (-1 if none), or undefined
 * when a name, literal or keyword is missing: greedily, each in the window after the previous.
 * When the file is read from before the function (the definition site was not found), its
 * names may also be found in order starting earlier — in code above it that uses the same names
 * (`const weather = tool(…, (city) => …)` above `(city) => { const w = weather(city) … }`) — so
 * the names are matched again backwards from where the forward match ended, each at its latest
 * place before the next: the tightest alignment ending there, which is the function itself.
 */
function matchTokens(parsed: readonly Tok[], original: Tokens): Int32Array | undefined {
  const matched = new Int32Array(parsed.length).fill(-1);
  const names: number[] = [];
  let j = 0;
  for (let i = 0; i < parsed.length; i++) {
    const t = parsed[i]!;
    if (!t.significant) continue;
    const k = find(original, t.key, j, j + WINDOW);
    if (k < 0) return undefined;
    matched[i] = k;
    j = k + 1;
    names.push(i);
  }
  if (names.length === 0) return undefined;
  const tight = matched.slice();
  for (let n = names.length - 2, hi = matched[names.at(-1)!]!; n >= 0; n--) {
    const i = names[n]!;
    hi = findBack(original, parsed[i]!.key, hi - 1, Math.max(0, hi - WINDOW));
    if (hi < 0) break; // not within the window: keep the forward match
    tight[i] = hi;
    if (n === 0) matched.set(tight);
  }
  matchPunctuation(parsed, original, matched);
  return matched;
}

/** The index of the last token with `key` in [to, from] (already read), searching down from `from`. */
function findBack(toks: Tokens, key: string, from: number, to: number): number {
  for (let k = from; k >= to; k--) if (toks.at(k)!.key === key) return k;
  return -1;
}

/** Matches each unmatched token between the originals of its matched neighbours (linear). */
function matchPunctuation(parsed: readonly Tok[], original: Tokens, matched: Int32Array): void {
  const next = new Int32Array(parsed.length);
  let anchor = -1;
  for (let i = parsed.length - 1; i >= 0; i--) {
    next[i] = anchor;
    if (matched[i]! >= 0) anchor = matched[i]!;
  }
  let lo = -1;
  for (let i = 0; i < parsed.length; i++) {
    if (matched[i]! >= 0) {
      lo = matched[i]!;
      continue;
    }
    const hi = next[i]! >= 0 ? next[i]! : lo + 1 + WINDOW;
    const k = find(original, parsed[i]!.key, lo + 1, hi);
    if (k >= 0) matched[i] = lo = k;
  }
}

/** The index of the first token with `key` in [from, to), or -1. */
function find(toks: Tokens, key: string, from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const t = toks.at(k);
    if (!t) return -1;
    if (t.key === key) return k;
  }
  return -1;
}

/**
 * The tokens of `text` from `fromLine` on, read as far as they are asked for: a file is read
 * only up to where the function ends or an alignment with it fails. Reading stops for good at
 * the first token acorn does not know (TypeScript syntax such as a decorator).
 */
class Tokens {
  private readonly toks: Tok[] = [];
  private readonly source: Iterator<acorn.Token>;
  private readonly lines: LineIndex;
  /** Where the tokenised part of the text starts. */
  private readonly offset: number;
  private done = false;

  constructor(text: string, fromLine: number) {
    this.lines = new LineIndex(text);
    this.offset = this.lines.start(fromLine) ?? text.length;
    this.source = acorn.tokenizer(text.slice(this.offset), { ecmaVersion: 'latest' })[Symbol.iterator]();
  }

  /** Token `k`, or undefined past the end. */
  at(k: number): Tok | undefined {
    while (this.toks.length <= k && !this.done) this.read();
    return this.toks[k];
  }

  /** Every token. */
  all(): Tok[] {
    while (!this.done) this.read();
    return this.toks;
  }

  private read(): void {
    let next: IteratorResult<acorn.Token>;
    try {
      next = this.source.next();
    } catch {
      next = { done: true, value: undefined };
    }
    if (next.done) {
      this.done = true;
      return;
    }
    const t = next.value;
    this.toks.push({ key: keyOf(t), significant: isSignificant(t), ...this.lines.position(this.offset + t.start) });
  }
}

function keyOf(t: acorn.Token): string {
  const label = t.type.label;
  const value = String((t as unknown as { value: unknown }).value);
  if (label === 'name' || label === 'privateId') return `name:${value}`;
  if (label === 'string' || label === 'num' || label === 'template') return `${label}:${value}`;
  return `op:${label}`;
}

function isSignificant(t: acorn.Token): boolean {
  const label = t.type.label;
  return (
    label === 'name' || label === 'string' || label === 'num' || label === 'template' || t.type.keyword !== undefined
  );
}

/**
 * Removes what loaders insert: tsx's `__name(`…`, "f")` wrappers and `__name(f, "f");`
 * statements, and the module namespaces of imported names, `ns.` and `(0,ns.`…`)`. The
 * leading tokens of a wrapper or a namespace become aliases of the first token kept after them.
 */
function dropLoaderInsertions(toks: readonly Tok[]): ParsedTokens {
  const drop = new Set<number>();
  const leading = new Set<number>();
  const dropAll = (indexes: readonly number[], lead: number): void => {
    indexes.forEach((d) => drop.add(d));
    for (let n = 0; n < lead; n++) leading.add(indexes[n]!);
  };
  toks.forEach((t, i) => {
    if (t.key === 'name:__name' && toks[i + 1]?.key === 'op:(') dropName(toks, i, dropAll);
    else if (t.key.startsWith('name:') && isNamespaceName(t.key.slice(5)) && toks[i + 1]?.key === 'op:.')
      dropNamespace(toks, i, dropAll);
  });
  const kept: Tok[] = [];
  const aliases: [Tok, number][] = [];
  toks.forEach((t, i) => {
    if (!drop.has(i)) kept.push(t);
    else if (leading.has(i)) aliases.push([t, kept.length]);
  });
  return { tokens: kept, aliases: aliases.filter(([, k]) => k < kept.length) };
}

type Drop = (indexes: readonly number[], lead: number) => void;

/** `__name(expr, "f")` (drops `__name (` and `, "f" )`) or the statement `__name(f, "f");`. */
function dropName(toks: readonly Tok[], i: number, dropAll: Drop): void {
  let depth = 0;
  for (let k = i + 1; k < toks.length; k++) {
    const key = toks[k]!.key;
    if (key === 'op:(') depth++;
    else if (key === 'op:)' && --depth === 0) {
      const statement = toks[k + 1]?.key === 'op:;' && (i === 0 || ['op:;', 'op:{', 'op:}'].includes(toks[i - 1]!.key));
      if (statement)
        dropAll(
          Array.from({ length: k + 2 - i }, (_, n) => i + n),
          0,
        );
      else dropAll([i, i + 1, k - 2, k - 1, k], 2);
      return;
    }
  }
}

/** `ns.f` (drops `ns .`), or `(0,ns.f)` (drops `( 0 , ns .` and `)`). */
function dropNamespace(toks: readonly Tok[], i: number, dropAll: Drop): void {
  const indirect =
    toks[i - 1]?.key === 'op:,' &&
    toks[i - 2]?.key === 'num:0' &&
    toks[i - 3]?.key === 'op:(' &&
    toks[i + 3]?.key === 'op:)';
  if (indirect) dropAll([i - 3, i - 2, i - 1, i, i + 1, i + 3], 5);
  else dropAll([i, i + 1], 2);
}
