/**
 * Drawing runs' calls as one SVG: a panel per run on a shared time axis, a bar per host call
 * (a lane per call, labelled with host and call site; above 300 calls, packed lanes without
 * labels), the calls of one external request in one colour on a shaded band, and the critical
 * path outlined in red and joined by red connectors. Every bar has a `<title>` (a tooltip in a
 * browser, no script) and `data-` attributes (id, host, start, end, request) for tools and tests.
 */
import type { CallSite } from '../runtime/events.js';
import type { CallBar, RunCalls } from './calls.js';

/** One run's calls, ready to draw. */
export interface DrawnRun extends RunCalls {
  readonly label: string;
  /** Ids of the calls on the critical path, in order. */
  readonly path: readonly number[];
}

const WIDTH = 1100;
const LABELS = 300;
const RIGHT = 40;
const PLOT = WIDTH - LABELS - RIGHT;
const HEAD = 48;
const LANE = 18;
const BAR = 12;
const GAP = 24;
const LABELLED_CALLS = 300;
const PLAIN = '#8aa4c8';
const CRITICAL = '#c62828';

type Attrs = Readonly<Record<string, string | number | undefined>>;

/** The SVG of `runs` (an `<svg>` element, to inline in HTML). */
export function timelineSvg(runs: readonly DrawnRun[]): string {
  const span = Math.max(1, ...runs.map((r) => r.end));
  const x = (t: number): number => LABELS + (t / span) * PLOT;
  const parts: string[] = [];
  let top = 0;
  for (const run of runs) {
    const panel = drawRun(run, x, span, top);
    parts.push(panel.svg);
    top += panel.height + GAP;
  }
  const height = Math.max(top - GAP, 1);
  const attrs = { class: 'timeline', width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${height}`, role: 'img' };
  return element('svg', attrs, `\n${parts.join('\n')}\n`);
}

/** How a panel places its calls. */
interface Panel {
  readonly x: (t: number) => number;
  readonly laneY: (call: CallBar) => number;
  readonly colours: ReadonlyMap<number, string>;
}

function drawRun(run: DrawnRun, x: (t: number) => number, span: number, top: number): { svg: string; height: number } {
  const lanes = laneOf(run.calls);
  const height = HEAD + Math.max(1, ...[...lanes.values()].map((l) => l + 1)) * LANE;
  const laneY = (call: CallBar): number => top + HEAD + (lanes.get(call.id) ?? 0) * LANE;
  const panel: Panel = { x, laneY, colours: requestColours(run.calls) };
  const critical = new Set(run.path);
  const labelled = run.calls.length <= LABELLED_CALLS;
  const duration = `${formatMs(run.end)}${run.finished ? '' : ' (unfinished)'}`;
  const path = plural(run.path.length, 'call');
  const heading = `${run.label}: ${run.calls.length} host calls · ${duration} · critical path ${path}`;
  const out = [
    element('text', { class: 'run-title', x: 0, y: top + 14 }, esc(heading)),
    axis(x, span, top + 34, top + height),
    ...(labelled ? requestBands(run.calls, panel) : []),
  ];
  for (const call of run.calls) {
    const y = panel.laneY(call);
    const label = clip(`${call.host}  ${siteText(call.site)}`, 44);
    const at = { class: 'label', x: LABELS - 8, y: y + BAR - 2, 'text-anchor': 'end' };
    if (labelled) out.push(element('text', at, esc(label)));
    out.push(bar(call, panel, critical.has(call.id)));
  }
  out.push(pathSteps(run, panel));
  return { svg: element('g', { class: 'run', 'data-label': run.label }, `\n${out.join('\n')}\n`), height };
}

/** One lane per call, or — for many calls — each call in the first lane free at its start. */
function laneOf(calls: readonly CallBar[]): Map<number, number> {
  const lanes = new Map<number, number>();
  if (calls.length <= LABELLED_CALLS) {
    calls.forEach((call, i) => lanes.set(call.id, i));
    return lanes;
  }
  const freeAt: number[] = [];
  for (const call of calls) {
    let lane = freeAt.findIndex((t) => t <= call.start);
    if (lane < 0) lane = freeAt.push(0) - 1;
    freeAt[lane] = call.end;
    lanes.set(call.id, lane);
  }
  return lanes;
}

/** A colour per call that travelled in a request: one hue per request. */
function requestColours(calls: readonly CallBar[]): Map<number, string> {
  const hues = new Map<string | number, string>();
  const colours = new Map<number, string>();
  for (const call of calls) {
    if (!call.request) continue;
    let colour = hues.get(call.request.id);
    if (!colour) {
      colour = `hsl(${Math.round((hues.size * 137.508 + 25) % 360)}, 62%, 52%)`;
      hues.set(call.request.id, colour);
    }
    colours.set(call.id, colour);
  }
  return colours;
}

/** A shaded band behind the calls of each request, from its first call's start to its last call's end. */
function requestBands(calls: readonly CallBar[], { x, laneY, colours }: Panel): string[] {
  const groups = new Map<string | number, CallBar[]>();
  for (const call of calls) {
    if (call.request) groups.set(call.request.id, [...(groups.get(call.request.id) ?? []), call]);
  }
  return [...groups].map(([id, members]) => {
    const y0 = Math.min(...members.map(laneY)) - 2;
    const y1 = Math.max(...members.map(laneY)) + BAR + 2;
    const x0 = x(Math.min(...members.map((c) => c.start)));
    const x1 = x(Math.max(...members.map((c) => c.end)));
    const size = members[0]!.request!.size;
    const ids = members.map((c) => `#${c.id}`).join(', ');
    const title = `request ${id}: ${plural(size, 'item')}, ${plural(members.length, 'call')} (${ids})`;
    const attrs = {
      class: 'request',
      'data-request': String(id),
      x: round(x0 - 3),
      y: round(y0),
      width: round(Math.max(x1 - x0 + 6, 6)),
      height: round(y1 - y0),
      rx: 3,
      fill: colours.get(members[0]!.id),
      'fill-opacity': 0.16,
    };
    return element('rect', attrs, element('title', {}, esc(title)));
  });
}

