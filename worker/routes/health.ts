import { Hono } from 'hono';
import type { HealthResponse } from '../../shared/schemas/health.ts';
import { VOUCH_VERSION } from '../../shared/version.ts';
import type { AppEnv } from '../app-env.ts';
import { config } from '../lib/config.ts';
import { edgeLimit } from '../middleware/edge-limit/edge-limit.ts';
import { healthStore, RedisNotConfiguredError } from '../storage/health.ts';
import { rawEventStore } from '../storage/raw-events.ts';

async function probeRedis(env: Env): Promise<HealthResponse['redis']> {
  const started = Date.now();
  try {
    if (!(await healthStore(env, 'probe').ping())) return { reachable: false, latency_ms: null, error: 'unreachable' };
    return { reachable: true, latency_ms: Date.now() - started };
  } catch (err) {
    if (err instanceof RedisNotConfiguredError) return { reachable: false, latency_ms: null, error: 'not_configured' };
    const message = err instanceof Error ? `${err.name} ${err.message}` : String(err);
    if (/unauthori[sz]ed/i.test(message)) return { reachable: false, latency_ms: null, error: 'unauthorized' };
    if (/abort|timeout/i.test(message)) return { reachable: false, latency_ms: null, error: 'timeout' };
    return { reachable: false, latency_ms: null, error: 'unreachable' };
  }
}

/** Dead letters waiting in R2 (not a degradation: the Worker serves, and the scheduled run replays them). */
async function deadLetters(env: Env): Promise<number | null> {
  try {
    return await rawEventStore(env).deadLetterDepth();
  } catch (err) {
    console.error('dead letters not counted', err instanceof Error ? err.message.slice(0, 200) : String(err));
    return null;
  }
}

export const health = new Hono<AppEnv>();
health.use('*', edgeLimit());

health.get('/', async (c) => {
  const [redis, dead] = await Promise.all([probeRedis(c.env), deadLetters(c.env)]);
  const { production, secretProblems: problems } = config(c.env);
  const secrets = { production, problems };
  // Outside production the problems are listed but the development fallback keeps things running.
  const healthy = redis.reachable && !(secrets.production && secrets.problems.length > 0);
  const body: HealthResponse = {
    status: healthy ? 'ok' : 'degraded',
    version: VOUCH_VERSION,
    redis,
    secrets,
    events: { dead_letters: dead },
  };
  c.header('Cache-Control', 'no-store');
  return c.json(body, healthy ? 200 : 503);
});
