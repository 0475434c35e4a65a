/**
 * The stack the browser benchmarks (bench:widget, bench:console) load pages from: the bundled
 * Worker in Miniflare serving dist/public as static assets, in front of an embedded Redis through
 * the REST bridge, with rate limits out of the way. Their figures are page timings, not Redis
 * costs, so none of workerd-stack.ts's pinning and command counting is needed here.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import { bundleWorker } from '../lib/bundle-worker.ts';
import { eventPipeline } from '../lib/event-pipeline.ts';
import { resolveRedis } from '../redis-rest/resolve-redis.ts';
import { startRedisRestServer } from '../redis-rest/server.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface BrowserStack {
  /** The Worker's origin. */
  origin: string;
  /** ADMIN_TOKEN of the Worker, for POST /v1/merchants. */
  adminToken: string;
  /** The REST bridge the Worker talks to (for a bench that runs the Worker's own write paths). */
  rest: { url: string; token: string };
  /** Stops what it started; cleanups pushed later run first. */
  cleanups: (() => Promise<unknown>)[];
}

/** Starts the stack, registering each part in `cleanups` as it comes up (so a failure midway leaves nothing). */
export async function startBrowserStack(cleanups: (() => Promise<unknown>)[]): Promise<BrowserStack> {
  const adminToken = randomBytes(12).toString('hex');
  const redis = await resolveRedis({ url: 'redis://127.0.0.1:1', log: () => {} });
  cleanups.push(() => redis.stop());
  const rest = await startRedisRestServer({ backend: redis.backend, token: randomBytes(12).toString('hex') });
  cleanups.push(() => rest.close());
  const toml = await readFile(resolve(ROOT, 'wrangler.toml'), 'utf8');
  const mf = new Miniflare({
    modules: true,
    script: new TextDecoder().decode(await bundleWorker(resolve(ROOT, 'worker/index.ts'), { minify: true })),
    compatibilityDate: /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)![1]!,
    host: '127.0.0.1',
    port: 0,
    cf: false,
    bindings: {
      VOUCH_ENV: 'test',
      UPSTASH_REDIS_REST_URL: rest.url,
      UPSTASH_REDIS_REST_TOKEN: rest.token,
      ADMIN_TOKEN: adminToken,
      HASH_SECRET: 'bench',
      PUBLIC_BASE_URL: '',
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      RATE_LIMIT_KEY_PER_MINUTE: '1000000',
      PUBLIC_LIMIT_PER_MINUTE: '1000000',
    },
    ratelimits: { PUBLIC_LIMITER: { simple: { limit: 1000000, period: 60 } } },
    // The raw-event queues and R2 the Worker sends widget events to (Miniflare's local ones, as npm start).
    ...eventPipeline(),
    assets: { directory: resolve(ROOT, 'dist/public'), binding: 'ASSETS', routerConfig: { has_user_worker: true } },
  });
  cleanups.push(() => mf.dispose());
  return { origin: (await mf.ready).origin, adminToken, rest: { url: rest.url, token: rest.token }, cleanups };
}
