/**
 * `npm run bench:redeem`: the checkout path through the bundled Worker in raw workerd, against
 * the REST bridge over a private redis-server. Prints, per operation (redemption, validation,
 * validation with a hold, full reversal, and conversion once `POST /v1/conversions` exists):
 * Redis HTTP round trips (bridge counters), commands sent over REST and commands executed
 * inside Redis (INFO commandstats: each redis.call in a script counts, as Upstash bills it);
 * then throughput and latency under load (autocannon, every request a new order and customer on
 * a code with unlimited uses). `--check` enforces the "redeem" budgets in
 * scripts/budgets/budgets.json (CI does).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Cost, type Load, measureCost, postLoad } from './measure.ts';
import { seedAdvocate } from './seed-advocate.ts';
import { coresLine, reportChecks, startBenchStack } from './workerd-stack.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SAMPLES = Number(process.env.BENCH_COST_SAMPLES ?? 50);

const stack = await startBenchStack({ label: 'bench:redeem' });
const { secretKey, code } = await seedAdvocate(stack.url, stack.adminToken, {
  limits: { code_max_uses: null, one_redemption_per_customer: true },
});
const headers = { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' };

// Every request is a new order by a new customer: the realistic case, and the one-per-customer
// and order-id checks never short-circuit it.
const run = randomBytes(4).toString('hex');
let seq = 0;
const nextId = () => `${run}-${seq++}`;
const order = { amount: 5000, currency: 'USD' };

interface Operation {
  name: string;
  path: string;
  body(id: string): unknown;
}

const redemption: Operation = {
  name: 'redemption',
  path: '/v1/redemptions',
  body: (id) => ({ code, order_id: `o-${id}`, customer: { external_id: `c-${id}` }, order }),
};
const validation: Operation = {
  name: 'validation',
  path: `/v1/codes/${code}/validate`,
  body: (id) => ({ customer: { external_id: `c-${id}` }, order }),
};
const hold: Operation = {
  name: 'validation + hold',
  path: `/v1/codes/${code}/validate`,
  body: (id) => ({ customer: { external_id: `c-${id}` }, order, reserve: { ttl_seconds: 60 } }),
};
// Being built alongside: the same sale a checkout would report after redeeming.
const conversion: Operation = {
  name: 'conversion (sale)',
  path: '/v1/conversions',
  body: (id) => ({
    type: 'sale',
    order_id: `o-${id}`,
    customer: { external_id: `c-${id}` },
    amount: order.amount,
    currency: order.currency,
    code,
  }),
};

async function post(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${stack.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json().catch(() => null) };
}

async function ok(path: string, body: unknown): Promise<any> {
  const res = await post(path, body);
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

/** A 404 from the route itself (not from a lookup inside it) means it is not deployed yet. */
async function available(op: Operation): Promise<boolean> {
  const res = await post(op.path, op.body(nextId()));
  return !(res.status === 404 && res.json?.error?.code === 'route_not_found');
}

/** Redis cost of one call, averaged over `SAMPLES` sequential calls after background work settled. */
const costOf = (name: string, call: (i: number) => Promise<unknown>) => measureCost(stack, name, SAMPLES, call);

function load(op: Operation, seconds: number): Promise<Load> {
  const request = () => ({ headers, body: JSON.stringify(op.body(nextId())) });
  return postLoad(op.name, { url: stack.url, path: op.path, connections: CONNECTIONS, seconds, request });
}

// Warm every path once (JIT, script cache: the first call of each script costs a NOSCRIPT reload).
const ops = [redemption, validation, hold];
const conversions = await available(conversion);
if (conversions) ops.push(conversion);
for (const op of ops) await ok(op.path, op.body(nextId()));
const warm = await ok(redemption.path, redemption.body(nextId()));
await ok(`/v1/redemptions/${warm.id}/reverse`, {});

const costs: Cost[] = [];
for (const op of ops) costs.push(await costOf(op.name, () => ok(op.path, op.body(nextId()))));
const toReverse: string[] = [];
for (let i = 0; i < SAMPLES; i++) toReverse.push((await ok(redemption.path, redemption.body(nextId()))).id);
costs.push(await costOf('full reversal', (i) => ok(`/v1/redemptions/${toReverse[i]}/reverse`, {})));

// A short warm-up under load, then the measured runs.
await load(redemption, 1);
const loads: Load[] = [await load(redemption, SECONDS), await load(validation, Math.ceil(SECONDS / 2))];
if (conversions) loads.push(await load(conversion, Math.ceil(SECONDS / 2)));
await stack.stop();

console.log(
  `checkout benchmark: raw workerd, REST bridge over a private redis-server, ` +
    `${CONNECTIONS} connections, a new order and customer per request`,
);
console.log(coresLine(stack.pinned));
for (const l of loads) {
  console.log(
    `  ${l.name.padEnd(24)} ${l.perSecond.toFixed(0).padStart(6)} /s   p50 ${l.p50} ms   p99 ` +
      `${l.p99} ms   (${l.ok} ok${l.failed ? `, failed: ${l.failures}` : ''})`,
  );
}
if (!conversions) console.log('  conversions: not available (POST /v1/conversions answers route_not_found)');
console.log(
  `Redis per call, mean of ${SAMPLES} (REST round trips / commands sent / ` +
    `commands executed = billed), auth and rate limit included:`,
);
for (const c of costs)
  console.log(`  ${c.name.padEnd(24)} ${c.roundTrips.toFixed(2)} / ${c.sent.toFixed(2)} / ${c.executed.toFixed(2)}`);
console.log(
  '  (throughput here is bound by the local bridge and Redis sharing a core with the ' +
    'load generator; at the edge each round trip is a call to Upstash)',
);

let broken = 0;
if (process.argv.includes('--check')) {
  const b = (
    JSON.parse(await readFile(resolve(ROOT, 'scripts/budgets/budgets.json'), 'utf8')) as {
      redeem: Record<string, number | undefined>;
    }
  ).redeem;
  const throughput = loads[0]!;
  const checks: [string, boolean][] = [
    [
      `redemptions ${throughput.perSecond.toFixed(0)}/s >= ${b.min_redemptions_per_second}`,
      throughput.perSecond >= b.min_redemptions_per_second!,
    ],
  ];
  // Budget keys follow the names: "full reversal" -> max_round_trips_full_reversal. An operation
  // without budgets yet (conversions, while being built) is reported, not enforced.
  const budgeted = (name: string) => b[`max_round_trips_${budgetKey(name)}`] !== undefined;
  for (const c of costs) {
    for (const [what, value] of [
      ['round_trips', c.roundTrips],
      ['executed', c.executed],
    ] as const) {
      const max = b[`max_${what}_${budgetKey(c.name)}`];
      const label = `${c.name}: ${value.toFixed(2)} ${what.replace('_', ' ')}`;
      if (max === undefined) console.log(`--   ${label} (no budget yet)`);
      else checks.push([`${label} <= ${max}`, value <= max]);
    }
  }
  for (const l of loads) {
    const label = `${l.name}: no failed requests under load${l.failed ? ` (${l.failures})` : ''}`;
    if (budgeted(l.name)) checks.push([label, l.failed === 0]);
    else console.log(`--   ${label} (no budget yet)`);
  }
  broken = reportChecks(checks);
}
process.exit(broken ? 1 : 0);

function budgetKey(name: string): string {
  return name.replace(/\W+/g, '_').replace(/_+$/, '');
}
