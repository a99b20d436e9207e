/**
 * The embedded simulator in a worker thread, for benchmarks that measure client throughput: in
 * the benchmark's own thread the simulator would share the event loop (and a core) with the
 * runs it serves, and slow them down. `startSimThread(options)` resolves with the server's URL
 * and its metrics, read over messages.
 *
 * Gotcha: options cross a thread boundary, so they must be structured-cloneable (no responder).
 */
import { Worker } from 'node:worker_threads';
import type { SimMetrics, SimOptionsInput } from '../lib/sim/index.js';

/** A simulator running in a worker thread. */
export interface SimThread {
  readonly url: string;
  metrics(): Promise<SimMetrics>;
  resetMetrics(): Promise<void>;
  close(): Promise<void>;
}

const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.sim); }).then(async ({ startSim }) => {
  const sim = await startSim(workerData.options);
  parentPort.postMessage({ url: sim.url });
  parentPort.on('message', async (m) => {
    if (m === 'metrics') parentPort.postMessage(sim.metrics());
    if (m === 'reset') { sim.resetMetrics(); parentPort.postMessage(null); }
    if (m === 'close') { await sim.close(); parentPort.postMessage(null); }
  });
});
`;

/** Starts the simulator with `options` in a worker thread. */
export async function startSimThread(options: SimOptionsInput): Promise<SimThread> {
  const workerData = {
    tsx: import.meta.resolve('tsx/esm/api'),
    sim: new URL('../lib/sim/index.ts', import.meta.url).href,
    options,
  };
  const worker = new Worker(BOOT, { eval: true, workerData });
  const reply = <T>(message?: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const fail = (error: Error): void => reject(error);
      worker.once('error', fail);
      worker.once('message', (value: T) => {
        worker.off('error', fail);
        resolve(value);
      });
      if (message) worker.postMessage(message);
    });
  const { url } = await reply<{ url: string }>();
  return {
    url,
    metrics: () => reply<SimMetrics>('metrics'),
    resetMetrics: () => reply<void>('reset'),
    async close() {
      await reply<void>('close');
      await worker.terminate();
    },
  };
}
