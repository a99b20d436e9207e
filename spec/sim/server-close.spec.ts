import { createHook } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { startSim } from '../../lib/sim/index.js';
import { waitFor } from '../support/wait.js';
import { fixedWords, sdk } from './helpers.js';

/**
 * Tracks timers and TCP handles created while it is on, and reports those still alive that
 * would keep the process running: ref'd, and for timers not yet fired or cleared (`destroy`
 * hooks arrive late, so a fired timer is recognised by its `_destroyed` flag).
 */
function trackHandles() {
  const alive = new Map<number, { type: string; resource: { hasRef?: () => boolean; _destroyed?: boolean } }>();
  const hook = createHook({
    init: (id, type, _trigger, resource) => {
      if (type === 'Timeout' || type === 'TCPWRAP' || type === 'TCPSERVERWRAP')
        alive.set(id, { type, resource: resource as never });
    },
    destroy: (id) => void alive.delete(id),
  }).enable();
  return {
    leftovers: () =>
      [...alive.values()]
        .filter((h) => h.resource._destroyed !== true && (h.resource.hasRef?.() ?? true))
        .map((h) => h.type),
    stop: () => void hook.disable(),
  };
}

describe('SimServer.close', () => {
  it('cancels streaming, working, queued and stalled requests and leaves no timer or socket', async () => {
    const handles = trackHandles();
    const sim = await startSim({ slots: 2, overheadMs: 0, perTokenMs: 50, responder: fixedWords(500) });
    const client = sdk(sim);
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 's' }],
      stream: true,
    });
    const streamed = (async () => {
      for await (const _ of stream) void _;
    })();
    const working = client.completions.create({ model: 'm', prompt: 'w' });
    const queued = client.completions.create({ model: 'm', prompt: 'q' });
    await waitFor(() => (sim.metrics().queued === 1 ? true : undefined), 10_000);
    sim.setFaults({ stallRate: 1 });
    const stalled = client.completions.create({ model: 'm', prompt: 's' });
    await waitFor(() => (sim.metrics().faults.stall === 1 ? true : undefined), 10_000);
    await sim.close();
    await sim.close(); // idempotent
    const outcomes = await Promise.allSettled([streamed, working, queued, stalled]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    try {
      await waitFor(() => (handles.leftovers().length === 0 ? true : undefined), 10_000).catch(() => undefined);
      expect(handles.leftovers()).toEqual([]);
      expect(sim.metrics().earlyCloses).toEqual([]); // the server closed them, not the clients
    } finally {
      handles.stop();
    }
    await expect(fetch(`${sim.url}/models`)).rejects.toThrow();
  });
});
