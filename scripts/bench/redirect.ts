/**
 * `npm run bench:redirect`: our redirect Worker against a constant-302 baseline Worker, both in
 * raw workerd (not wrangler dev), sent identical requests by autocannon on loopback, after a
 * warm-up, in interleaved rounds of alternating order; the ratio is the median of per-round
 * ratios (these machines are noisy; pairing rounds spreads the noise over both sides). Prints throughput ours/baseline,
 * latency percentiles, Redis commands and HTTP requests per redirect at the edge (tracked clicks, repeat
 * visitors, bots), workerd CPU per response of a new visitor's hit next to the baseline's (workerd-cpu.ts),
 * then, on the Worker's real pipeline (Miniflare's Queues and R2, production batch wait and linger), what a
 * tracked click costs in every store at a trickle and under load (click-costs.ts, list prices in
 * list-prices.ts and docs/ANALYTICS.md). `--check` enforces the budgets in scripts/budgets/budgets.json (CI does).
 */
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { printPhase } from './click-cost-report.ts';
import { load, measurePhase, trickle } from './click-costs.ts';
import { startPipelineStack } from './pipeline-stack.ts';
import { seedAdvocate } from './seed-advocate.ts';
import { cpuPerResponse } from './workerd-cpu.ts';
import { coresLine, reportChecks, startBenchStack } from './workerd-stack.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const TRACKED_ROUNDS = Number(process.env.BENCH_TRACKED_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const CPU_REQUESTS = Number(process.env.BENCH_CPU_REQUESTS ?? 20_000);
const CPU_ROUNDS = Number(process.env.BENCH_CPU_ROUNDS ?? 3);
const TRICKLE_SECONDS = Number(process.env.BENCH_TRICKLE_SECONDS ?? 180);
// Long enough for one isolate's outbox (a message per 100 events) to fill a 100-message batch at ~300 clicks/s.
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 40);
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
// Ours and a constant-302 baseline in one raw workerd process, over a private Redis.
const stack = await startBenchStack({
  label: 'bench:redirect',
  bindings: { LINK_CACHE_FRESH_MS: '60000' },
  extraWorkers: [
    {
      name: 'baseline',
      source:
        'export default { fetch() { return new Response(null, { status: 302, ' +
        "headers: { Location: 'https://shop.example/welcome' } }); } };\n",
    },
  ],
});
const oursUrl = stack.url;
const base = stack.urls.baseline!;

// A merchant, a program and an advocate, through the API.
const { code } = await seedAdvocate(oursUrl, stack.adminToken);
const link = `${oursUrl}/r/${code}`;
const executed = () => stack.executed();
const settle = () => stack.settle();

/** Redis cost of `n` redirects of one kind, measured after the Worker's background work settled. */
async function costOf(n: number, headers: (i: number) => Record<string, string>) {
  await settle();
  await stack.resetStats();
  const before = await executed();
  let redirects = 0;
  for (let i = 0; i < n; i++) {
    const res = await fetch(link, { headers: headers(i), redirect: 'manual' });
    if (res.status === 302) redirects++;
  }
  await settle();
  const stats = await stack.stats();
  return {
    redirects,
    http: stats.http_requests / redirects,
    rest: stats.commands / redirects,
    billed: ((await executed()) - before) / redirects,
  };
}

// Warm the link in this isolate, then measure each kind of hit.
await fetch(link, { headers: { 'User-Agent': UA }, redirect: 'manual' });
const tracked = await costOf(200, (i) => ({ 'User-Agent': UA, 'CF-Connecting-IP': `10.1.${i >> 8}.${i & 255}` }));
const firstHit = await fetch(link, {
  headers: { 'User-Agent': UA, 'CF-Connecting-IP': '10.9.9.9' },
  redirect: 'manual',
});
const cookie = firstHit.headers.getSetCookie()[0]!.split(';')[0]!;
const repeatWithCookie = await costOf(100, () => ({
  'User-Agent': UA,
  'CF-Connecting-IP': '10.9.9.9',
  Cookie: cookie,
}));
const repeatNoCookie = await costOf(100, () => ({ 'User-Agent': UA, 'CF-Connecting-IP': '10.9.9.10' }));
const bots = await costOf(100, () => ({
  'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
}));

