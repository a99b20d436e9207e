/**
 * The call journal: host-call results recorded per item, so that a retried or resumed item
 * replays the calls it already made instead of paying for them again (journaled-hosts.ts).
 *
 * What counts as the same call: within one item (its index and a hash of its arguments), the
 * same host name, the same arguments as JSON, and the same occurrence — the n-th call of that
 * host with those arguments in the item's run. So a program that asks the same question three
 * times gets three entries, and a resumed run gets them back in the order it asks again.
 * Results are recorded as JSON and replayed as JSON (a `Date` comes back as its string).
 *
 * Gotcha: a host that is not deterministic (sampling with temperature > 0, the clock, a random
 * tool) is replayed, not re-sampled: a resumed item sees what the first attempt got.
 */
import { createHash } from 'node:crypto';
import { appendFile, readFile, truncate } from 'node:fs/promises';
import { EpicError } from '../errors.js';
import type { BatchItem } from './read-items.js';

/** Where call results are kept: a file beside `--out` (file-journal) or Redis (redis-journal.ts). */
export interface CallJournal {
  /** The calls recorded for an item, by call key (see `callKey`), as JSON texts. */
  load(item: string): Promise<ReadonlyMap<string, string>>;
  /** Records one call's result (its JSON text). Rejects if it cannot be kept. */
  record(item: string, call: string, json: string): Promise<void>;
  /** Waits for pending records and releases what the journal holds. */
  close(): Promise<void>;
}

/** The journal key of an item: its index and a hash of its arguments (so an edited input never replays). */
export function itemKey(item: BatchItem): string {
  return `${item.index}:${createHash('sha256')
    .update(JSON.stringify(item.args) ?? '')
    .digest('hex')
    .slice(0, 16)}`;
}

/** The key of the `occurrence`-th call (from 0) of `host` with these arguments (as JSON) in one item. */
export function callKey(host: string, argsJson: string, occurrence: number): string {
  return `${host}(${argsJson})#${occurrence}`;
}

/** A journal that forgets (no resume): for a library caller that does not need one. */
export const NO_JOURNAL: CallJournal = {
  load: async () => new Map(),
  record: async () => {},
  close: async () => {},
};

/**
 * A journal in an append-only JSONL file, one `{"item","call","json"}` line per recorded call.
 * Opening reads what the file holds; a torn last line (the process died while writing it) is
 * ignored, and the next record starts on a fresh line. Any other line that does not parse is an
 * error naming the line. Records are appended in order, one write at a time.
 *
 * @example
 * const journal = await openFileJournal('results.jsonl.journal');
 */
export async function openFileJournal(path: string): Promise<CallJournal> {
  const entries = new Map<string, Map<string, string>>();
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new EpicError(`cannot read the journal ${path}: ${(error as Error).message}`);
  }
  for (const { value, line } of jsonLines(text, path, 'journal')) {
    const { item, call, json } = value as { item?: unknown; call?: unknown; json?: unknown };
    if (typeof item !== 'string' || typeof call !== 'string' || typeof json !== 'string') {
      throw new EpicError(`${path}:${line}: not a journal entry (expected {"item","call","json"} strings)`);
    }
    if (!entries.has(item)) entries.set(item, new Map());
    entries.get(item)!.set(call, json);
  }
  let writes = dropTornTail(path, text);
  return {
    load: async (item) => new Map(entries.get(item)),
    record(item, call, json) {
      writes = writes.then(() => appendFile(path, `${JSON.stringify({ item, call, json })}\n`));
      return writes;
    },
    close: () => writes,
  };
}

/**
 * Makes an append-only file of JSON lines end on a whole line: cuts a torn last line (one that
 * does not parse: the process died while writing it), or adds the newline a whole last line
 * lacks. Resolves once the file is repaired.
 */
export async function dropTornTail(path: string, text: string): Promise<void> {
  if (text === '' || text.endsWith('\n')) return;
  const start = text.lastIndexOf('\n') + 1;
  try {
    JSON.parse(text.slice(start));
    await appendFile(path, '\n');
  } catch {
    await truncate(path, Buffer.byteLength(text.slice(0, start)));
  }
}

/**
 * The JSON lines of an append-only file with their line numbers; the last line is dropped if it
 * does not parse and has no newline after it (a torn write). `what` names the file in errors.
 */
export function jsonLines(text: string, path: string, what: string): { value: unknown; line: number }[] {
  const lines = text.split('\n');
  const out: { value: unknown; line: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    try {
      out.push({ value: JSON.parse(raw), line: i + 1 });
    } catch {
      if (i === lines.length - 1) break; // torn last line: no newline after it
      throw new EpicError(`${path}:${i + 1}: the ${what} has a line that is not JSON; fix or remove it`);
    }
  }
  return out;
}
