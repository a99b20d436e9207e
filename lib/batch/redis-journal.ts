/**
 * The call journal in Redis, for items run on `epic worker` processes: one hash per item
 * (`<prefix>:<item key>`), a field per call key holding the result's JSON. Any worker that
 * picks an item up — after a crash, a stall or a rerun — replays what the others recorded.
 */
import type { Redis } from 'ioredis';
import type { CallJournal } from './journal.js';

/**
 * A journal over `redis` under `prefix`. `close` waits for records still being sent (it does not
 * close the connection). Records are sent at once, without waiting for the item to finish, so
 * a worker killed mid-item loses at most the calls it had in flight.
 *
 * @example
 * const journal = redisJournal(new Redis(url), 'epic:journal:epic-batch:summarise');
 */
export function redisJournal(redis: Redis, prefix: string): CallJournal {
  const pending = new Set<Promise<unknown>>();
  return {
    load: async (item) => new Map(Object.entries(await redis.hgetall(`${prefix}:${item}`))),
    record(item, call, json) {
      const sent = redis.hset(`${prefix}:${item}`, call, json).then(() => {});
      pending.add(sent);
      void sent.finally(() => pending.delete(sent)).catch(() => {});
      return sent;
    },
    close: async () => {
      await Promise.allSettled([...pending]);
    },
  };
}
