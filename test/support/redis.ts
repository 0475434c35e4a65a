import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { RedisBackend } from '../../scripts/redis-rest/backend.ts';
import { IoredisBackend } from '../../scripts/redis-rest/backend-ioredis.ts';
import { MemoryBackend } from '../../scripts/redis-rest/backend-memory.ts';
import { resolveRedis } from '../../scripts/redis-rest/resolve-redis.ts';
import { type RedisRestServer, startRedisRestServer } from '../../scripts/redis-rest/server.ts';
import { TEST_DB } from './test-db.ts';

/**
 * The Redis every suite uses: the one global setup found or started (`redisUrl`), or, only
 * outside CI when there is no Redis at all, the embedded engine ('memory').
 */
export { TEST_DB };

export async function openBackend(db = TEST_DB): Promise<RedisBackend> {
  const target = inject('redisUrl');
  if (target === 'memory') return MemoryBackend.create();
  const url = new URL(target);
  url.pathname = `/${db}`;
  return IoredisBackend.connect(url.toString());
}

export interface Bridge {
  server: RedisRestServer;
  backend: RedisBackend;
  /** Runs a command straight on Redis (not through REST), to check what really got stored. */
  direct(args: string[]): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts an Upstash-compatible REST server for one test file, on a free port with a fresh token.
 * `db` gives the suite a Redis database of its own (emptied first), for suites that assert the
 * whole database is unchanged while other suites write in parallel. `private` gives it a
 * redis-server of its own instead: for suites that run the scheduled handler, which works on
 * queues shared by every merchant (due rewards, due webhooks), so a second such suite on the same
 * database would approve or deliver the first one's items. Redis has only 16 databases, all taken
 * (see test-db.ts); a private server needs redis-server on PATH, as CI and npm start have.
 */
export async function startBridge(options: { db?: number; private?: boolean } = {}): Promise<Bridge> {
  const own = options.private ? await privateRedis() : undefined;
  const backend = own ? own.backend : await openBackend(options.db);
  if (options.db !== undefined) await backend.command(['FLUSHDB']);
  const server = await startRedisRestServer({ backend, token: randomBytes(18).toString('base64url') });
  return {
    server,
    backend,
    direct: (args) => backend.command(args),
    stop: async () => {
      await server.close();
      await (own ? own.stop() : backend.close());
    },
  };
}

async function privateRedis() {
  // Port 1 never answers, so resolveRedis starts a redis-server of its own on a free port.
  const redis = await resolveRedis({ url: 'redis://127.0.0.1:1', allowMemory: false, log: () => {} });
  if (redis.source !== 'spawned')
    throw new Error('a private Redis needs redis-server on PATH (apt-get install -y redis-server)');
  return redis;
}

/** A key prefix unique to one test, so suites running in parallel never see each other's data. */
export function uniquePrefix(label: string): string {
  return `test:${label}:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`;
}
