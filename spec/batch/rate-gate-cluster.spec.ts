import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateGateKeys, redisRateGate, type CallGate } from '../../lib/batch/rate-gate.js';
import type { RedisServer } from '../support/redis.js';
import { startRedisCluster } from '../support/redis-cluster.js';

let node: RedisServer;
let redis: Redis;
beforeAll(async () => {
  node = await startRedisCluster();
  redis = new Redis(node.url);
}, 30_000);
afterAll(async () => {
  redis?.disconnect();
  await node?.stop();
});

const slot = async (key: string): Promise<number> => Number(await redis.call('CLUSTER', 'KEYSLOT', key));

describe('rateGateKeys', () => {
  it('tags a key without a hash tag, keeps the tag of a key that has one, and both keys share a slot', async () => {
    const cases = {
      'epic:rate:q': { bucket: '{epic:rate:q}', pause: '{epic:rate:q}:pause' },
      '{epic:rate:q}': { bucket: '{epic:rate:q}', pause: '{epic:rate:q}:pause' },
      'epic:{tenant-7}:rate': { bucket: 'epic:{tenant-7}:rate', pause: 'epic:{tenant-7}:rate:pause' },
      'a{}b': { bucket: '{a{}b}', pause: '{a{}b}:pause' }, // an empty {} is no tag: Redis hashes the whole key
    };
    for (const [key, keys] of Object.entries(cases)) {
      expect(rateGateKeys(key)).toEqual(keys);
      expect(await slot(keys.pause)).toBe(await slot(keys.bucket));
    }
  });

  it('refuses a key it cannot tag', () => {
    expect(() => rateGateKeys('')).toThrow(`a Redis rate gate's key must be non-empty and not start with "}", got ""`);
    expect(() => rateGateKeys('}q')).toThrow('not start with "}", got "}q"');
  });
});

describe('redisRateGate on a Redis Cluster node', () => {
  /** Reserves, pauses for 5 s and reserves again: the second grant waits for the pause to end. */
  const pauseAndReserve = async (gate: CallGate, key: string): Promise<void> => {
    const first = await gate.reserve();
    await gate.pause(5000);
    const resume = await gate.pausedUntil();
    expect(resume).toBeGreaterThanOrEqual(first.at + 5000);
    expect((await gate.reserve()).at).toBe(resume);
    expect(await redis.pttl(rateGateKeys(key).pause)).toBeGreaterThan(4000);
  };

  it('reserves, pauses and reads its pause without a CROSSSLOT error', async () => {
    for (const key of ['epic:rate:cluster', 'epic:{cluster}:rate'])
      await pauseAndReserve(redisRateGate(redis, key, 100), key);
  });

  it("works through a Redis Cluster client, which sends each script to its keys' slot", async () => {
    const cluster = new Cluster([{ host: '127.0.0.1', port: node.port }]);
    try {
      await pauseAndReserve(redisRateGate(cluster, 'epic:rate:through-cluster', 100), 'epic:rate:through-cluster');
    } finally {
      cluster.disconnect();
    }
  });
});
