/**
 * Two things every LLM call goes through on its way to a request:
 *
 * - SHARING: identical deterministic calls in flight make one request (`createDedupe`), and
 *   their result is kept when the Llm has a `cacheSize`;
 * - JOINING: each call made by a run's host call hears which request carried it, so the run can
 *   emit a `batched` event (`HostContext.joined`, lib/runtime/batched.ts). The report comes when
 *   the request is SENT (its first attempt leaves the limiter), with the request's id and size.
 *
 * The two meet where calls are shared: only the first of the calls sharing a key makes the
 * request, so the calls of one key form a group, and every member still in the group when the
 * request is sent is told (a member joining later is told at once). A call answered from the
 * cache joined no request and is told nothing.
 *
 * A third thing rides along: each call's async context (`CallerContext`, rate-limited.ts), so a
 * 429 of the request is published where every call it carries was made, not only where the first
 * member of a group was — calls of two batches may share one request.
 */
import { last, Observable } from 'rxjs';
import { createDedupe } from '../../operators/index.js';
import type { JoinedRequest } from '../runtime/batched.js';
import { callerContext, type CallerContext, type RequestCallers } from './rate-limited.js';

/** Where a call hears which request carried it. */
export type JoinReport = (request: JoinedRequest) => void;

/**
 * A call through sharing: `make(tell, callers)` itself, or — for a deterministic call — the
 * shared in-flight (or cached) call of `key()`. `make` calls `tell` when its request is sent;
 * `report` (the call's own, if any) is then told, shared or not. `callers` are the contexts of
 * the calls the request carries (this call's, or its group's members' at the time asked), for
 * its 429s. The key is computed only for a deterministic call: it may stringify a whole
 * conversation.
 */
export type SharedCall<V> = (
  deterministic: boolean,
  key: () => string,
  report: JoinReport | undefined,
  make: (tell: JoinReport, callers: RequestCallers) => Observable<V>,
) => Observable<V>;

interface Group {
  refs: number;
  readonly waiting: Set<JoinReport>;
  /** The context of each subscription in the group. */
  readonly callers: Set<CallerContext>;
  sent: JoinedRequest | undefined;
}

const IGNORE: JoinReport = () => undefined;

/**
 * Creates the sharing of one operation of an Llm, keeping up to `cacheSize` results.
 *
 * Gotcha: the shared call is re-emitted on completion (`last()`): a subscriber that leaves on its
 * first value (`firstValueFrom`, `take(1)`) would otherwise tear the shared call down before it
 * completes, and `createDedupe` only caches calls that completed.
 *
 * @example
 * const shared = createSharedCalls<string>(0);
 * const ask = (tell: JoinReport, callers: RequestCallers) =>
 *   send('chat', call, (id) => tell({ id, size: 1 }), callers);
 * shared(isDeterministic(options), () => paramsKey(params, messages), reportOf(this), ask);
 */
export function createSharedCalls<V>(cacheSize: number): SharedCall<V> {
  const dedupe = createDedupe<V>({ cache: cacheSize });
  const groups = new Map<string, Group>();
  const groupOf = (key: string): Group => {
    const existing = groups.get(key);
    if (existing) return existing;
    const group: Group = { refs: 0, waiting: new Set(), callers: new Set(), sent: undefined };
    groups.set(key, group);
    return group;
  };
  const tellAll =
    (group: Group) =>
    (request: JoinedRequest): void => {
      group.sent = request;
      for (const report of group.waiting) report(request);
      group.waiting.clear();
    };
  return (deterministic, key, report, make) => {
    if (!deterministic) {
      const caller = [callerContext()];
      return make(report ?? IGNORE, () => caller);
    }
    const k = key();
    return new Observable<V>((subscriber) => {
      const group = groupOf(k);
      const caller = callerContext();
      group.refs += 1;
      group.callers.add(caller);
      if (report && group.sent) report(group.sent);
      else if (report) group.waiting.add(report);
      const subscription = dedupe(k, () => make(tellAll(group), () => group.callers))
        .pipe(last())
        .subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        if (report) group.waiting.delete(report);
        group.callers.delete(caller);
        group.refs -= 1;
        if (group.refs === 0 && groups.get(k) === group) groups.delete(k);
      };
    });
  };
}

/**
 * The `joined` report of the `this` a host function was called with (a run's `HostContext`), or
 * undefined when there is none (called outside a run, or by a host that does not pass it on).
 *
 * @example
 * const chat = function (this: unknown, prompt: string) { const report = reportOf(this); … };
 */
export function reportOf(context: unknown): JoinReport | undefined {
  const joined = typeof context === 'object' && context !== null ? (context as { joined?: unknown }).joined : undefined;
  return typeof joined === 'function' ? (request) => joined.call(context, request) : undefined;
}
