/**
 * What the `epic` commands write to and what stops them, passed in rather than read from
 * `process`, so a caller (a spec, another tool) can run a command in-process with string buffers.
 *
 * @example
 * let out = '';
 * const io: CliIo = { stdout: { write: (s) => (out += s) }, stderr: process.stderr, signal: AbortSignal.timeout(60_000) };
 * await main(['run', 'demos/trip-planner.ts'], io);
 */

/** A text sink: `process.stdout`, any `Writable`, or a plain object that collects strings. */
export interface Output {
  write(text: string): unknown;
  /** Only a TTY gets the live status line (it redraws itself with carriage returns). */
  readonly isTTY?: boolean | undefined;
  /** Width for wrapping help text, when known. */
  readonly columns?: number | undefined;
}

/** The streams and the stop signal of one `epic` invocation. */
export interface CliIo {
  /** Results and help. */
  readonly stdout: Output;
  /** Notes, summaries, the status line and errors. */
  readonly stderr: Output;
  /**
   * Aborted on Ctrl-C (SIGINT) or SIGTERM: a run is unsubscribed (its host calls are aborted)
   * and fails with the abort reason; `epic sim` stops its server and exits 0.
   */
  readonly signal: AbortSignal;
}
