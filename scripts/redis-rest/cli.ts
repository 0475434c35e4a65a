import { randomBytes } from 'node:crypto';
import { resolveRedis } from './resolve-redis.ts';
import { startRedisRestServer } from './server.ts';

// Standalone bridge for poking at it by hand: `npm run redis-rest`.
const port = Number(process.env.REDIS_REST_PORT ?? 8079);
const token = process.env.REDIS_REST_TOKEN ?? randomBytes(24).toString('base64url');

const redis = await resolveRedis();
const server = await startRedisRestServer({ backend: redis.backend, token, port });
console.log(`Upstash-compatible REST server on ${server.url} -> ${redis.backend.description}`);
console.log(`  UPSTASH_REDIS_REST_URL=${server.url}`);
console.log(`  UPSTASH_REDIS_REST_TOKEN=${token}`);

const stop = async () => {
  await server.close();
  await redis.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
