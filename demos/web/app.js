// The web demo's page script (plain ES module, no build step). It opens an EventSource on
// /run?input=…, rebuilds the result from the `snapshot` frame and the `patch` frames (immer's
// applyPatches, then the text appends: patch-frame.js), draws one bar per host call from
// `dispatched`/`resolved`/`failed` (and, when the runtime sends them, `batched` frames: which LLM
// request carried the call), and shows the simulator's request and prompt counts from `llm`
// frames. See lib/serve/frames.ts for the frames.
import { applyPatches, enablePatches } from '/immer.mjs';
import { applyPatchFrame } from '/patch-frame.js';

enablePatches();

const $ = (id) => document.getElementById(id);
const PENDING = '\u2026 pending';
const BATCH_COLOURS = ['#7b3fb3', '#1f8a70', '#c2410c', '#0e7490', '#be185d', '#4d7c0f', '#9a3412', '#1d4ed8'];

/** The run on screen: its EventSource, result, calls and clock. */
let run;

fetch('/info')
  .then((r) => r.json())
  .then((info) => {
    $('backend').textContent = info.simulated
      ? 'LLM: the embedded simulator (no API key, no network).'
      : 'LLM: the endpoint configured by OPENAI_BASE_URL / OPENAI_API_KEY.';
  });

$('form').addEventListener('submit', (event) => {
  event.preventDefault();
  start($('input').value);
});

function start(input) {
  if (run) stop(run);
  const source = new EventSource(`/run?input=${encodeURIComponent(input)}`);
  run = {
    source,
    state: undefined,
    calls: new Map(),
    requests: new Map(),
    offset: undefined,
    latest: 0,
    end: undefined,
    frame: 0,
  };
  const current = run;
  const on = (name, handle) =>
    source.addEventListener(name, (e) => {
      if (run !== current) return;
      const data = e.data === undefined ? undefined : JSON.parse(e.data);
      if (typeof data?.time === 'number') seen(current, data.time);
      handle(data);
    });
  status('running…');
  showResult(current, false);
  on('snapshot', (d) => {
    current.state = d.value;
    showResult(current, d.complete);
  });
  on('patch', (d) => {
    current.state = applyPatchFrame(current.state, d, applyPatches);
    showResult(current, d.complete);
  });
  on('dispatched', (d) => {
    current.calls.set(d.id, { id: d.id, host: d.host, site: d.site, args: d.args, start: d.time });
  });
  on('resolved', (d) => settle(current, d, 'resolved'));
  on('failed', (d) => settle(current, d, 'failed'));
  on('batched', (d) => {
    const call = current.calls.get(d.id);
    if (call) call.batch = { request: d.request, size: d.size };
    const { requests } = current;
    if (!requests.has(d.request)) requests.set(d.request, BATCH_COLOURS[requests.size % BATCH_COLOURS.length]);
  });
  on('llm', (d) => showLlm(d));
  on('done', (d) => finish(current, `done in ${seconds(d.time ?? now(current))}`));
  on('error', (d) => finish(current, d ? `${d.name}: ${d.message}` : 'the connection to the server was lost', true));
  const draw = () => {
    drawTimeline(current);
    if (run === current && current.end === undefined) current.frame = requestAnimationFrame(draw);
  };
  current.frame = requestAnimationFrame(draw);
}

function stop(r) {
  r.source.close();
  cancelAnimationFrame(r.frame);
}

/**
 * Server times are ms since the run started; the first one fixes the offset to this page's clock.
 * The page's "now" never runs behind the latest server time it has seen.
 */
function seen(r, time) {
  if (r.offset === undefined) r.offset = performance.now() - time;
  r.latest = Math.max(r.latest, time);
}
const now = (r) => r.end ?? Math.max(r.latest, r.offset === undefined ? 0 : performance.now() - r.offset);

function settle(r, d, how) {
  const call = r.calls.get(d.id);
  if (!call) return;
  call.finish = d.time;
  call.how = how;
  call.summary = d.summary ?? d.error;
}

function finish(r, text, failed = false) {
  r.end = now(r);
  stop(r);
  drawTimeline(r);
  status(text, failed);
}

function status(text, failed = false) {
  $('status').textContent = text;
  $('status').className = failed ? 'error' : 'muted';
}

function showResult(r, complete) {
  let known = 0;
  let pending = 0;
  const text =
    r.state === undefined
      ? ''
      : JSON.stringify(
          r.state,
          (_key, value) => {
            if (value && typeof value === 'object' && value.$pending === true) return (pending++, PENDING);
            if (value === null || typeof value !== 'object') known++;
            return value;
          },
          2,
        );
  const html = escapeHtml(text).replaceAll(`"${PENDING}"`, `<span class="pending">${PENDING}</span>`);
  const result = $('result');
  result.innerHTML = html;
  result.dataset.complete = String(complete);
  const progress = $('progress');
  progress.dataset.known = String(known);
  progress.dataset.pending = String(pending);
  progress.textContent = r.state === undefined ? '' : `(${known} parts known, ${pending} pending)`;
}

function showLlm(d) {
  const perRequest = d.batchSizes.length ? ` · prompts per request: ${d.batchSizes.join(' ')}` : '';
  $('llm').textContent =
    `LLM requests: ${d.requests} · prompts: ${d.prompts}${perRequest}` +
    ` · in service now: ${d.inService}` +
    (d.closedEarly ? ` · closed early: ${d.closedEarly}` : '');
}

function drawTimeline(r) {
  const t = Math.max(now(r), 1);
  const calls = [...r.calls.values()];
  const open = calls.filter((c) => c.finish === undefined).length;
  const batched = calls.filter((c) => c.batch).length;
  const batches = batched ? `, ${batched} in ${r.requests.size} LLM requests` : '';
  $('calls').textContent = `(${calls.length} calls, ${open} in flight${batches} · ${seconds(t)})`;
  $('timeline').replaceChildren(
    ...calls.map((call) => {
      const row = document.createElement('div');
      row.className = 'row';
      const label = document.createElement('div');
      label.className = 'label';
      label.textContent = `#${call.id} ${call.host}${call.site ? ` :${call.site.line}` : ''}`;
      const where = call.site ? ` at ${call.site.file ?? call.site.program}:${call.site.line}` : '';
      label.title = `${call.host}(${call.args})${where}${call.summary ? ` → ${call.summary}` : ''}`;
      const track = document.createElement('div');
      track.className = 'track';
      const bar = document.createElement('div');
      bar.className = `bar ${call.how ?? 'pending'}`;
      bar.style.left = `${(100 * call.start) / t}%`;
      bar.style.width = `${(100 * ((call.finish ?? t) - call.start)) / t}%`;
      bar.title = label.title;
      if (call.batch) {
        const colour = r.requests.get(call.batch.request);
        bar.dataset.request = String(call.batch.request);
        row.style.setProperty('--batch', colour);
        const badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = `req ${call.batch.request} ×${call.batch.size}`;
        label.prepend(badge, ' ');
      }
      track.append(bar);
      row.append(label, track);
      return row;
    }),
  );
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const escapeHtml = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