// Throughput: interleaved rounds, baseline first each time.
let visitor = 0;
async function run(url: string, tracked: boolean, headers: Record<string, string> = {}) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: ROUND_SECONDS,
    headers: { 'User-Agent': UA, ...headers },
    requests: [
      {
        setupRequest: (req: any) => {
          // New visitors each time: every redirect is a tracked click (the expensive case).
          if (tracked)
            req.headers = {
              ...req.headers,
              'CF-Connecting-IP': `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor++ & 255}`,
            };
          return req;
        },
      },
    ],
  });
  return {
    total: result.statusCodeStats?.['302']?.count ?? 0,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non302: result.requests.total - (result.statusCodeStats?.['302']?.count ?? 0),
  };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const empty = () => ({ redirects: 0, seconds: 0, p50: [] as number[], p99: [] as number[], bad: 0 });
const sums = { base: empty(), ours: empty(), tracked: empty() };
// Warm both sides up (JIT, connection pools) before anything is measured.
await run(`${base}/r/${code}`, false, { Cookie: cookie, 'CF-Connecting-IP': '10.9.9.9' });
await run(link, false, { Cookie: cookie, 'CF-Connecting-IP': '10.9.9.9' });
const roundRatios: number[] = [];
const trackedRatios: number[] = [];
const BASE_URL = `${base}/r/${code}`;
// The baseline gets exactly the requests ours gets (same path and headers): only the Worker differs.
const RETURNING = { Cookie: cookie, 'CF-Connecting-IP': '10.9.9.9' };
async function measure(name: keyof typeof sums, url: string): Promise<number> {
  const r = await run(url, name === 'tracked', name === 'tracked' ? {} : RETURNING);
  const s = sums[name];
  s.redirects += r.total;
  s.seconds += r.seconds;
  s.p50.push(r.p50);
  s.p99.push(r.p99);
  s.bad += r.non302;
  return r.total / r.seconds;
}
// "ours": returning visitors (the click cookie): the warm response path, no Redis at all.
// Alternate the order each round so slow drift in the machine's speed hits both sides alike.
for (let round = 0; round < ROUNDS; round++) {
  const b = round % 2 === 0 ? await measure('base', BASE_URL) : 0;
  const o = await measure('ours', link);
  const b2 = round % 2 === 0 ? b : await measure('base', BASE_URL);
  roundRatios.push(o / b2);
}
// "tracked": a new visitor every request, so each redirect also records a click afterwards.
// Measured apart, after the warm rounds, and followed by a quiet period: the clicks it leaves
// recording in the background would otherwise tax whichever run came next.
for (let round = 0; round < TRACKED_ROUNDS; round++) {
  const b = await measure('base', BASE_URL);
  trackedRatios.push((await measure('tracked', link)) / b);
  await settle();
}
const rps = (s: typeof sums.base) => s.redirects / s.seconds;
// The median of per-round ratios: each round's pair ran back to back, so it shares the noise.
const ratio = median(roundRatios);
const trackedRatio = median(trackedRatios);
await settle();

// CPU: a new visitor's hit (redirect, signed cookie, the queue send after it) against the constant Worker,
// the same requests (path and headers, a fresh visitor address each) to both, in the same workerd process.
let cpuVisitor = 0;
const freshVisitor = () => ({
  'User-Agent': UA,
  'CF-Connecting-IP': `11.${(cpuVisitor >> 16) & 255}.${(cpuVisitor >> 8) & 255}.${cpuVisitor++ & 255}`,
});
stack.resetQueue();
// The returning visitor (its cookie: the warm response path, nothing recorded) shows what of the new
// visitor's figure is the response and what is the click (token, visitor hash, event, queue send).
const [cpuOurs, cpuBase, cpuReturning] = await cpuPerResponse(
  stack,
  [
    { name: 'vouch, new visitor', url: link, headers: freshVisitor },
    { name: 'baseline (constant 302)', url: BASE_URL, headers: freshVisitor },
    { name: 'vouch, returning visitor (cookie)', url: link, headers: () => ({ 'User-Agent': UA, ...RETURNING }) },
  ],
  CPU_REQUESTS,
  CPU_ROUNDS,
);
const sent = stack.queue();
const CPU_HITS = CPU_REQUESTS * CPU_ROUNDS;
const cpuLoadAverage = loadavg()[0]!;
await stack.stop();

