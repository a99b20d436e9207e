import { describe, expect, it } from 'vitest';
import { criticalPath, runCalls, timelineHtml, type TimelineEvent } from '../../lib/timeline/index.js';
import { drawnBars } from './svg-bars.js';

const site = (line: number) => ({ program: 'p', file: '/home/me/project/demos/p.ts', line, column: 3 });
const call = (id: number, host: string, start: number, end: number | undefined): TimelineEvent[] => [
  { type: 'dispatched', id, host, site: site(10 + id), time: start },
  ...(end === undefined ? [] : [{ type: 'resolved' as const, id, time: end }]),
];
const byTime = (events: TimelineEvent[]): TimelineEvent[] => events.sort((a, b) => a.time - b.time);

describe('runCalls', () => {
  it('reads intervals, requests and the end; a call still pending ends with the run', () => {
    const events = byTime([
      ...call(1, 'a', 0, 50),
      ...call(2, 'b', 5, undefined),
      { type: 'batched', id: 1, request: 'complete-1', size: 2, time: 1 },
      { type: 'failed', id: 3, time: 70 },
      { type: 'dispatched', id: 3, host: 'c', site: undefined, time: 60 },
      { type: 'result', time: 80 },
    ]);
    const { calls, end, finished } = runCalls(events);
    expect(end).toBe(80);
    expect(finished).toBe(true);
    expect(calls.map((c) => [c.id, c.start, c.end, c.status, c.request?.id])).toEqual([
      [1, 0, 50, 'resolved', 'complete-1'],
      [2, 5, 80, 'pending', undefined],
      [3, 60, 70, 'failed', undefined],
    ]);
  });

  it('says which event is malformed', () => {
    expect(() => runCalls([{ type: 'result', time: 1 }, { type: 'dispatched' } as unknown as TimelineEvent])).toThrow(
      /event 1 is not a run event/,
    );
  });
});

describe('criticalPath', () => {
  it('fork-join: the slowest of the fork, then the join', () => {
    const { calls } = runCalls(
      byTime([...call(1, 'w', 0, 100), ...call(2, 'f', 0, 120), ...call(3, 'h', 0, 90), ...call(4, 'plan', 120, 220)]),
    );
    expect(criticalPath(calls)).toEqual([2, 4]);
  });

  it('sequential: every call', () => {
    const { calls } = runCalls(byTime([...call(1, 'a', 0, 10), ...call(2, 'b', 10, 30), ...call(3, 'c', 31, 40)]));
    expect(criticalPath(calls)).toEqual([1, 2, 3]);
  });

  it('skips a call that settled after the next dispatch, and ends where nothing settled before', () => {
    // 1 → 3 (2 settles too late to gate 3); 4 starts at 0 and ends first: not on the path
    const { calls } = runCalls(
      byTime([...call(1, 'a', 0, 50), ...call(2, 'b', 0, 70), ...call(3, 'c', 60, 200), ...call(4, 'd', 0, 5)]),
    );
    expect(criticalPath(calls)).toEqual([1, 3]);
    expect(criticalPath([])).toEqual([]);
  });
});

describe('timelineHtml', () => {
  const events = byTime([
    ...call(1, 'complete', 0, 100),
    ...call(2, 'complete', 0, 100),
    ...call(3, 'chat', 100, 150),
    { type: 'batched', id: 1, request: 'complete-1', size: 2, time: 2 },
    { type: 'batched', id: 2, request: 'complete-1', size: 2, time: 2 },
    { type: 'batched', id: 3, request: 'chat-2', size: 1, time: 101 },
    { type: 'result', time: 151 },
  ]);

  it('draws a self-contained page: a labelled bar per call, requests grouped, the critical path marked', () => {
    const html = timelineHtml([{ label: 'opportunistic', events }], { title: 'demo <1>' });
    expect(html).not.toMatch(/<script|https?:|src=|href=|@import/);
    expect(html).toContain('<title>demo &#60;1&#62;</title>');
    const bars = drawnBars(html);
    expect(bars.map((b) => [b.id, b.host, b.request])).toEqual([
      [1, 'complete', 'complete-1'],
      [2, 'complete', 'complete-1'],
      [3, 'chat', 'chat-2'],
    ]);
    expect(bars.filter((b) => b.critical).map((b) => b.id)).toEqual([2, 3]);
    expect(html.match(/<rect class="request"/g)).toHaveLength(2);
    expect(html).toContain('>complete  demos/p.ts:11</text>');
    const colour = (id: number) => html.match(new RegExp(`data-id="${id}"[^>]*fill="([^"]+)"`))![1];
    expect(colour(1)).toBe(colour(2));
    expect(colour(3)).not.toBe(colour(1));
  });

  it('puts several runs on one time axis', () => {
    const slow = byTime([
      ...call(1, 'complete', 0, 100),
      ...call(2, 'complete', 100, 200),
      ...call(3, 'chat', 200, 300),
      { type: 'result', time: 300 },
    ]);
    const bars = drawnBars(
      timelineHtml([
        { label: 'opportunistic', events },
        { label: 'sequential', events: slow },
      ]),
    );
    const right = (panel: number) => Math.max(...bars.filter((b) => b.panel === panel).map((b) => b.x + b.width));
    expect(bars.filter((b) => b.panel === 1).every((b) => b.critical)).toBe(true);
    expect(right(1) / right(0)).toBeGreaterThan(1.5); // 300 ms against 150 ms, drawn to the same scale
  });

  it('packs many calls into shared lanes without labels', () => {
    const many = byTime(Array.from({ length: 400 }, (_, i) => call(i + 1, 'h', i, i + 1)).flat());
    const html = timelineHtml([{ label: 'many', events: many }]);
    expect(drawnBars(html)).toHaveLength(400);
    expect(html).not.toContain('class="label"');
    expect(Number(html.match(/<svg[^>]* height="(\d+)"/)![1])).toBeLessThan(200);
  });

  it('rejects an empty list of runs', () => {
    expect(() => timelineHtml([])).toThrow(/at least one run/);
  });
});
