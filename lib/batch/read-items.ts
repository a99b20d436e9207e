/**
 * Reading a batch's inputs: a JSONL file (one JSON value per line) or a CSV file (a header row,
 * then one item per row). Which one is decided by the extension: `.jsonl`/`.ndjson` or `.csv`.
 *
 * What an item is: a JSONL line holding an array is the program's argument list (as a module's
 * `input` export); any other JSON value is its one argument — so a program taking one array
 * writes `[[…]]`. A CSV row is one argument: an object from the header's names to the row's
 * strings. Blank lines are skipped; an item's index counts items, from 0.
 *
 * Errors name the file and the line: `data.jsonl:3: not JSON (…)`.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { EpicError } from '../errors.js';

/** One input of a batch: its position in the input and the program's arguments. */
export interface BatchItem {
  readonly index: number;
  readonly args: readonly unknown[];
}

/**
 * Reads `path` into items (see the module comment); throws an `EpicError` naming the file and
 * line for a bad line, an unknown extension or a missing file.
 *
 * @example
 * const items = await readItems('demos/map-reduce-inputs.jsonl');   // [{ index: 0, args: [[…], '…'] }, …]
 */
export async function readItems(path: string): Promise<BatchItem[]> {
  const format = formatOf(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new EpicError(`cannot read the input ${path}: ${why}`);
  }
  return format === 'csv' ? parseCsvItems(text, path) : parseJsonlItems(text, path);
}

function formatOf(path: string): 'jsonl' | 'csv' {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  throw new EpicError(`cannot tell the format of the input ${path}: expected a .jsonl, .ndjson or .csv file`);
}

/** Items of a JSONL text (`name` names it in errors). */
export function parseJsonlItems(text: string, name: string): BatchItem[] {
  const items: BatchItem[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new EpicError(`${name}:${i + 1}: not JSON (${(error as Error).message}); each line must be one JSON value`);
    }
    items.push({ index: items.length, args: Array.isArray(value) ? value : [value] });
  });
  return items;
}

/** Items of a CSV text (RFC 4180: quoted fields may hold commas, quotes as "" and newlines). */
export function parseCsvItems(text: string, name: string): BatchItem[] {
  const rows = csvRows(text, name).filter(({ fields }) => !(fields.length === 1 && fields[0] === ''));
  const [header, ...body] = rows;
  if (!header) throw new EpicError(`${name}: the CSV file is empty; expected a header row, then one row per item`);
  const names = header.fields;
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined)
    throw new EpicError(`${name}:${header.line}: the header names the column "${duplicate}" twice`);
  return body.map(({ fields, line }, index) => {
    if (fields.length !== names.length) {
      throw new EpicError(
        `${name}:${line}: ${fields.length} fields, but the header has ${names.length} (${names.join(', ')})`,
      );
    }
    return { index, args: [Object.fromEntries(names.map((n, j) => [n, fields[j]]))] };
  });
}

interface CsvRow {
  readonly fields: string[];
  /** The line the row starts on, from 1. */
  readonly line: number;
}

function csvRows(text: string, name: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let quotedFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quotedFrom > 0) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quotedFrom = 0;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quotedFrom = line;
    else if (c === ',') fields.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      rows.push({ fields, line: rowLine });
      fields = [];
      field = '';
      rowLine = ++line;
    } else field += c;
  }
  if (quotedFrom > 0)
    throw new EpicError(`${name}:${quotedFrom}: a quoted field is never closed (a quote inside a field is written "")`);
  if (field !== '' || fields.length > 0) rows.push({ fields: [...fields, field], line: rowLine });
  return rows;
}
