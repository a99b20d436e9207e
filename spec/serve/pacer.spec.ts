import type { ServerResponse } from 'node:http';
import { NEVER, of, Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  eventStreamHandler,
  eventStreamResponse,
  sseFrames,
  toEventStream,
  writeEventStream,
} from '../../lib/serve/index.js';
import { FramePacer, HEARTBEAT, QUEUE_LIMIT } from '../../lib/serve/pacer.js';
import type { ServableEvent } from '../../lib/serve/frames.js';
import { framesOf, statesOf, type Frame } from './sse-client.js';

/** A sink that takes frames while `open` (and reports whether it can take more). */
function sink() {
  const s = {
    open: true,
    frames: [] as string[],
    ended: false,
    write: (frame: string) => {
      s.frames.push(frame);
      return s.open;
    },
    end: () => {
      s.ended = true;
    },
    parsed: (): Frame[] => framesOf(s.frames.join('')),
  };
  return s;
}

/** A snapshot event whose value is `{ n }`, patched from `{ n: n - 1 }`. */
const snapshot = (n: number): ServableEvent => ({
  type: 'snapshot',
  value: { n },
  patches: n === 0 ? [] : [{ op: 'replace', path: ['n'], value: n }],
  complete: false,
  time: n,
});

describe('heartbeats', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('sends a keep-alive comment every heartbeatMs while the run is live, and no timer survives its end', () => {
    const out = sink();
    const run = new Subject<ServableEvent>();
    new FramePacer(out, 1000).start(run);
    vi.advanceTimersByTime(999);
    expect(out.frames).toEqual([]);
    vi.advanceTimersByTime(2001);
    expect(out.frames).toEqual([HEARTBEAT, HEARTBEAT, HEARTBEAT]);
    expect(HEARTBEAT).toBe(': keep-alive\n\n');
    run.complete();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(out.parsed().map((f) => f.event)).toEqual([':', ':', ':', 'done']);
  });

  it('stops when the run is stopped (the client left), and skips beats while the client is behind', () => {
    const out = sink();
    const subscription = new FramePacer(out, 100).start(NEVER);
    out.open = false;
    vi.advanceTimersByTime(1000);
    expect(out.frames).toEqual([HEARTBEAT]); // the one that found the client behind
    subscription.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is off with 0 or false, every 15 s by default', async () => {
    for (const heartbeatMs of [0, false] as const) {
      const subscription = sseFrames(NEVER, { heartbeatMs }).subscribe();
      expect(vi.getTimerCount()).toBe(0);
      subscription.unsubscribe();
    }
    const frames: string[] = [];
    const subscription = sseFrames(NEVER).subscribe((f) => frames.push(f));
    vi.advanceTimersByTime(30_000);
    expect(frames).toEqual([HEARTBEAT, HEARTBEAT]);
    subscription.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects a bad heartbeatMs in every writer, naming the option and the value', () => {
    const res = {} as ServerResponse; // never touched: the options are checked first
    for (const heartbeatMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '15s', true, null]) {
      const options = { heartbeatMs } as never;
      const message = /heartbeatMs must be a number of milliseconds from 0 to 2147483647, or false/;
      expect(() => sseFrames(of(), options)).toThrow(message);
      expect(() => toEventStream(of(), options)).toThrow(message);
      expect(() => eventStreamResponse(of(), {}, options)).toThrow(message);
      expect(() => writeEventStream(res, of(), options)).toThrow(message);
      expect(() => eventStreamHandler(() => of(), options)).toThrow(message);
    }
    expect(() => sseFrames(of(), { heartbeatMs: '15s' } as never)).toThrow(/got "15s"/);
    expect(() => sseFrames(of(), 15_000 as never)).toThrow(/options must be an object/);
  });
});

describe('backpressure: a client that is behind', () => {
  it('gets the result merged into one snapshot and at most QUEUE_LIMIT event frames, then the rest', () => {
    const out = sink();
    const run = new Subject<ServableEvent>();
    const pacer = new FramePacer(out, 0);
    pacer.start(run);
    run.next(snapshot(0));
    out.open = false;
    run.next(snapshot(1)); // written: this one finds the client behind
    for (let n = 2; n <= 10_000; n++) {
      run.next(snapshot(n));
      run.next({ type: 'progress', n } as ServableEvent);
    }
    expect(out.frames).toHaveLength(2); // nothing written while behind
    out.open = true;
    pacer.resume();
    run.next(snapshot(10_001));
    run.complete();
    const frames = out.parsed();
    expect(frames.map((f) => f.event)).toEqual([
      'snapshot',
      'patch',
      ...Array(QUEUE_LIMIT).fill('progress'),
      'dropped',
      'snapshot',
      'patch',
      'done',
    ]);
    expect(frames.at(-4)!.data).toEqual({ events: 10_000 - 1 - QUEUE_LIMIT });
    expect(frames.at(-3)!.data).toEqual({ value: { n: 10_000 }, complete: false, time: 10_000 });
    expect(statesOf(frames).at(-1)).toEqual({ n: 10_001 });
    expect(out.ended).toBe(true);
  });

  it('sends what waits with the last frame when the run ends while the client is behind', () => {
    for (const end of ['complete', 'error'] as const) {
      const out = sink();
      const run = new Subject<ServableEvent>();
      new FramePacer(out, 0).start(run);
      out.open = false;
      run.next({ type: 'dispatched', id: 1 });
      for (let n = 0; n < 100; n++) run.next(snapshot(n));
      run.next({ type: 'resolved', id: 1, value: 'x' });
      if (end === 'complete') run.complete();
      else run.error(new Error('it broke'));
      const frames = out.parsed();
      expect(frames.map((f) => f.event)).toEqual([
        'dispatched',
        'resolved',
        'snapshot',
        end === 'complete' ? 'done' : 'error',
      ]);
      expect(statesOf(frames).at(-1)).toEqual({ n: 99 });
      expect(out.ended).toBe(true);
    }
  });

  it('ends with an error frame, and stops the run, when an event cannot be framed', () => {
    const out = sink();
    const run = new Subject<ServableEvent>();
    new FramePacer(out, 0).start(run);
    run.next({ type: 'bad type' });
    expect(run.observed).toBe(false);
    expect(out.parsed()).toEqual([
      { event: 'error', data: { name: 'EpicError', message: expect.stringMatching(/needs a type/) } },
    ]);
  });
});
