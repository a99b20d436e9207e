/**
 * The simulator's notion of a token: a whitespace-separated word. A response's token count is
 * its number of words, `max_tokens` keeps the first words, and streaming sends one word per
 * delta. Each piece carries the whitespace before its word, so the pieces concatenate to the text.
 *
 * Gotcha: a text with no word at all (empty or only whitespace) has no pieces and becomes "".
 */

/** Why generation ended, in the OpenAI wire vocabulary. */
export type FinishReason = 'stop' | 'length' | 'content_filter';

/** A generated text cut to the request's limits, with its tokens. */
export interface ShapedText {
  readonly text: string;
  /** One word per piece, with the whitespace before it; `pieces.join('') === text`. */
  readonly pieces: readonly string[];
  readonly finishReason: FinishReason;
}

/**
 * Splits `text` into word pieces (see the file comment).
 *
 * @example
 * splitTokens(' a b\nc ') // [' a', ' b', '\nc ']
 */
export function splitTokens(text: string): string[] {
  const pieces = text.match(/\s*\S+/g) ?? [];
  const last = pieces.length - 1;
  if (last >= 0) pieces[last] += text.slice(pieces.join('').length);
  return pieces;
}

/** The number of whitespace-separated words in `text`. */
export function countTokens(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}

/**
 * Applies `stop` (cut before the earliest occurrence of any stop string; empty ones are ignored)
 * and then `maxTokens` (keep the first words). `finishReason` is "length" when `maxTokens` cut.
 *
 * @example
 * shapeText('a b c. d', ['.'], 2) // { text: 'a b', pieces: ['a', ' b'], finishReason: 'length' }
 */
export function shapeText(text: string, stop: readonly string[], maxTokens: number | undefined): ShapedText {
  const cut = stop.reduce((first, s) => {
    const at = s === '' ? -1 : text.indexOf(s);
    return at >= 0 && at < first ? at : first;
  }, text.length);
  const stopped = text.slice(0, cut);
  const pieces = splitTokens(stopped);
  if (maxTokens !== undefined && pieces.length > maxTokens) {
    const kept = pieces.slice(0, maxTokens);
    return { text: kept.join(''), pieces: kept, finishReason: 'length' };
  }
  return { text: pieces.join(''), pieces, finishReason: 'stop' };
}
