/**
 * The web demo's server: the page (page.html, app.js, patch-frame.js, and immer's browser build
 * for `applyPatches`), and `GET /run?input=…`, which serves one run of the typed input as server-sent
 * events (lib/serve): the result's snapshot and patches, the call events, and every 100 ms an
 * `llm` event with the simulator's counts for the run — requests, prompts, prompts per request.
 * Closing the page closes the event stream, which stops the run and aborts its LLM requests.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { interval, Observable, throwError } from 'rxjs';
import type { SimMetrics, SimServer } from '../../lib/sim/index.js';
import { writeEventStream, type ServableEvent } from '../../lib/serve/index.js';
import { WebPrograms, type PreparedRun, type WebProgramsOptions } from './programs.js';

/** Options of `startWebDemo`. */
export interface WebDemoOptions extends WebProgramsOptions {
  /** Port to listen on (default 5024; 0 picks a free one). */
  readonly port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
}

/** A running web demo. */
export interface WebDemo {
  /** The page's address, e.g. `http://127.0.0.1:5024/`. */
  readonly url: string;
  /** The programs and Llms behind the page (tests read the simulators' metrics through them). */
  readonly programs: WebPrograms;
  /** Stops the server (dropping open event streams, which stops their runs) and the Llms. */
  close(): Promise<void>;
}

/** The default port of `npm run demo:web`. */
export const DEFAULT_PORT = 5024;

const here = new URL('./', import.meta.url);
// immer's self-contained ES module build (dist/immer.production.mjs), beside its CommonJS entry dist/cjs/index.js
const immerBuild = new URL('../immer.production.mjs', pathToFileURL(createRequire(import.meta.url).resolve('immer')));
const FILES: Readonly<Record<string, { readonly file: URL; readonly type: string }>> = {
  '/': { file: new URL('page.html', here), type: 'text/html; charset=utf-8' },
  '/app.js': { file: new URL('app.js', here), type: 'text/javascript; charset=utf-8' },
  '/patch-frame.js': { file: new URL('patch-frame.js', here), type: 'text/javascript; charset=utf-8' },
  '/immer.mjs': { file: immerBuild, type: 'text/javascript; charset=utf-8' },
};

/**
 * Starts the demo's server. Rejects if the port is taken.
 *
 * @example
 * const demo = await startWebDemo({ port: 0 });
 * console.log(demo.url);
 */
export async function startWebDemo(options: WebDemoOptions = {}): Promise<WebDemo> {
  const { port = DEFAULT_PORT, host = '127.0.0.1' } = options;
  const programs = new WebPrograms(options);
  const server = createServer((req, res) => void handle(programs, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/`;
  return {
    url,
    programs,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await programs.close();
    },
  };
}

async function handle(programs: WebPrograms, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const served = FILES[url.pathname];
  if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
  if (served) {
    res.writeHead(200, { 'content-type': served.type, 'cache-control': 'no-cache' });
    return void res.end(readFileSync(served.file));
  }
  if (url.pathname === '/info') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ simulated: programs.simulated }));
  }
  if (url.pathname !== '/run') {
    return void res.writeHead(404, { 'content-type': 'text/plain' }).end(`No page at ${url.pathname}`);
  }
  let run: PreparedRun;
  try {
    run = await programs.prepare(url.searchParams.get('input') ?? '');
  } catch (error) {
    // an EventSource cannot read a 400's body: the message goes in the stream's error frame
    return void writeEventStream(
      res,
      throwError(() => error),
    );
  }
  if (res.destroyed) return;
  writeEventStream(res, withLlmCounts(run.program.watch(...run.args), run.llm.simulator()));
}

/**
 * The run's events, with an `llm` event every 100 ms and at the end, counting the simulator's
 * traffic since the run started.
 */
function withLlmCounts(run: Observable<ServableEvent>, sim: SimServer | undefined): Observable<ServableEvent> {
  if (!sim) return run;
  return new Observable<ServableEvent>((subscriber) => {
    const base = sim.metrics();
    const counts = (): ServableEvent => ({ type: 'llm', ...since(base, sim.metrics()) });
    const timer = interval(100).subscribe(() => subscriber.next(counts()));
    const subscription = run.subscribe({
      next: (e) => subscriber.next(e),
      error: (e) => subscriber.error(e),
      complete: () => {
        subscriber.next(counts());
        subscriber.complete();
      },
    });
    return () => {
      timer.unsubscribe();
      subscription.unsubscribe();
    };
  });
}

/**
 * The simulator's traffic between two metrics snapshots: requests accepted, prompts they
 * carried, prompts per request, requests in service now, and requests whose client left early.
 * Gotcha: the cities runs share one simulator, so two pages running at once count each other's.
 */
function since(base: SimMetrics, now: SimMetrics): Record<string, unknown> {
  const batchSizes = now.batchSizes.slice(base.batchSizes.length);
  return {
    requests: batchSizes.length,
    prompts: batchSizes.reduce((a, b) => a + b, 0),
    batchSizes,
    inService: now.inService,
    queued: now.queued,
    closedEarly: now.earlyCloses.length - base.earlyCloses.length,
  };
}
