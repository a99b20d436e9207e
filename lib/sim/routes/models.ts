/** GET /v1/models and GET /v1/models/{id}: the configured model ids, owned by the simulator. */
import type { RequestContext } from '../context.js';
import { SIM_LABEL, type SimState } from '../state.js';

/**
 * Answers the model list, or one model (404 `model_not_found` when `id` is not configured).
 *
 * Gotcha: requests may name any model, listed or not; the list is for clients that look first.
 */
export function serveModels(sim: SimState, ctx: RequestContext, id: string | undefined): void {
  const created = Math.floor(Date.now() / 1000);
  const model = (name: string) => ({ id: name, object: 'model', created, owned_by: SIM_LABEL });
  if (id === undefined) {
    ctx.sendJson(200, { object: 'list', data: sim.options.models.map(model) });
  } else if (sim.options.models.includes(id)) {
    ctx.sendJson(200, model(id));
  } else {
    ctx.sendError({
      status: 404,
      type: 'invalid_request_error',
      code: 'model_not_found',
      message: `The model "${id}" does not exist`,
    });
  }
}
