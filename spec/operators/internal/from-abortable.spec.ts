import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { fromAbortable } from '../../../operators/internal/from-abortable.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('fromAbortable', () => {
  it('starts on subscribe and aborts the signal when unsubscribed before finishing', () => {
    const scheduler = newScheduler();
    const signals: AbortSignal[] = [];
    const seen: boolean[] = [];
    scheduler.run(({ expectObservable }) => {
      const source = fromAbortable((signal) => (signals.push(signal), timer(5)));
      expect(signals).toEqual([]); // nothing starts before a subscription
      expectObservable(source, '^--!').toBe('');
      scheduler.schedule(() => seen.push(signals[0]?.aborted ?? true), 2);
    });
    expect(seen).toEqual([false]);
    expect(signals[0]?.aborted).toBe(true);
  });

  it('does not abort after completion or error, and starts anew for each subscription', () => {
    const signals: AbortSignal[] = [];
    const failure = new Error('failed');
    newScheduler().run(({ cold, expectObservable }) => {
      expectObservable(fromAbortable((signal) => (signals.push(signal), cold('-a|')))).toBe('-a|');
      const failing = fromAbortable((signal) => (signals.push(signal), cold('-#', undefined, failure)));
      expectObservable(failing).toBe('-#', undefined, failure);
    });
    expect(signals.map((s) => s.aborted)).toEqual([false, false]);
  });

  it('errors when start throws', () => {
    const failure = new TypeError('bad start');
    newScheduler().run(({ expectObservable }) => {
      expectObservable(
        fromAbortable(() => {
          throw failure;
        }),
      ).toBe('#', undefined, failure);
    });
  });

  it('emits a Promise result; a Promise the abort rejects raises no unhandled rejection', async () => {
    await expect(firstValueFrom(fromAbortable(async () => 42))).resolves.toBe(42);
    let rejected: unknown;
    const subscription = fromAbortable(
      (signal) =>
        new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => {
            rejected = signal.reason;
            reject(signal.reason);
          }),
        ),
    ).subscribe();
    subscription.unsubscribe();
    await Promise.resolve();
    expect((rejected as Error).name).toBe('AbortError');
  });

  it('cancels a real HTTP request on loopback when unsubscribed', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const server = createServer((_req, res) => {
      res.on('close', closed);
      arrived(); // never answers
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const subscription = fromAbortable((signal) => fetch(`http://127.0.0.1:${port}/`, { signal })).subscribe();
      await requestArrived;
      subscription.unsubscribe();
      await serverSawClose;
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
