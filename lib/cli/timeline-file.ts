/**
 * `--timeline FILE` of `epic run` and `epic demo`: the runs' calls drawn as one self-contained
 * HTML file (lib/timeline), written to a file opened before the runs started.
 */
import { timelineHtml } from '../timeline/index.js';
import type { OutputFile } from './output-file.js';
import type { RunReport } from './watch.js';

/** A finished run and its label in the picture (e.g. "sequential"). */
export interface LabelledRun {
  readonly label: string;
  readonly report: RunReport;
}

/** Writes the timeline of `runs` to `file`; returns the line to print about it. */
export async function writeTimeline(file: OutputFile, title: string, runs: readonly LabelledRun[]): Promise<string> {
  const html = timelineHtml(
    runs.map(({ label, report }) => ({
      label,
      events: [...report.events, { type: 'result' as const, time: report.stats.time }],
    })),
    { title },
  );
  await file.commit(html);
  const calls = runs.map(({ label, report }) => `${report.stats.calls} calls ${label}`).join(', ');
  return `timeline: ${calls} drawn in ${file.path}`;
}
