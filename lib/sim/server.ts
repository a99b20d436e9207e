/**
 * `startSim`: the embedded OpenAI-compatible simulated server, the default LLM backend of
 * epic-rx. A real `node:http` server on loopback; point the official openai SDK at `url`.
 *
 * Everything it answers says it is simulated: the `x-epic-simulated: 1` header on every
 * response, `system_fingerprint: "epic-rx-simulator"` on completions, `owned_by:
 * "epic-rx-simulator"` on models, and "[sim]" at the start of the default responder's text.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestContext } from './context.js';
import { FaultInjector } from './faults.js';
import { handleRequest } from './handler.js';
import { MetricsRecorder, type SimMetrics } from './metrics.js';
import {
  resolveFaults,
  resolveSimOptions,
  type SimFaultOptions,
  type SimOptions,
  type SimOptionsInput,
} from './sim-options.js';
import { SlotPool } from './slots.js';
import type { SimState } from './state.js';

/** A running simulated server. */
export interface SimServer {
  /** Base URL ending in `/v1`, for the SDK's `baseURL`, e.g. "http://127.0.0.1:40123/v1". */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The resolved options (defaults filled in). */
  readonly options: SimOptions;
  /** A deep copy of the metrics now. */
  metrics(): SimMetrics;
  /** Clears the metrics (current gauges stay). Fault numbering is not affected. */
  resetMetrics(): void;
  /** Replaces the fault options (unset fields take their defaults) and restarts fault numbering and clock. */
  setFaults(faults: Partial<SimFaultOptions>): void;
  /** Cancels every request, closes every connection and stops listening. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a simulated server (default 127.0.0.1, a free port). Rejects with an `EpicError` for
 * bad options, and with the listen error if it cannot listen (e.g. the port is taken).
 *
 * Gotcha: the SDK retries 429, 5xx and connection errors twice by default; pass
 * `maxRetries: 0` when a test counts requests or faults.
 *
 * @example
 * const sim = await startSim({ timeScale: 0.05 });
 * const client = new OpenAI({ baseURL: sim.url, apiKey: 'sk-sim', maxRetries: 0 });
 * await client.completions.create({ model: 'epic-sim', prompt: ['a', 'b'] });
 * await sim.close();
 */
export async function startSim(input: SimOptionsInput = {}): Promise<SimServer> {
  const options = resolveSimOptions(input);
  const metrics = new MetricsRecorder();
  let ids = 0;
  const sim: SimState = {
    options,
    metrics,
    slots: new SlotPool(options.slots, (busy, queued) => metrics.gauge(busy, queued)),
    faults: new FaultInjector(options.faults, options.timeScale),
    live: new Set<RequestContext>(),
    nextId: () => `sim-${++ids}`,
  };
  const server = createServer((req, res) => void handleRequest(sim, req, res));
  const port = await listen(server, options.host, options.port);
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostInUrl}:${port}/v1`,
    host: options.host,
    port,
    options,
    metrics: () => metrics.snapshot(),
    resetMetrics: () => metrics.reset(),
    setFaults: (faults) => sim.faults.configure(resolveFaults(faults)),
    close: () => (closing ??= shutDown(server, sim)),
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function shutDown(server: Server, sim: SimState): Promise<void> {
  for (const ctx of sim.live) ctx.shutDown(false);
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
