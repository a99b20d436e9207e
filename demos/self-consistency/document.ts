/**
 * The long document of the self-consistency case: a fictional annual report of a harbour town's
 * lighthouse trust, in 12 passages (separated by blank lines), 3 sections of 4. Each passage
 * carries one finding — a sentence the simulated model gives as its summary when it summarises
 * well — among sentences of filler that a careless summary picks up instead. Hand-written, so a
 * test can check that the voted summaries are the findings, in order.
 */

/** One passage: its finding and the filler around it. */
export interface Passage {
  /** The one sentence a good summary of the passage says. */
  readonly finding: string;
  /** Sentences that a poor summary repeats instead (two per passage). */
  readonly filler: readonly [string, string];
}

const passage = (finding: string, a: string, b: string): Passage =>
  Object.freeze({ finding, filler: Object.freeze([a, b] as const) });

/** The passages, in document order. */
export const PASSAGES: readonly Passage[] = Object.freeze([
  passage(
    'Visitor numbers rose by a third, to 41,000, after the tower reopened in April.',
    'The weather in March was unusually wet.',
    'Several volunteers wore the new blue uniforms.',
  ),
  passage(
    'The lamp was converted to LED, cutting the electricity bill by 62 percent.',
    'The old lamp room smelled faintly of paraffin.',
    'An electrician from the mainland came twice.',
  ),
  passage(
    'Storm damage to the seaward wall cost 180,000 pounds to repair.',
    'The wall is painted white every five years.',
    'Gulls nest on the ledges each spring.',
  ),
  passage(
    'A new education room hosted 96 school visits during the year.',
    'The room has a large window facing north.',
    'Children drew pictures of the keeper.',
  ),
  passage(
    'Membership of the trust grew from 800 to 1,150 people.',
    'The membership cards were redesigned in green.',
    'The annual meeting was held in the village hall.',
  ),
  passage(
    'Grants from the heritage fund covered half of the year’s spending.',
    'The grant forms ran to forty pages.',
    'The treasurer bought a new filing cabinet.',
  ),
  passage(
    'The café made a profit for the first time, 23,000 pounds.',
    'The café sells scones with clotted cream.',
    'Tables outside are popular in August.',
  ),
  passage(
    'The archive of keepers’ logbooks from 1850 to 1960 was digitised.',
    'The logbooks are bound in brown leather.',
    'Some pages are stained with candle wax.',
  ),
  passage(
    'A fog signal restoration project was approved for the coming year.',
    'The fog signal was last sounded in 1987.',
    'Neighbours remember its deep note fondly.',
  ),
  passage(
    'Two full-time staff were hired: a curator and an education officer.',
    'The interviews took place in the tower.',
    'Both new staff live in the town.',
  ),
  passage(
    'The trust’s reserves fell to 40,000 pounds after the wall repair.',
    'The reserves are held at the local bank.',
    'The bank moved to a new building.',
  ),
  passage(
    'The board set a target of 50,000 visitors for next year.',
    'The board meets on the first Monday of each month.',
    'Coffee at board meetings is free.',
  ),
]);

/** Passages per section: the reduce step combines this many summaries. */
export const SECTION_SIZE = 4;

/** The text of passage `i`: its filler around its finding, as one paragraph. */
export const passageText = (p: Passage): string => `${p.filler[0]} ${p.finding} ${p.filler[1]}`;

/**
 * The document of the first `n` passages (all 12 by default): paragraphs separated by a blank
 * line, which is how the program cuts it into chunks.
 */
export function reportDocument(n = PASSAGES.length): string {
  if (!Number.isInteger(n) || n < 1 || n > PASSAGES.length)
    throw new Error(`reportDocument: n must be an integer from 1 to ${PASSAGES.length}, got ${n}`);
  return PASSAGES.slice(0, n).map(passageText).join('\n\n');
}
