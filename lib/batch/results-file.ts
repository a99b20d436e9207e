/**
 * The results file of `epic batch` (`--out`): one JSON line per item — `{ index, value, calls,
 * replayed, ms }` or `{ index, error, … }`. While a batch runs, lines are appended as items
 * finish (so an interrupted batch keeps what it finished); when every item has a line, the file
 * is rewritten in input order, one line per index. A rerun reads the file back: items with a
 * value are done; items with an error are run again (their journaled calls are replayed).
 */
import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { EpicError } from '../errors.js';
import { dropTornTail, jsonLines } from './journal.js';
import type { BatchResult } from './run-batch.js';

/** An open results file. */
export interface ResultsFile {
  readonly path: string;
  /** The latest result of each index so far (from earlier runs and this one). */
  readonly results: ReadonlyMap<number, BatchResult>;
  /** Appends a result line (and remembers it). */
  append(result: BatchResult): Promise<void>;
  /** Waits for the appends; once every item has a line, rewrites the file in index order, one line per index. */
  close(): Promise<void>;
}

/**
 * Opens `path` for `total` items, reading what an earlier run wrote (a torn last line is
 * dropped). Throws an `EpicError` naming the line for a line that is not a result, or one whose
 * index is not an item of this input (the file belongs to another input).
 */
export async function openResultsFile(path: string, total: number): Promise<ResultsFile> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new EpicError(`cannot read the results file ${path}: ${(error as Error).message}`);
  }
  const results = new Map<number, BatchResult>();
  for (const { value, line } of jsonLines(text, path, 'results file')) {
    const r = value as Partial<BatchResult> | null;
    if (typeof r !== 'object' || r === null || !Number.isInteger(r.index) || !('value' in r || 'error' in r)) {
      throw new EpicError(`${path}:${line}: not a result line (expected {"index", "value" or "error", …})`);
    }
    if (r.index! < 0 || r.index! >= total) {
      throw new EpicError(
        `${path}:${line}: a result for item ${r.index}, but the input has ${total} items: ` +
          'is --out the results of another input?',
      );
    }
    results.set(r.index!, r as BatchResult);
  }
  let writes: Promise<void> = text === '' ? writeFile(path, '') : dropTornTail(path, text);
  await writes.catch((error: Error) => {
    throw new EpicError(`cannot write the results file ${path}: ${error.message}`);
  });
  return {
    path,
    results,
    append(result) {
      const line = resultLine(result);
      results.set(result.index, JSON.parse(line) as BatchResult);
      writes = writes.then(() => appendFile(path, `${line}\n`));
      return writes;
    },
    async close() {
      await writes;
      if (results.size < total) return;
      const lines = [...results.values()].sort((a, b) => a.index - b.index).map((r) => `${JSON.stringify(r)}\n`);
      await writeFile(`${path}.tmp`, lines.join(''));
      await rename(`${path}.tmp`, path);
    },
  };
}

/**
 * The JSON line of a result (`undefined` is written as null); a value that is not JSON (a BigInt,
 * a cycle) becomes an error line.
 */
export function resultLine(result: BatchResult): string {
  try {
    return JSON.stringify('value' in result && result.value === undefined ? { ...result, value: null } : result);
  } catch (error) {
    const { index, calls, replayed, ms } = result;
    return JSON.stringify({ index, error: `the result is not JSON: ${(error as Error).message}`, calls, replayed, ms });
  }
}
