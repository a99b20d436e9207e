/**
 * `timelineHtml`: a picture of one or more runs as ONE self-contained HTML file — inline SVG and
 * inline CSS, no script, no font, image or stylesheet fetched — that opens offline in any
 * browser: a bar per host call over time, labelled with its host and call site, the calls of one
 * external request (an LLM request carrying several prompts) in one colour, and the critical path
 * in red (critical-path.ts says how it is found). Several runs (e.g. opportunistic and sequential)
 * share one time axis, so their lengths compare at a glance.
 */
import { runCalls, type TimelineEvent } from './calls.js';
import { criticalPath } from './critical-path.js';
import { esc, timelineSvg, type DrawnRun } from './svg.js';

/** One run to draw: a label (e.g. "opportunistic") and its events (`Program.events`, in order). */
export interface TimelineRun {
  readonly label: string;
  readonly events: Iterable<TimelineEvent>;
}

/** Options of `timelineHtml`. */
export interface TimelineOptions {
  /** The page's heading, e.g. the program's name. Default "epic-rx timeline". */
  readonly title?: string;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}
svg text{font:11px ui-monospace,monospace;fill:#333}svg .run-title{font:bold 13px system-ui,sans-serif}
svg .tick{fill:#777}p.legend{color:#555;max-width:70em}`;

/**
 * The HTML page of `runs`. Throws a `TypeError` when `runs` is empty or an event is malformed.
 *
 * Gotcha: the critical path is inferred from times alone (see critical-path.ts): with no
 * dependency information in the events, it is the chain of calls whose settling most closely
 * preceded each next dispatch.
 *
 * @example
 * const events = await lastValueFrom(prog.events(input).pipe(toArray()));
 * await writeFile('timeline.html', timelineHtml([{ label: 'opportunistic', events }], { title: prog.name }));
 */
export function timelineHtml(runs: readonly TimelineRun[], options: TimelineOptions = {}): string {
  if (!Array.isArray(runs) || runs.length === 0) {
    throw new TypeError('timelineHtml: expected at least one run ({ label, events })');
  }
  const drawn: DrawnRun[] = runs.map(({ label, events }) => {
    const calls = runCalls(events);
    return { ...calls, label, path: criticalPath(calls.calls) };
  });
  const title = options.title ?? 'epic-rx timeline';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="legend">A bar per host call, from dispatch to settling (hover for details), on one time axis for all runs.
Calls carried by one external request (e.g. one LLM request with several prompts) share a colour and a shaded band;
other calls are blue-grey; a failed call is dashed. Outlined in red: the critical path — from the call that settled
last, back through the call whose settling most closely preceded each dispatch.</p>
${timelineSvg(drawn)}
</body>
</html>
`;
}