// Cost: the whole pipeline, as deployed, counted store by store.
const pipeline = await startPipelineStack();
const seeded = await seedAdvocate(pipeline.origin, pipeline.adminToken);
const pipeLink = `${pipeline.origin}/r/${seeded.code}`;
const trickled = await measurePhase(
  pipeline,
  'trickle',
  trickle(pipeLink, TRICKLE_SECONDS),
  cpuOurs!.microsPerResponse,
);
const loaded = await measurePhase(
  pipeline,
  'sustained load',
  load(pipeLink, LOAD_SECONDS, CONNECTIONS),
  cpuOurs!.microsPerResponse,
);
await pipeline.stop();

const line = (label: string, s: typeof sums.base) =>
  `  ${label.padEnd(40)} ${rps(s).toFixed(0).padStart(7)} req/s   p50 ` +
  `${median(s.p50)} ms   p99 ${median(s.p99)} ms   non-302: ${s.bad}`;
console.log(
  `redirect benchmark: raw workerd, ${ROUNDS} interleaved rounds (+${TRACKED_ROUNDS} with ` +
    `tracked clicks) x ${ROUND_SECONDS} s each, ${CONNECTIONS} connections, warm link`,
);
console.log(coresLine(stack.pinned));
console.log(line('baseline (constant 302)', sums.base));
console.log(line('vouch, warm link (response path)', sums.ours));
console.log(line('vouch, warm link + click recorded', sums.tracked));
console.log(
  `  throughput ours/baseline, warm link: ${ratio.toFixed(2)} (median of ` +
    `rounds: ${roundRatios.map((r) => r.toFixed(2)).join(' ')}); every hit ` +
    `a new tracked click: ${trackedRatio.toFixed(2)}`,
);
console.log(
  '  (tracked clicks are bound here by the local REST bridge and Redis sharing the 2 ' +
    'cores; at the edge that work runs after the response, against Upstash)',
);
console.log('Redis per redirect (REST round trips / commands sent / commands executed = billed):');
for (const [label, c] of [
  ['tracked click (new visitor)', tracked],
  ['repeat visitor with cookie', repeatWithCookie],
  ['repeat visitor, no cookie', repeatNoCookie],
  ['bot', bots],
] as const) {
  console.log(`  ${label.padEnd(30)} ${c.http.toFixed(2)} / ${c.rest.toFixed(2)} / ${c.billed.toFixed(2)}`);
}
console.log(
  `workerd CPU per response (core-µs, /proc/<pid>/stat utime+stime of the one workerd process, ` +
    `median of ${CPU_ROUNDS} rounds x ${CPU_REQUESTS} requests each side, a fresh visitor address per request; ` +
    `machine load average ${cpuLoadAverage.toFixed(1)} on ${cpus().length} cores):`,
);
for (const f of [cpuOurs!, cpuBase!, cpuReturning!])
  console.log(
    `  ${f.name.padEnd(40)} ${f.microsPerResponse.toFixed(1).padStart(7)} µs   ` +
      `(rounds: ${f.rounds.map((r) => r.toFixed(1)).join(' ')})`,
  );
console.log(
  `  the queue's far end (queue-sink.ts: an HTTP endpoint in the bench's Node process speaking workerd's queue ` +
    `producer protocol, counting and dropping) received ${sent.messages} messages, ${sent.events} events ` +
    `for ${CPU_HITS} new visitors' hits ` +
    `(${(sent.events / Math.max(1, sent.messages)).toFixed(1)} per message at EVENT_LINGER_MS ` +
    `${pipeline.lingerMs}, ${(sent.bytes / Math.max(1, sent.messages) / 1024).toFixed(1)} KB each); ` +
    `R2 calls from the edge: ${sent.r2Calls}`,
);
console.log("  (consuming is the queue's and the consumer's work: counted in the cost phase below, not here)");
console.log(
  `Cost per tracked click, on Miniflare's real local Queues and R2 with production's batch wait ` +
    `(${pipeline.batchTimeoutSeconds} s) and linger (${pipeline.lingerMs} ms), list prices of docs/ANALYTICS.md:`,
);
printPhase(trickled, cpuOurs!.microsPerResponse);
printPhase(loaded, cpuOurs!.microsPerResponse);
console.log(
  '  before issue 17 (measured then, for reference): 16 billed Redis commands per tracked click, ' +
    '$32 per million tracked clicks (Redis alone; the click recorded by one script at the edge)',
);
// The goal (issue 17) is 100 µs where the constant-302 Worker measured 33 µs: this machine's constant Worker
// reads 80-115 µs (load, /proc's tick accounting), so the gate is the goal's ratio and the absolute figure
// is printed beside it.
const cpuRatio = cpuOurs!.microsPerResponse / cpuBase!.microsPerResponse;
console.log(
  `  new visitor / constant-302 Worker: ${cpuRatio.toFixed(2)} x (goal: 100 µs against 33 µs, 3.03 x); ` +
    `absolute ${cpuOurs!.microsPerResponse.toFixed(1)} µs: ` +
    `${cpuOurs!.microsPerResponse <= 100 ? 'within' : 'over'} the goal's 100 µs on this machine`,
);
const perClick = (p: typeof loaded) => (p.clicks ? p.counted.redisCommands / p.clicks : Number.POSITIVE_INFINITY);