function bar(call: CallBar, { x, laneY, colours }: Panel, critical: boolean): string {
  const left = round(x(call.start));
  const width = Math.max(round(round(x(call.end)) - left), 1); // x + width is the end drawn, to the tenth
  const request = call.request ? ` · request ${call.request.id} (${plural(call.request.size, 'item')})` : '';
  const when = `${formatMs(call.start)} → ${formatMs(call.end)}`;
  const onPath = critical ? ' · critical path' : '';
  const title = `#${call.id} ${call.host} at ${siteText(call.site)} · ${when} · ${call.status}${request}${onPath}`;
  const failed = call.status === 'failed' && !critical;
  const attrs = {
    class: `call${critical ? ' critical' : ''} ${call.status}`,
    'data-id': call.id,
    'data-host': call.host,
    'data-start': call.start,
    'data-end': call.end,
    'data-request': call.request ? String(call.request.id) : undefined,
    x: left,
    y: laneY(call),
    width,
    height: BAR,
    rx: 2,
    fill: colours.get(call.id) ?? PLAIN,
    stroke: critical ? CRITICAL : failed ? '#000' : undefined,
    'stroke-width': critical ? 2.5 : undefined,
    'stroke-dasharray': failed ? '3 2' : undefined,
  };
  return element('rect', attrs, element('title', {}, esc(title)));
}

/** Red connectors along the critical path: from each call's end to the next call's start. */
function pathSteps(run: DrawnRun, { x, laneY }: Panel): string {
  const byId = new Map(run.calls.map((c) => [c.id, c]));
  const steps = run.path.map((id) => byId.get(id)).filter((c): c is CallBar => c !== undefined);
  const lines: string[] = [];
  for (let i = 1; i < steps.length; i++) {
    const from = steps[i - 1]!;
    const to = steps[i]!;
    const attrs = {
      class: 'critical-step',
      x1: round(x(from.end)),
      y1: laneY(from) + BAR / 2,
      x2: round(x(to.start)),
      y2: laneY(to) + BAR / 2,
      stroke: CRITICAL,
      'stroke-width': 1.5,
    };
    lines.push(element('line', attrs));
  }
  return lines.join('');
}

/** Tick marks and grid lines at a round step (1, 2 or 5 × 10^k ms), about 8 across. */
function axis(x: (t: number) => number, span: number, y: number, bottom: number): string {
  const rough = span / 8;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: string[] = [];
  for (let t = 0; t <= span + 1e-9; t += step) {
    const at = round(x(t));
    ticks.push(element('line', { x1: at, y1: y, x2: at, y2: bottom, stroke: '#ddd' }));
    ticks.push(element('text', { class: 'tick', x: at, y: y - 3, 'text-anchor': 'middle' }, esc(formatMs(t))));
  }
  return element('g', { class: 'axis' }, ticks.join(''));
}

/** An element with escaped attribute values (undefined ones left out) and `content` as given (already markup). */
function element(name: string, attrs: Attrs, content?: string): string {
  let open = `<${name}`;
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) open += ` ${key}="${esc(String(value))}"`;
  return content === undefined ? `${open}/>` : `${open}>${content}</${name}>`;
}

/** "demos/trip-planner.ts:31", or the program's name and line where no file is known. */
export function siteText(site: CallSite | undefined): string {
  if (!site) return '(no call site)';
  const file = site.file ?? site.program;
  const short = file.split(/[\\/]/).slice(-2).join('/');
  return `${short}:${site.line}`;
}

/** "850 ms", "1.25 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Text for XML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
