/**
 * A rate limit on host calls, shared by every run of a batch — and, in Redis, by every worker
 * on a queue, so N workers do not multiply it. A token bucket with reservations: each call
 * takes a token, going into debt if none is left, and waits until its token would have been
 * there. Tokens refill at `perSecond` (`Infinity`: no limit, only pauses); at most `burst`
 * accumulate while idle (default 1: calls are spaced evenly). The Redis bucket uses the Redis
 * server's clock, so workers on several machines agree.
 *
 * Pauses: a gate can be paused (`pause(ms)`): no call passes it before the pause ends, and calls
 * then go at the rate from there (tokens do not pile up during a pause beyond the burst). In
 * Redis the pause is a key beside the bucket, which the bucket's script reads on every
 * reservation, so one worker's pause holds every worker of the queue; the two keys share a hash
 * tag, so they share a slot on a Redis Cluster (`rateGateKeys`). `pauseOnRateLimit`
 * (rate-limit-scope.ts) pauses a gate whenever a request of the batch's runs gets a 429 with
 * Retry-After: that is how a 429 seen by one worker backs off all of them. A call already
 * waiting for its token when a pause begins looks again when its token is due, and reserves anew
 * after the pause.
 * Not held: calls already past the gate (sent, or queued inside an Llm — that Llm holds its own
 * requests, but another worker's Llm does not know of the pause).
 *
 * What it limits: host calls started (after the journal: replayed calls take no token), i.e.
 * LLM prompts, not HTTP requests (a batched request of 16 prompts takes 16 tokens) — stricter
 * than a request limit.
 */
import type { Cluster, Redis } from 'ioredis';
import { EpicError } from '../errors.js';

/** A gate a call passes before it is sent. */
export interface CallGate {
  /** Reserves a token: how long to wait for it (ms), and when it is due on the gate's clock (ms). */
  reserve(): Promise<{ readonly waitMs: number; readonly at: number }>;
  /** Resolves when a token is due and no pause holds it; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Holds every call for `ms` from now (a pause in force that ends later stays as it is). */
  pause(ms: number): Promise<void>;
  /** When the pause in force ends, on the gate's clock (ms; 0 when there is none). */
  pausedUntil(): Promise<number>;
}

/** Throws an `EpicError` unless `perSecond` and `burst` are positive. */
function check(perSecond: number, burst: number): void {
  if (!(perSecond > 0)) throw new EpicError(`a rate gate needs a positive calls-per-second, got ${perSecond}`);
  if (!(Number.isInteger(burst) && burst >= 1))
    throw new EpicError(`a rate gate needs a burst of at least 1 call, got ${burst}`);
}