const b = (
  JSON.parse(await readFile(join(ROOT, 'scripts/budgets/budgets.json'), 'utf8')) as {
    redirect: Record<string, number>;
  }
).redirect;
// The goal is 1 billed command per click under load; --check fails only above the hard budget.
if (perClick(loaded) > b.target_billed_commands_per_click_load!)
  console.log(
    `WARN sustained load: ${perClick(loaded).toFixed(3)} billed Redis commands per click, over the ` +
      `target of ${b.target_billed_commands_per_click_load} ` +
      `(the hard budget is ${b.max_billed_commands_per_click_load})`,
  );
let broken = 0;
if (process.argv.includes('--check')) {
  const checks: [string, boolean][] = [
    [`throughput ratio ${ratio.toFixed(2)} >= ${b.min_throughput_ratio}`, ratio >= b.min_throughput_ratio!],
    [
      `tracked click: ${tracked.rest.toFixed(2)} commands <= ${b.max_commands_tracked_click}`,
      tracked.rest <= b.max_commands_tracked_click!,
    ],
    [
      `tracked click: ${tracked.http.toFixed(2)} HTTP requests <= ${b.max_http_tracked_click}`,
      tracked.http <= b.max_http_tracked_click!,
    ],
    [
      `repeat visitor: ${Math.max(repeatWithCookie.rest, repeatNoCookie.rest).toFixed(2)} commands ` +
        `<= ${b.max_commands_repeat_click}`,
      Math.max(repeatWithCookie.rest, repeatNoCookie.rest) <= b.max_commands_repeat_click!,
    ],
    [`bot: ${bots.rest.toFixed(2)} commands <= ${b.max_commands_bot}`, bots.rest <= b.max_commands_bot!],
    [`no failed redirects under load (${sums.ours.bad + sums.tracked.bad})`, sums.ours.bad + sums.tracked.bad === 0],
    [
      `new visitor's hit: ${cpuRatio.toFixed(2)} x the constant-302 Worker's workerd CPU <= ` +
        `${b.max_cpu_ratio_new_visitor} (the goal's 100 µs against its 33 µs)`,
      cpuRatio <= b.max_cpu_ratio_new_visitor!,
    ],
    [
      `workerd: every new visitor's hit sent its click to the queue (${sent.events} events of ${CPU_HITS})`,
      sent.events >= CPU_HITS,
    ],
    ...[trickled, loaded].map((p): [string, boolean] => [
      `${p.name}: every click stored once by the consumer (${p.clicks}; ${p.redirects} redirects, ${p.sent} sent)`,
      p.clicks >= p.redirects && p.clicks <= p.sent,
    ]),
    [
      `sustained load: ${perClick(loaded).toFixed(3)} billed Redis commands per click <= ` +
        `${b.max_billed_commands_per_click_load}`,
      perClick(loaded) <= b.max_billed_commands_per_click_load!,
    ],
    [
      `sustained load: $${loaded.cost.total.toFixed(2)} per million tracked clicks <= $${b.max_usd_per_million_load}`,
      loaded.cost.total <= b.max_usd_per_million_load!,
    ],
    [
      `trickle: $${trickled.cost.total.toFixed(2)} per million tracked clicks <= $${b.max_usd_per_million_trickle}`,
      trickled.cost.total <= b.max_usd_per_million_trickle!,
    ],
  ];
  broken = reportChecks(checks);
}
process.exit(broken ? 1 : 0);
