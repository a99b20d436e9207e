/**
 * An output file opened before a command does its work (e.g. `--trace out.json`), so a path that
 * cannot be written fails at once, in one line, rather than after every host call was made.
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import { EpicError } from '../errors.js';

/** An opened output file: `commit` replaces its content; `close` releases it. */
export interface OutputFile {
  readonly path: string;
  /** Replaces the file's content with `text`. */
  commit(text: string): Promise<void>;
  /** Closes the file; one this command created and never committed is removed again. */
  close(): Promise<void>;
}

/**
 * Opens `path` for writing, creating it if missing. An existing file keeps its content until
 * `commit`, so a failed run leaves an earlier trace intact. Throws an `EpicError` naming `what`
 * and the reason (missing directory, a directory, no permission) if it cannot be written.
 *
 * @example
 * const trace = await openOutputFile('out.json', 'trace file');
 * try { await trace.commit(json); } finally { await trace.close(); }
 */
export async function openOutputFile(path: string, what: string): Promise<OutputFile> {
  let created = true;
  let handle: FileHandle;
  try {
    handle = await open(path, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
      created = false;
      return open(path, 'r+');
    });
  } catch (error) {
    throw new EpicError(`cannot write the ${what} ${path}: ${reason(error as NodeJS.ErrnoException)}`, {
      cause: error,
    });
  }
  let committed = false;
  return {
    path,
    async commit(text) {
      await handle.truncate(0);
      await handle.write(text, 0);
      committed = true;
    },
    async close() {
      await handle.close();
      if (created && !committed) await rm(path, { force: true });
    },
  };
}

function reason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'its directory does not exist';
    case 'ENOTDIR':
      return 'a parent of it is not a directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return error.message;
  }
}