/** A gate in this process (for `epic batch` without a queue); `perSecond` may be `Infinity` (pauses only). */
export function localRateGate(perSecond: number, burst = 1, now: () => number = () => performance.now()): CallGate {
  check(perSecond, burst);
  const rate = perSecond / 1000;
  let tokens = burst;
  let last = now();
  let pausedUntil = 0;
  return gate({
    reserve: async () => {
      const t = now();
      const from = Math.max(t, pausedUntil); // the earliest a call may go
      if (rate !== Infinity) tokens = Math.min(burst, tokens + (from - last) * rate) - 1;
      last = from;
      const waitMs = from - t + (rate === Infinity || tokens >= 0 ? 0 : Math.ceil(-tokens / rate));
      return { waitMs, at: t + waitMs };
    },
    pause: async (ms) => {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
    pausedUntil: async () => pausedUntil,
  });
}

// KEYS: the bucket, the pause. ARGV: tokens per ms (0: no limit), burst.
const RESERVE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local from = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
local wait = from - now
if rate > 0 then
  local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
  local tokens = tonumber(state[1]) or burst
  local ts = tonumber(state[2]) or from
  tokens = math.min(burst, tokens + math.max(0, from - ts) * rate) - 1
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', from)
  redis.call('PEXPIRE', KEYS[1], 3600000)
  if tokens < 0 then wait = wait + math.ceil(-tokens / rate) end
end
return { wait, now + wait }
`;

// KEYS: the pause. ARGV: its length in ms (an integer >= 1). The key holds when it ends, and expires then.
const PAUSE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ms = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if now + ms > current then redis.call('SET', KEYS[1], now + ms, 'PX', ms) end
return 1
`;

/**
 * The Redis keys of the gate named `key`: its bucket and its pause, which one script reads
 * together, so they carry one hash tag and share a Redis Cluster slot (Redis hashes only the
 * first non-empty `{...}` of a key). A key without a tag becomes the tag: `q` → `{q}` and
 * `{q}:pause` (so `q` and `{q}` name the same gate); a key with one keeps it: `a{q}` → `a{q}` and
 * `a{q}:pause`. Throws an `EpicError` for a key that cannot be tagged (empty, or starting with `}`
 * without a tag of its own).
 *
 * @example
 * rateGateKeys('epic:rate:q') // { bucket: '{epic:rate:q}', pause: '{epic:rate:q}:pause' }
 */
export function rateGateKeys(key: string): { readonly bucket: string; readonly pause: string } {
  const bucket = hashTag(key) === undefined ? `{${key}}` : key;
  if (hashTag(bucket) === undefined)
    throw new EpicError(`a Redis rate gate's key must be non-empty and not start with "}", got ${JSON.stringify(key)}`);
  return { bucket, pause: `${bucket}:pause` };
}

/** The tag Redis Cluster hashes `key` by: between its first `{` and the next `}`, if not empty; else none. */
function hashTag(key: string): string | undefined {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : undefined;
}

/**
 * A gate in Redis named `key` (its keys: `rateGateKeys`), shared by every process that uses the
 * same key and the same rate; `perSecond` may be `Infinity` (pauses only). `redis` may be a
 * Redis Cluster client: both keys are in one slot.
 *
 * @example
 * const gate = redisRateGate(redis, 'epic:rate:my-queue', 20);
 * const scope = pauseOnRateLimit(gate); // a 429 met by a run within it holds every worker of the queue
 */
export function redisRateGate(redis: Redis | Cluster, key: string, perSecond: number, burst = 1): CallGate {
  check(perSecond, burst);
  const { bucket, pause: pauseKey } = rateGateKeys(key);
  const rate = perSecond === Infinity ? '0' : String(perSecond / 1000);
  const reserve = async (): Promise<{ waitMs: number; at: number }> => {
    const [waitMs, at] = (await redis.eval(RESERVE, 2, bucket, pauseKey, rate, String(burst))) as [number, number];
    return { waitMs, at };
  };
  return gate({
    // without a rate every call gets the same answer (is there a pause?), so calls made together
    // share one round trip and go on together: an Llm still batches them as it would without a gate
    reserve: perSecond === Infinity ? shared(reserve) : reserve,
    pause: async (ms) => {
      if (ms > 0) await redis.eval(PAUSE, 1, pauseKey, String(Math.ceil(ms)));
    },
    pausedUntil: shared(async () => Number((await redis.get(pauseKey)) ?? 0)),
  });
}

/** `read`, with the calls made while one is in flight sharing its answer. */
function shared<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => (inFlight ??= read().finally(() => (inFlight = undefined)));
}

/** A gate from its reservations and its pause: `acquire` waits for its token, then for a pause begun meanwhile. */
function gate(parts: Omit<CallGate, 'acquire'>): CallGate {
  return {
    ...parts,
    async acquire(signal) {
      for (;;) {
        signal?.throwIfAborted();
        const { waitMs, at } = await parts.reserve();
        signal?.throwIfAborted(); // it may have aborted while the reservation was made
        if (waitMs <= 0) return;
        await sleep(waitMs, signal);
        // a pause begun while it waited (a 429 elsewhere) and lasting past its token: reserve again after it
        if ((await parts.pausedUntil()) <= at) return;
      }
    },
  };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
