/**
 * `npm run bench:outage [-- --minutes N] [-- --rate R]`: a REAL-time Redis outage against the Worker with its
 * whole raw-event pipeline (Miniflare's local Queues and R2, production retries and backoff, EVENT_RETRY_SCALE
 * 1) over a private redis-server behind the REST bridge. Clicks of new visitors arrive throughout (R a second,
 * default 2); for N minutes (default 10) the bridge black-holes every request (never answers). Then Redis comes
 * back, the scheduled run (every minute, as the cron) replays dead letters, and the bench waits until every
 * click is counted or the backoff's longest wait has passed twice. Prints: clicks accepted (302 with a click
 * id), counted, dead-lettered, replayed, duplicates, lost.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startWorker, TEST_ADMIN_TOKEN } from '../../test/support/worker.ts';
import { redisKeys } from '../../worker/storage/redis-keys.ts';
import { resolveRedis } from '../redis-rest/resolve-redis.ts';
import { startRedisRestServer } from '../redis-rest/server.ts';
import { seedAdvocate } from './seed-advocate.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '2' },
    /** The consumer's batch wait (production: 60 s); shorter for a quick look. */
    'batch-seconds': { type: 'string', default: '60' },
  },
});
const OUTAGE_MS = Number(values.minutes) * 60_000;
const RATE = Number(values.rate);
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
/** The backoff's longest wait (retry-delay.ts), and the cron's period. */
const MAX_BACKOFF_MS = 900_000;
const CRON_MS = 60_000;

const redis = await resolveRedis({ url: 'redis://127.0.0.1:1', allowMemory: false, log: () => {} });
const server = await startRedisRestServer({ backend: redis.backend, token: randomBytes(18).toString('base64url') });
const bridge = {
  server,
  backend: redis.backend,
  direct: (a: string[]) => redis.backend.command(a),
  stop: server.close,
};
// Production's pipeline: 60 s batch wait, 20 retries, linger 1 s, backoff at scale 1.
const worker = await startWorker({
  bridge,
  bindings: { EVENT_LINGER_MS: '1000', EVENT_RETRY_SCALE: '1', LINK_CACHE_FRESH_MS: '60000' },
  events: { batchTimeoutSeconds: Number(values['batch-seconds']), maxRetries: 20 },
});
const origin = worker.url.origin;
const { code, program, secretKey } = await seedAdvocate(origin, TEST_ADMIN_TOKEN);
const merchantId = (await (
  await fetch(`${origin}/v1/merchant`, { headers: { Authorization: `Bearer ${secretKey}` } })
).json()) as { id: string };
const t = { merchantId: merchantId.id, mode: 'test' as const };
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

let accepted = 0;
let refused = 0;
let ip = 0;
async function oneClick(): Promise<void> {
  const n = ip++;
  const res = await fetch(`${origin}/r/${code}`, {
    headers: { 'User-Agent': UA, 'CF-Connecting-IP': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
    redirect: 'manual',
  });
  await res.arrayBuffer();
  if (res.status === 302 && new URL(res.headers.get('location')!).searchParams.get('vouch_click')) accepted++;
  else refused++;
}

const days = new Set<string>();
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
async function figures() {
  let counted = 0;
  let duplicates = 0;
  for (const day of days) {
    counted += Number(await bridge.direct(['HGET', redisKeys.dailyClicks(t, day, 'program', program.id), 'clicks']));
    duplicates += Number(
      await bridge.direct(['HGET', redisKeys.stats(t, day, 'program', program.id), 'filtered:duplicate']),
    );
  }
  return { counted, duplicates };
}

let deadLettered = 0;
let replayed = 0;
let depth = 0;
async function watchDeadLetters(replay: boolean): Promise<void> {
  const read = async () =>
    ((await (await fetch(`${origin}/health`)).json()) as { events: { dead_letters: number | null } }).events
      .dead_letters ?? depth;
  const now = await read();
  if (now > depth) deadLettered += now - depth;
  depth = now;
  if (!replay) return;
  await worker.scheduled();
  const after = await read();
  if (after < depth) replayed += depth - after;
  depth = after;
}

// Warm the link (the redirect serves it from the isolate's cache, stale while Redis is away).
days.add(dayOf(Date.now()));
await oneClick();
const started = Date.now();
log(`outage of ${values.minutes} min: the bridge black-holes every Redis request; ${RATE} clicks/s throughout`);
server.setFaults({ blackhole_requests: 1_000_000_000 });
const clicking = setInterval(() => {
  days.add(dayOf(Date.now()));
  void oneClick().catch(() => refused++);
}, 1000 / RATE);
const cron = setInterval(() => void watchDeadLetters(true).catch(() => {}), CRON_MS);
await new Promise((r) => setTimeout(r, OUTAGE_MS));
server.setFaults({});
log(`Redis back after ${((Date.now() - started) / 60_000).toFixed(1)} min; clicks continue for one more minute`);
await new Promise((r) => setTimeout(r, 60_000));
clearInterval(clicking);
const deadline = Date.now() + 2 * MAX_BACKOFF_MS;
let f = await figures();
while (Date.now() < deadline && f.counted + f.duplicates < accepted) {
  await new Promise((r) => setTimeout(r, 10_000));
  f = await figures();
  log(`counted ${f.counted} of ${accepted} accepted`);
}
clearInterval(cron);
await watchDeadLetters(true);
f = await figures();
console.log(`
bench:outage (${values.minutes} min black hole, ${RATE} clicks/s, production backoff)
  clicks accepted (302 with a click id): ${accepted}   not accepted: ${refused}
  counted:       ${f.counted}
  duplicates:    ${f.duplicates}
  dead-lettered: ${deadLettered}
  replayed:      ${replayed}
  lost:          ${accepted - f.counted - f.duplicates}
  took ${((Date.now() - started) / 60_000).toFixed(1)} min`);
await worker.dispose();
await server.close();
await redis.stop();
process.exit(accepted - f.counted - f.duplicates === 0 ? 0 : 1);
