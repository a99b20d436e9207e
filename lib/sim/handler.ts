/**
 * The life of one request: match the route, read and validate the body (within the size limits
 * of `limits.ts`: an oversized request is refused here, before any overhead, fault or slot), pay
 * the fixed overhead, meet the injected fault (if any), wait for a slot, then serve.
 *
 *   reading → overhead → [fault] → queued (FIFO) → working → [streaming] → done
 *
 * Faults strike after the overhead and before the slot queue, so a 429 storm never occupies
 * slots. Cancellation (client gone, or `close()`) can strike at any phase: the pending wait
 * rejects, the slot (if held) is released in `finally`, and nothing more is written.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertNever } from '../errors.js';
import { RequestContext } from './context.js';
import type { SimFaultKind } from './faults.js';
import { overheadTime } from './latency.js';
import { readJsonBody } from './routes/body.js';
import { serveEmbeddings } from './routes/embeddings.js';
import { serveGeneration } from './routes/generation.js';
import type { SimLimits } from './limits.js';
import { matchRoute } from './routes/match.js';
import { serveModels } from './routes/models.js';
import {
  parseChat,
  parseCompletion,
  parseEmbedding,
  type ChatRequest,
  type CompletionRequest,
  type EmbeddingRequest,
  type Parsed,
} from './routes/parse.js';
import { CHAT_WIRE, COMPLETION_WIRE } from './routes/wires.js';
import type { SimState } from './state.js';

type Work =
  | { readonly route: 'chat'; readonly request: ChatRequest }
  | { readonly route: 'completions'; readonly request: CompletionRequest }
  | { readonly route: 'embeddings'; readonly request: EmbeddingRequest };

/**
 * Handles one HTTP request of server `sim` (the `node:http` request listener). Never rejects:
 * failures become 500 answers, or are logged when no answer can be sent any more.
 */
export async function handleRequest(sim: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const match = matchRoute(req.method, req.url);
  const ctx = new RequestContext(req, res, match.route, sim.nextId(), sim.metrics);
  sim.live.add(ctx);
  try {
    switch (match.route) {
      case 'models':
        return serveModels(sim, ctx, match.id);
      case 'unknown':
        return ctx.sendError({
          status: 404,
          type: 'invalid_request_error',
          code: 'unknown_url',
          message: `Unknown route: ${req.method} ${req.url}`,
        });
      case 'chat':
      case 'completions':
      case 'embeddings':
        return await serveWork(sim, ctx, match.route);
      default:
        return assertNever(match, 'route');
    }
  } catch (err) {
    reportFailure(ctx, err);
  } finally {
    sim.live.delete(ctx);
  }
}

async function serveWork(sim: SimState, ctx: RequestContext, route: Work['route']): Promise<void> {
  const body = await readJsonBody(ctx, sim.options.limits.maxBodyBytes);
  const work = body.ok ? parseWork(route, body.value, sim.options.limits) : body;
  if (!work.ok) return ctx.sendError(work.reply);
  sim.metrics.accepted(promptCount(work.value));
  ctx.phase = 'overhead';
  await ctx.sleep(overheadTime(sim.options));
  const fault = sim.faults.next();
  sim.options.onRequest?.({ route, prompts: promptsOf(work.value), fault });
  if (fault) return injectFault(sim, ctx, fault, work.value.route !== 'embeddings' && work.value.request.stream);
  ctx.phase = 'queued';
  const release = await sim.slots.acquire(ctx.signal);
  try {
    await serve(sim, ctx, work.value);
  } finally {
    release();
  }
}

function parseWork(route: Work['route'], body: Record<string, unknown>, limits: SimLimits): Parsed<Work> {
  const wrap = <R extends Work['route'], T>(r: R, parsed: Parsed<T>) =>
    parsed.ok ? { ok: true as const, value: { route: r, request: parsed.value } as Work } : parsed;
  switch (route) {
    case 'chat':
      return wrap(route, parseChat(body, limits));
    case 'completions':
      return wrap(route, parseCompletion(body, limits));
    case 'embeddings':
      return wrap(route, parseEmbedding(body, limits));
    default:
      return assertNever(route, 'route');
  }
}

