/**
 * Progress of a batch on stderr: on a terminal a status line redrawn in place (items done and
 * failed, calls in flight, LLM requests vs prompts when a simulator's metrics are at hand, ETA);
 * otherwise a plain line every `everyMs`.
 */
import type { CallTally } from './journaled-hosts.js';

/** A text sink (a stream, or anything with `write`); only a TTY gets the redrawn line. */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  /** A terminal's width: the redrawn line is cut to it (a wrapped line could not be redrawn). */
  readonly columns?: number | undefined;
}

/** Where progress reads its figures. */
export interface ProgressSource {
  readonly total: number;
  /** Items finished before this run started (skipped). */
  readonly skipped: number;
  /** Items finished in this run, and how many of those failed. */
  done(): number;
  failed(): number;
  /** Calls counted in this process (undefined when the calls run elsewhere, e.g. on workers). */
  readonly tally?: CallTally | undefined;
  /** LLM requests and prompts so far, when a simulator counts them. */
  readonly traffic?: (() => { requests: number; prompts: number } | undefined) | undefined;
}

/**
 * The status line now, e.g.
 * "120/200 items · 2 failed · 14 calls in flight · 300 made, 20 replayed · LLM 30 requests / 480 prompts · ETA 12 s".
 */
export function progressLine(source: ProgressSource, elapsedMs: number): string {
  const { total, skipped, tally } = source;
  const done = source.done();
  const parts = [`${skipped + done}/${total} items`];
  if (source.failed() > 0) parts.push(`${source.failed()} failed`);
  if (tally) parts.push(`${tally.inFlight} calls in flight`, `${tally.made} made, ${tally.replayed} replayed`);
  const traffic = source.traffic?.();
  if (traffic) parts.push(`LLM ${traffic.requests} requests / ${traffic.prompts} prompts`);
  const left = total - skipped - done;
  if (done > 0 && left > 0) parts.push(`ETA ${Math.ceil(((elapsedMs / done) * left) / 1000)} s`);
  return parts.join(' · ');
}

/** Starts reporting to `out`; the returned function stops it (and ends a terminal's line). */
export function startProgress(source: ProgressSource, out: ProgressOutput, everyMs = 5000): () => void {
  const start = performance.now();
  const tty = out.isTTY === true;
  const bar = (): string => {
    const width = 20;
    const filled = Math.round(((source.skipped + source.done()) / Math.max(1, source.total)) * width);
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] `;
  };
  const draw = (): void => {
    const line = progressLine(source, performance.now() - start);
    out.write(tty ? `\r\x1b[K${`${bar()}${line}`.slice(0, (out.columns ?? 120) - 1)}` : `${line}\n`);
  };
  const timer = setInterval(draw, tty ? 200 : everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (tty) out.write('\r\x1b[K');
  };
}
