import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { TEST_DB } from './test-db.ts';
import type { RedisBackend } from '../../scripts/redis-rest/backend.ts';
import { IoredisBackend } from '../../scripts/redis-rest/backend-ioredis.ts';
import { MemoryBackend } from '../../scripts/redis-rest/backend-memory.ts';
import { startRedisRestServer, type RedisRestServer } from '../../scripts/redis-rest/server.ts';

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
 * whole database is unchanged while other suites write in parallel.
 */
export async function startBridge(options: { db?: number } = {}): Promise<Bridge> {
  const backend = await openBackend(options.db);
  if (options.db !== undefined) await backend.command(['FLUSHDB']);
  const server = await startRedisRestServer({ backend, token: randomBytes(18).toString('base64url') });
  return {
    server,
    backend,
    direct: (args) => backend.command(args),
    stop: async () => {
      await server.close();
      await backend.close();
    },
  };
}

/** A key prefix unique to one test, so suites running in parallel never see each other's data. */
export function uniquePrefix(label: string): string {
  return `test:${label}:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`;
}
