/**
 * Mapping locations in a program's parsed text back to the file the person wrote.
 *
 * The text `program()` parses is `fn.toString()`: what the TypeScript loader produced. Under tsx
 * it is whitespace-minified onto one line, with type annotations gone and `__name(…, "f")`
 * wrappers added, so `trip:1:16` means little to a reader. Here the tokens of that text are
 * aligned with the tokens of the original file, starting at the line where `program(` was
 * called: names and literals are matched greedily in order (types only add tokens to the
 * original, so the parsed tokens are, but for the wrappers, a subsequence of it), and
 * punctuation is matched between two matched neighbours. A location maps when the token it
 * starts at was matched; otherwise it stays in the parsed text.
 *
 * Gotcha: this is a best effort. If the file cannot be read or tokenised (e.g. decorators), or
 * the loader rewrote more than whitespace, types and names, some or all locations stay in the
 * parsed text, which is still shown with its own excerpt.
 */
import * as acorn from 'acorn';
import type { OriginalSource } from '../terms/source.js';

interface Tok {
  readonly key: string;
  readonly significant: boolean;
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

/** How far ahead a name may be found before it counts as unmatched. */
const WINDOW = 400;

/**
 * The map from locations in `text` (the parsed function) to `file`'s own locations, or
 * undefined when nothing can be aligned.
 */
export function alignWithFile(text: string, file: string, fileText: string, fromLine: number): OriginalSource | undefined {
  const parsed = dropLoaderInsertions(tokens(text, 1));
  const original = tokens(fileText, fromLine);
  if (parsed.length === 0 || original.length === 0) return undefined;
  const matched = matchTokens(parsed, original);
  if (![...matched.keys()].some((i) => parsed[i]!.significant)) return undefined;
  const positions = new Map<string, { line: number; column: number }>();
  matched.forEach((k, i) => {
    const from = parsed[i]!;
    const to = original[k]!;
    positions.set(`${from.line}:${from.column}`, { line: to.line, column: to.column });
  });
  if (positions.size === 0) return undefined;
  const all = fileText.split(/\r\n|\r|\n/);
  const lines = new Map([...positions.values()].map((p) => [p.line, all[p.line - 1] ?? '']));
  return { file, lineText: (line) => lines.get(line) ?? '', position: (line, column) => positions.get(`${line}:${column}`) };
}

/** For each parsed token, the index of the original token it matches (sparse). */
function matchTokens(parsed: readonly Tok[], original: readonly Tok[]): Map<number, number> {
  const matched = new Map<number, number>();
  let j = 0;
  parsed.forEach((t, i) => {
    if (!t.significant) return;
    for (let k = j; k < original.length && k < j + WINDOW; k++) {
      if (original[k]!.key === t.key) {
        matched.set(i, k);
        j = k + 1;
        return;
      }
    }
  });
  let lo = -1;
  parsed.forEach((t, i) => {
    const anchor = matched.get(i);
    if (anchor !== undefined) {
      lo = anchor;
      return;
    }
    const hi = nextAnchor(matched, parsed.length, i) ?? original.length;
    for (let k = lo + 1; k < hi; k++) {
      if (original[k]!.key === t.key) {
        matched.set(i, k);
        lo = k;
        return;
      }
    }
  });
  return matched;
}

function nextAnchor(matched: Map<number, number>, end: number, i: number): number | undefined {
  for (let n = i + 1; n < end; n++) {
    const k = matched.get(n);
    if (k !== undefined) return k;
  }
  return undefined;
}

/** Tokens of `text` from `fromLine` on (as many as tokenise; TypeScript may stop it early). */
function tokens(text: string, fromLine: number): Tok[] {
  const lines = text.split(/(?<=\r\n|\r|\n)/);
  const skipped = lines.slice(0, fromLine - 1).join('');
  const out: Tok[] = [];
  try {
    for (const t of acorn.tokenizer(text.slice(skipped.length), { ecmaVersion: 'latest', locations: true })) {
      out.push({ key: keyOf(t), significant: isSignificant(t), line: t.loc!.start.line + fromLine - 1, column: t.loc!.start.column + 1 });
    }
  } catch {
    // Keep what was tokenised before the first token acorn does not know (TypeScript syntax).
  }
  return out;
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
  return label === 'name' || label === 'string' || label === 'num' || label === 'template' || t.type.keyword !== undefined;
}

/** Removes the `__name(`…`, "f")` wrappers and `__name(f, "f");` statements a loader adds. */
function dropLoaderInsertions(toks: readonly Tok[]): Tok[] {
  const drop = new Set<number>();
  toks.forEach((t, i) => {
    if (t.key !== 'name:__name' || toks[i + 1]?.key !== 'op:(') return;
    let depth = 0;
    for (let k = i + 1; k < toks.length; k++) {
      const key = toks[k]!.key;
      if (key === 'op:(') depth++;
      else if (key === 'op:)' && --depth === 0) {
        const statement = toks[k + 1]?.key === 'op:;' && (i === 0 || ['op:;', 'op:{', 'op:}'].includes(toks[i - 1]!.key));
        const range = statement ? Array.from({ length: k + 2 - i }, (_, n) => i + n) : [i, i + 1, k - 2, k - 1, k];
        for (const d of range) drop.add(d);
        return;
      }
    }
  });
  return toks.filter((_, i) => !drop.has(i));
}
