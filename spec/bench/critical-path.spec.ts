import { map, Subject, take, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { CallRecorder, replayMakespan } from '../../bench/critical-path.js';
import { asStream, external, program } from '../../lib/index.js';

/**
 * Hosts answering after fixed virtual latencies: a 100 ms, b 50 ms, c 30 ms; list streams "a\n", "b\n", "c" at
 * 10, 20 and 30 ms; line(l) takes 200 ms for "a", else 10 ms.
 */
const hosts = {
  a: (x: number) => timer(100).pipe(map(() => x * 10)),
  b: (x: number) => timer(50).pipe(map(() => x + 1)),
  c: (y: number, z: number) => timer(30).pipe(map(() => y + z)),
  list: () =>
    asStream(
      timer(10, 10).pipe(
        take(3),
        map((i) => ['a\n', 'b\n', 'c'][i]!),
      ),
      'text',
    ),
  line: (l: string) => timer(l === 'a' ? 200 : 10).pipe(map(() => l.toUpperCase())),
};

const diamond = (h: typeof hosts) => {
  const { a, b, c } = { a: external(h.a), b: external(h.b), c: external(h.c) };
  return program({ a, b, c }, (x: number) => c(a(x), b(x)) + a(x + 1));
};

/** A three-line list streamed at 10, 20 and 30 ms; each line's follow-up starts when the line is complete. */
const lines = (h: typeof hosts) => {
  const { list, line } = { list: external(h.list), line: external(h.line) };
  return program({ list, line }, () => (list() as unknown as string).split('\n').map((l) => line(l)));
};

/** Runs `prog` once in virtual time with hosts recorded by a recorder on the virtual clock. */
function recordVirtually(run: (recorder: CallRecorder) => { subscribe(o: object): unknown }): CallRecorder {
  const scheduler = new TestScheduler((x, y) => expect(x).toEqual(y));
  let recorder: CallRecorder | undefined;
  scheduler.run(({ flush }) => {
    recorder = new CallRecorder(() => scheduler.now(), { bursts: false });
    run(recorder).subscribe({});
    flush();
  });
  return recorder!;
}

describe('the critical-path bound', () => {
  it('is the longest chain of recorded latencies through the dependencies', () => {
    const recorder = recordVirtually((r) => diamond(r.wrap(hosts)).run(1));
    expect(recorder.count).toBe(4);
    const replay = replayMakespan(recorder, ['a', 'b', 'c'], diamond as never, [1]);
    expect(replay).toEqual({ makespanMs: 130, value: 12 + 20 }); // max(a 100, b 50) + c 30; a(2) runs alongside
  });

  it('replays a streamed result chunk by chunk, so a follow-up starts on the first line', () => {
    const recorder = recordVirtually((r) => lines(r.wrap(hosts)).run());
    const replay = replayMakespan(recorder, ['list', 'line'], lines as never, []);
    expect(replay.value).toEqual(['A', 'B', 'C']);
    expect(replay.makespanMs).toBe(210); // line "a" (200 ms) from 10 ms; read whole, the list would end at 30 ms: 230
  });

  it('says so when the replay makes a call the recorded run did not', () => {
    const recorder = recordVirtually((r) => diamond(r.wrap(hosts)).run(1));
    expect(() => replayMakespan(recorder, ['a', 'b', 'c'], diamond as never, [2])).toThrow(
      /more often than the recorded run/,
    );
  });

  it('times the values of one synchronous delivery at the first one: work between them is not their latency', () => {
    const recorder = new CallRecorder();
    const replies = [new Subject<number>(), new Subject<number>()];
    const hosts = recorder.wrap({ first: () => replies[0]!, second: () => replies[1]! });
    const seen: number[] = [];
    hosts.first().subscribe((v: number) => seen.push(v));
    hosts.second().subscribe((v: number) => seen.push(v));
    replies[0]!.next(1);
    const busyUntil = performance.now() + 5;
    while (performance.now() < busyUntil); // a caller reacting to the first value
    replies[1]!.next(2);
    const [first, second] = [...recorder.calls.values()].map((calls) => calls[0]!.latencyMs);
    expect(seen).toEqual([1, 2]);
    expect(second).toBeLessThanOrEqual(first!); // called after the first, arrived with it
    expect(second).toBeLessThan(5); // timed at its own delivery, it would be at least the 5 ms of work before it
  });
});
