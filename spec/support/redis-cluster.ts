/**
 * A one-node Redis Cluster for a spec: a real redis-server in cluster mode that owns every slot,
 * so a plain client reaches every key (no MOVED), while the server still refuses a command or
 * script whose keys hash to different slots (CROSSSLOT) — as a real cluster does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startRedis, type RedisServer } from './redis.js';

/** Starts the cluster node, gives it all 16384 slots and resolves once the cluster state is ok. */
export async function startRedisCluster(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'epic-redis-cluster-'));
  const server = await startRedis([
    ...['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf')],
    ...['--cluster-announce-ip', '127.0.0.1'], // else CLUSTER SLOTS names no host, and a cluster client finds no node
  ]);
  const stop = async (): Promise<void> => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const admin = new Redis(server.url);
  try {
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    await untilClusterOk(admin, 20_000);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    admin.disconnect();
  }
  return { ...server, stop };
}

/** Polls CLUSTER INFO until the node reports `cluster_state:ok`; rejects after `ms`. */
async function untilClusterOk(admin: Redis, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  for (;;) {
    const info = String(await admin.call('CLUSTER', 'INFO'));
    if (info.includes('cluster_state:ok')) return;
    if (performance.now() > deadline) throw new Error(`the Redis Cluster node was not ok within ${ms} ms:\n${info}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
