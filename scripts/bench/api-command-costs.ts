/**
 * What each API endpoint costs in Redis: HTTP round trips to the REST endpoint, commands sent
 * over REST, and commands Redis executed (Upstash bills each one, including every redis.call in
 * a Lua script), measured with INFO commandstats on a private redis-server.
 * `npm run bench:api-costs` prints the table; with --check it fails when a budget is exceeded.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import { bundleWorker } from '../lib/bundle-worker.ts';
import { eventPipeline } from '../lib/event-pipeline.ts';
import type { IoredisBackend } from '../redis-rest/backend-ioredis.ts';
import { resolveRedis } from '../redis-rest/resolve-redis.ts';
import { startRedisRestServer } from '../redis-rest/server.ts';
import { commandsExecuted } from './commandstats.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN = 'bench-admin-token';

// A Redis of our own, so commandstats count only this script's commands.
const redis = await resolveRedis({ url: 'redis://127.0.0.1:1', allowMemory: false, log: () => {} });
if (redis.source !== 'spawned')
  throw new Error('api-command-costs needs redis-server on PATH (apt-get install -y redis-server)');
// However we end, leave no redis-server behind.
process.on('exit', () => {
  try {
    if (redis.pid) process.kill(redis.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
});
const backend = redis.backend as IoredisBackend;
const rest = await startRedisRestServer({ backend, token: randomBytes(12).toString('hex') });
const toml = await readFile(resolve(ROOT, 'wrangler.toml'), 'utf8');
const mf = new Miniflare({
  modules: true,
  script: new TextDecoder().decode(await bundleWorker(resolve(ROOT, 'worker/index.ts'))),
  compatibilityDate: /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)![1]!,
  cf: false,
  bindings: {
    VOUCH_ENV: 'test',
    UPSTASH_REDIS_REST_URL: rest.url,
    UPSTASH_REDIS_REST_TOKEN: rest.token,
    ADMIN_TOKEN: ADMIN,
    HASH_SECRET: 'bench',
    PUBLIC_BASE_URL: '',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_KEY_PER_MINUTE: '1000000',
    PUBLIC_LIMIT_PER_MINUTE: '100000',
  },
  ratelimits: { PUBLIC_LIMITER: { simple: { limit: 100000, period: 60 } } },
  // The raw-event queues and R2 the Worker sends to, with production's 60 s batch wait: the rows an
  // endpoint sends are consumed after its figures were taken, never inside another endpoint's.
  ...eventPipeline({ batchTimeoutSeconds: 60 }),
});

const executed = () => commandsExecuted(backend);

async function call(method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await mf.dispatchFetch(`http://localhost${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as any;
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

interface Row {
  endpoint: string;
  http: number;
  rest: number;
  executed: number;
}
const rows: Row[] = [];
async function measure<T>(endpoint: string, run: () => Promise<T>): Promise<T> {
  rest.resetStats();
  const before = await executed();
  const out = await run();
  const after = await executed();
  const s = rest.stats();
  rows.push({ endpoint, http: s.http_requests, rest: s.commands, executed: after - before });
  return out;
}

/** Every endpoint once. Run twice: the first pass loads each Lua script (one NOSCRIPT round trip each). */
async function scenario(pass: number) {
  const created = await measure('POST /v1/merchants', () =>
    call('POST', '/v1/merchants', ADMIN, {
      name: `Bench ${pass}`,
      allowed_origins: ['https://shop.example'],
      allowed_hosts: ['shop.example'],
    }),
  );
  const sk = created.keys.secret.key;
  const pk = created.keys.publishable.key;
  const programBody = {
    name: 'P',
    status: 'active',
    destination_url: 'https://shop.example/',
    referee_offer: { type: 'percent', value: 10 },
    referrer_reward: { type: 'points', value: 100 },
  };
  const program = await measure('POST /v1/programs', () => call('POST', '/v1/programs', sk, programBody));
  await measure('GET /v1/programs (1 program)', () => call('GET', '/v1/programs', sk));
  await measure('GET /v1/programs/{id}', () => call('GET', `/v1/programs/${program.id}`, sk));
  await measure('PATCH /v1/programs/{id}', () => call('PATCH', `/v1/programs/${program.id}`, sk, { name: 'Renamed' }));
  const enrolled = await measure('POST /v1/programs/{id}/advocates (new)', () =>
    call('POST', `/v1/programs/${program.id}/advocates`, sk, { external_id: 'a', name: 'Alice' }),
  );
  await measure('POST /v1/programs/{id}/advocates (again)', () =>
    call('POST', `/v1/programs/${program.id}/advocates`, sk, { external_id: 'a', name: 'Alice' }),
  );
  await measure('GET /v1/programs/{id}/advocates (1)', () => call('GET', `/v1/programs/${program.id}/advocates`, sk));
  await measure('GET /v1/advocates/{id}', () => call('GET', `/v1/advocates/${enrolled.advocate.id}`, sk));
  await measure('PATCH /v1/advocates/{id}', () =>
    call('PATCH', `/v1/advocates/${enrolled.advocate.id}`, sk, { name: 'Alice L.' }),
  );
  await measure('POST /v1/advocates/{id}/codes', () =>
    call('POST', `/v1/advocates/${enrolled.advocate.id}/codes`, sk, {}),
  );
  await measure('GET /v1/codes/{code}', () => call('GET', `/v1/codes/${enrolled.code}`, sk));
  const checkout = { customer: { external_id: `buyer-${pass}` }, order: { amount: 5000, currency: 'USD' } };
  await measure('POST /v1/codes/{code}/validate', () =>
    call('POST', `/v1/codes/${enrolled.code}/validate`, sk, checkout),
  );
  await measure('POST /v1/codes/{code}/validate (reserve)', () =>
    call('POST', `/v1/codes/${enrolled.code}/validate`, sk, {
      ...checkout,
      customer: { external_id: `holder-${pass}` },
      reserve: { ttl_seconds: 60 },
    }),
  );
  const redeemed = await measure('POST /v1/redemptions', () =>
    call('POST', '/v1/redemptions', sk, { code: enrolled.code, order_id: `order-${pass}`, ...checkout }),
  );
  await measure('POST /v1/redemptions (same order again)', () =>
    call('POST', '/v1/redemptions', sk, { code: enrolled.code, order_id: `order-${pass}`, ...checkout }),
  );
  await measure('POST /v1/redemptions/{id}/reverse', () =>
    call('POST', `/v1/redemptions/${redeemed.id}/reverse`, sk, {}),
  );
  const day = (n: number) => new Date(Date.now() - n * 86400_000).toISOString().slice(0, 10);
  await measure('GET /v1/programs/{id}/stats (90 days)', () =>
    call('GET', `/v1/programs/${program.id}/stats?from=${day(89)}&to=${day(0)}`, sk),
  );
  await measure('GET /v1/advocates/{id}/stats (90 days)', () =>
    call('GET', `/v1/advocates/${enrolled.advocate.id}/stats?from=${day(89)}&to=${day(0)}`, sk),
  );
  await measure('GET /v1/programs/{id}/leaderboard', () =>
    call('GET', `/v1/programs/${program.id}/leaderboard?currency=USD`, sk),
  );
  await measure('PATCH /v1/codes/{code}', () =>
    call('PATCH', `/v1/codes/${enrolled.code}`, sk, { status: 'disabled' }),
  );
  await measure('GET /v1/merchant', () => call('GET', '/v1/merchant', sk));
  await measure('GET /v1/keys', () => call('GET', '/v1/keys', sk));
  await measure('GET /v1/public/config', () =>
    call('GET', '/v1/public/config', pk, undefined, { Origin: 'https://shop.example' }),
  );
  await measure('POST /v1/programs + Idempotency-Key (first)', () =>
    call('POST', '/v1/programs', sk, programBody, { 'Idempotency-Key': `bench-${pass}` }),
  );
  await measure('POST /v1/programs + Idempotency-Key (replay)', () =>
    call('POST', '/v1/programs', sk, programBody, { 'Idempotency-Key': `bench-${pass}` }),
  );
  await measure('POST /v1/keys/roll', () => call('POST', '/v1/keys/roll', sk, { type: 'publishable' }));
  await measure('GET /health', async () => (await mf.dispatchFetch('http://localhost/health')).json());
}

await scenario(1);
rows.length = 0;
await scenario(2);

await mf.dispose();
await rest.close();
await redis.stop();

console.log('endpoint                                          round trips  REST cmds  executed (billed)');
for (const r of rows)
  console.log(
    `${r.endpoint.padEnd(50)}${String(r.http).padStart(11)}${String(r.rest).padStart(11)}` +
      `${String(r.executed).padStart(19)}`,
  );

if (process.argv.includes('--check')) {
  const budgets = JSON.parse(await readFile(resolve(ROOT, 'scripts/budgets/budgets.json'), 'utf8')) as {
    api_costs: Record<string, { round_trips: number; executed: number }>;
  };
  let broken = 0;
  for (const r of rows) {
    const b = budgets.api_costs[r.endpoint];
    if (!b) continue;
    if (r.http > b.round_trips || r.executed > b.executed) {
      console.error(
        `OVER: ${r.endpoint}: ${r.http} round trips (max ${b.round_trips}), ${r.executed} commands (max ${b.executed})`,
      );
      broken++;
    }
  }
  if (broken) process.exit(1);
  console.log('\nAPI command budgets hold.');
}