function serve(sim: SimState, ctx: RequestContext, work: Work): Promise<void> {
  switch (work.route) {
    case 'chat':
      return serveGeneration(sim, ctx, work.request, CHAT_WIRE);
    case 'completions':
      return serveGeneration(sim, ctx, work.request, COMPLETION_WIRE);
    case 'embeddings':
      return serveEmbeddings(sim, ctx, work.request);
    default:
      return assertNever(work, 'work');
  }
}

function promptsOf(work: Work): readonly string[] {
  switch (work.route) {
    case 'chat':
      return [work.request.prompt];
    case 'completions':
      return work.request.prompts;
    case 'embeddings':
      return work.request.inputs;
    default:
      return assertNever(work, 'work');
  }
}

function promptCount(work: Work): number {
  switch (work.route) {
    case 'chat':
      return 1;
    case 'completions':
      return work.request.prompts.length;
    case 'embeddings':
      return work.request.inputs.length;
    default:
      return assertNever(work, 'work');
  }
}

async function injectFault(sim: SimState, ctx: RequestContext, fault: SimFaultKind, stream: boolean): Promise<void> {
  sim.metrics.fault(fault);
  const faults = sim.faults.options;
  switch (fault) {
    case 'rateLimit': {
      const ms = faults.retryAfterMs * sim.options.timeScale;
      const headers: Record<string, string> = { 'retry-after': String(Math.ceil(ms / 1000)) };
      if (faults.retryAfterMsHeader) headers['retry-after-ms'] = String(Math.ceil(ms));
      const message = 'Rate limit reached (simulated by epic-rx); retry after the delay in retry-after';
      return ctx.sendError({ status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message }, headers);
    }
    case 'serverError':
      return ctx.sendError({
        status: 500,
        type: 'server_error',
        code: 'simulated_error',
        message: 'Internal error (simulated by epic-rx)',
      });
    case 'drop':
      return ctx.shutDown(true);
    case 'malformed':
      return sendMalformed(ctx, stream);
    case 'stall':
      ctx.phase = 'stalled';
      return ctx.untilCancelled();
    case 'stallBody':
      ctx.phase = 'stalled';
      startBody(ctx, stream);
      return ctx.untilCancelled();
    default:
      return assertNever(fault, 'fault');
  }
}

function sendMalformed(ctx: RequestContext, stream: boolean): void {
  const broken = '{"id":"sim-malformed","object":"chat.completion","choices":[{"index":0,';
  if (!stream) return ctx.sendText(200, 'application/json', broken);
  ctx.startEvents();
  ctx.sendEvent(broken);
  ctx.endEvents();
}

/** The start of a response that will never be finished (the body-stall fault). */
function startBody(ctx: RequestContext, stream: boolean): void {
  const id = `chatcmpl-${ctx.id}`;
  if (!stream) return ctx.beginText(200, 'application/json', `{"id":"${id}","object":"chat.completion","choices":[`);
  ctx.startEvents();
  ctx.sendEvent({ id, object: 'chat.completion.chunk', created: 0, model: 'stalled', choices: [] });
}

function reportFailure(ctx: RequestContext, err: unknown): void {
  const cancelled = ctx.signal.aborted || ctx.req.socket.destroyed;
  if (cancelled && isCancellation(ctx, err)) return; // the client left or the server closed: nobody to answer
  const message = err instanceof Error ? err.message : String(err);
  if (cancelled || ctx.headersSent) {
    console.error(`[epic-sim] request ${ctx.id} failed after its response started:`, err);
    ctx.shutDown(true);
    return;
  }
  ctx.sendError({
    status: 500,
    type: 'server_error',
    code: 'internal_error',
    message: `epic-rx simulator: ${message}`,
  });
}

function isCancellation(ctx: RequestContext, err: unknown): boolean {
  if (err === ctx.signal.reason) return true;
  const e = err as { name?: unknown; code?: unknown; message?: unknown } | null;
  return e?.name === 'AbortError' || e?.code === 'ECONNRESET' || e?.message === 'aborted';
}
