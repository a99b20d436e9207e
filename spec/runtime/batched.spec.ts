import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { program } from '../../lib/program.js';
import type { HostContext } from '../../lib/runtime/host-calls.js';
import { external } from '../../lib/runtime/external.js';

/** A host that reports joining request `req-<x>` of size 2, then answers. */
async function askHost(this: HostContext, x: number): Promise<number> {
  this.joined?.({ id: `req-${x % 2}`, size: 2 });
  return x * 10;
}
const ask = external(askHost);

describe('HostContext.joined', () => {
  it('turns a host report into a batched event between the call dispatch and its result', async () => {
    const prog = program({ ask }, (xs: number[]) => xs.map((x) => ask(x)));
    const events = await lastValueFrom(prog.events([1, 2]).pipe(toArray()));
    expect(
      events.map((e) => (e.type === 'batched' ? `${e.type} ${e.id} ${e.host} ${e.request} ${e.size}` : `${e.type}`)),
    ).toEqual([
      'dispatched',
      'batched 1 ask req-1 2',
      'dispatched',
      'batched 2 ask req-0 2',
      'resolved',
      'resolved',
      'result',
    ]);
  });

  it('reaches a host wrapped with flow control, and the sequential evaluator', async () => {
    const flowing = external(askHost, { retry: 1, timeoutMs: 10_000 });
    const prog = program({ flowing }, (x: number) => flowing(x));
    for (const strategy of ['opportunistic', 'sequential'] as const) {
      const events = await lastValueFrom(prog.with({ strategy }).events(3).pipe(toArray()));
      expect(events.filter((e) => e.type === 'batched')).toEqual([
        { type: 'batched', id: 1, host: 'flowing', request: 'req-1', size: 2, time: expect.any(Number) },
      ]);
    }
  });

  it('fails the call with a clear message on a malformed report', async () => {
    const bad = external(function (this: HostContext) {
      this.joined?.({ id: 'r', size: 0 });
      return 1;
    });
    const prog = program({ bad }, () => bad());
    await expect(prog.evaluate()).rejects.toThrow(/request\.size must be a positive integer .* got 0/);
  });
});
