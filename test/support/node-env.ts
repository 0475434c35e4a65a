import { type Bridge, startBridge } from './redis.ts';

/**
 * Worker bindings for running Hono middleware in Node (unit tests beside the middleware),
 * against a real REST bridge over Redis.
 */
export async function nodeWorkerEnv(
  overrides: Record<string, string> = {},
): Promise<{ bridge: Bridge; env: Env; stop(): Promise<void> }> {
  const bridge = await startBridge();
  const env = {
    VOUCH_ENV: 'test',
    UPSTASH_REDIS_REST_URL: bridge.server.url,
    UPSTASH_REDIS_REST_TOKEN: bridge.server.token,
    ADMIN_TOKEN: 'unit-admin-token',
    HASH_SECRET: 'unit-hash-secret',
    PUBLIC_BASE_URL: '',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_KEY_PER_MINUTE: '1000000',
    ...overrides,
  } as unknown as Env;
  return { bridge, env, stop: () => bridge.stop() };
}
