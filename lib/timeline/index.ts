/**
 * Timeline pictures of runs: `timelineHtml(runs)` draws runs' host calls from their events as one
 * self-contained HTML file; `runCalls` and `criticalPath` are the reading and the inference it
 * draws from.
 */
export { runCalls, type CallBar, type RunCalls, type TimelineEvent } from './calls.js';
export { criticalPath } from './critical-path.js';
export { timelineHtml, type TimelineOptions, type TimelineRun } from './html.js';
