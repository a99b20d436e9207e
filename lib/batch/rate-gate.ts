/**
 * A rate limit on host calls, shared by every run of a batch — and, in Redis, by every worker
 * on a queue, so N workers do not multiply it. A token bucket with reservations: each call
 * takes a token, going into debt if none is left, and waits until its token would have been
 * there. Tokens refill at `perSecond`; at most `burst` accumulate while idle (default 1: calls
 * are spaced evenly). The Redis bucket uses the Redis server's clock, so workers on several
 * machines agree.
 *
 * What it limits: host calls started (after the journal: replayed calls take no token), i.e.
 * LLM prompts, not HTTP requests (a batched request of 16 prompts takes 16 tokens) — stricter
 * than a request limit. A 429 back-off is not shared: each worker's LLM client retries on its own.
 */
import type { Redis } from 'ioredis';
import { EpicError } from '../errors.js';

/** A gate a call passes before it is sent. */
export interface CallGate {
  /** Reserves a token: how long to wait for it (ms), and when it is due on the gate's clock (ms). */
  reserve(): Promise<{ readonly waitMs: number; readonly at: number }>;
  /** Resolves when a token is due; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
}

/** Throws an `EpicError` unless `perSecond` and `burst` are positive. */
function check(perSecond: number, burst: number): void {
  if (!(Number.isFinite(perSecond) && perSecond > 0))
    throw new EpicError(`a rate gate needs a positive calls-per-second, got ${perSecond}`);
  if (!(Number.isInteger(burst) && burst >= 1))
    throw new EpicError(`a rate gate needs a burst of at least 1 call, got ${burst}`);
}

/** A gate in this process (for `epic batch` without a queue). */
export function localRateGate(perSecond: number, burst = 1, now: () => number = () => performance.now()): CallGate {
  check(perSecond, burst);
  const rate = perSecond / 1000;
  let tokens = burst;
  let last = now();
  return gate(async () => {
    const t = now();
    tokens = Math.min(burst, tokens + (t - last) * rate) - 1;
    last = t;
    const waitMs = tokens >= 0 ? 0 : Math.ceil(-tokens / rate);
    return { waitMs, at: t + waitMs };
  });
}

const RESERVE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or burst
local ts = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - ts) * rate) - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], 3600000)
local wait = 0
if tokens < 0 then wait = math.ceil(-tokens / rate) end
return { wait, now + wait }
`;

/** A gate in Redis under `key`, shared by every process that uses the same key (and the same rate). */
export function redisRateGate(redis: Redis, key: string, perSecond: number, burst = 1): CallGate {
  check(perSecond, burst);
  return gate(async () => {
    const [waitMs, at] = (await redis.eval(RESERVE, 1, key, String(perSecond / 1000), String(burst))) as [
      number,
      number,
    ];
    return { waitMs, at };
  });
}

function gate(reserve: CallGate['reserve']): CallGate {
  return {
    reserve,
    async acquire(signal) {
      signal?.throwIfAborted();
      const { waitMs } = await reserve();
      signal?.throwIfAborted(); // it may have aborted while the reservation was made
      if (waitMs <= 0) return;
      await new Promise<void>((resolve, reject) => {
        const stop = (): void => {
          clearTimeout(timer);
          reject(signal!.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', stop);
          resolve();
        }, waitMs);
        signal?.addEventListener('abort', stop, { once: true });
      });
    },
  };
}
