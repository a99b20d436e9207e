/**
 * Batch membership: a host reports, through `HostContext.joined`, that its call travels in an
 * external request shared with other calls (one LLM request carrying several prompts), and the
 * run turns the report into a `batched` event. The LLM layer (lib/llm) reports every call when
 * its request is sent; any host may do the same for its own batches.
 */
import { EpicError } from '../errors.js';
import type { BatchedEvent } from './events.js';

/** The request a call joined, as a host reports it. */
export interface JoinedRequest {
  /** The request's id: equal for the calls it carries, unique among the host's requests. */
  readonly id: string | number;
  /** How many items the request carries (e.g. prompts; 1 for a request of its own). */
  readonly size: number;
}

/**
 * The `batched` event of a call's report; throws an `EpicError` saying what was wrong when the
 * report is malformed (the host's call then fails with it).
 *
 * @example
 * batchedEvent(3, 'complete', { id: 'complete-1', size: 8 }, 12.5)
 * // { type: 'batched', id: 3, host: 'complete', request: 'complete-1', size: 8, time: 12.5 }
 */
export function batchedEvent(id: number, host: string, request: JoinedRequest, time: number): BatchedEvent {
  const { id: requestId, size } = Object(request) as Partial<JoinedRequest>;
  if (!(typeof requestId === 'string' || (typeof requestId === 'number' && Number.isFinite(requestId)))) {
    const got = JSON.stringify(requestId) ?? String(requestId);
    throw new EpicError(`HostContext.joined: request.id must be a string or a finite number, got ${got}`);
  }
  if (!(typeof size === 'number' && Number.isInteger(size) && size >= 1)) {
    const what = 'request.size must be a positive integer (the items the request carries)';
    throw new EpicError(`HostContext.joined: ${what}, got ${String(size)}`);
  }
  return { type: 'batched', id, host, request: requestId, size, time };
}
