/**
 * `npm start`: the whole local stack in one command. Builds the widget and the extension, finds
 * or starts Redis, puts the Upstash-compatible REST server in front of it, runs the Worker with
 * `wrangler dev` (offline), serves the demo shop, and prints where everything is.
 * Ctrl-C, `kill` (SIGTERM) or a hangup stop everything it started. While it runs, it ticks the
 * Worker's scheduled work (reward approvals, webhook retries) through a development-only route.
 */

import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from '../shared/api/client.ts';
import { buildConsole } from './build-console.ts';
import { buildWidget } from './build-widget.ts';
import { type ReplayTarget, replayProviders } from './demo/replay-providers.ts';
import { type DemoStore, startDemoStore } from './demo-store/server.ts';
import { onStopRequest, pickPort, prefixOutput, spawnGroup, stopGroup, waitForHttp } from './lib/proc.ts';
import { startScheduledTicks } from './lib/scheduled-tick.ts';
import { type ResolvedRedis, resolveRedis } from './redis-rest/resolve-redis.ts';
import { type RedisRestServer, startRedisRestServer } from './redis-rest/server.ts';
import { seedDemo } from './seed-demo.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'node_modules/.bin');
const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
};

const step = (text: string) => console.log(`\x1b[36m▸\x1b[0m ${text}`);

const running: {
  redis?: ResolvedRedis;
  rest?: RedisRestServer;
  wrangler?: ChildProcess;
  store?: DemoStore;
  secretsDir?: string;
  stopTicks?: () => void;
} = {};
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping the local stack…');
    running.stopTicks?.();
    await running.store?.close().catch(() => {});
    if (running.wrangler) await stopGroup(running.wrangler);
    await running.rest?.close().catch(() => {});
    await running.redis?.stop().catch(() => {});
    if (running.secretsDir) await rm(running.secretsDir, { recursive: true, force: true });
    console.log('Stopped. Nothing left running.');
  }
  process.exit(code);
}

async function run(command: string, args: string[], label: string, env: Record<string, string> = {}): Promise<void> {
  const child = spawnGroup(join(BIN, command), args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...OFFLINE_ENV, ...env },
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`${label} failed (exit ${code}):\n${output}`);
}

/** How often the scheduled work runs (VOUCH_TICK_MS; a minute, like the production cron trigger). */
function tickInterval(): number {
  const ms = Number(process.env.VOUCH_TICK_MS ?? 60_000);
  if (!Number.isInteger(ms) || ms < 100) {
    throw new Error(`VOUCH_TICK_MS must be whole milliseconds, at least 100; got ${process.env.VOUCH_TICK_MS}.`);
  }
  return ms;
}

async function main() {
  // Ctrl-C, `kill <pid>` (SIGTERM), SIGHUP, or npm itself going away: the same clean stop.
  onStopRequest(() => void shutdown(0));
  const tickMs = tickInterval();

  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  if (major < 20 || (major === 20 && minor < 19))
    throw new Error(`Node ${process.versions.node} is too old: Vouch needs Node 20.19 or newer.`);

  step('Building the widget…');
  const widget = await buildWidget();
  console.log(`  ${widget.path}: ${widget.bytes} B (${widget.gzipBytes} B gzip)`);
  // After the widget: build:widget rewrites _headers, the console merges its block into it.
  console.log(`  merchant console: ${(await buildConsole()).gzipBytes} B gzip (first view)`);

  step('Finding Redis…');
  running.redis = await resolveRedis();
  console.log(`  using ${running.redis.backend.description} (${running.redis.source})`);

  step('Starting the Upstash-compatible REST server…');
  const restToken = randomBytes(24).toString('base64url');
  running.rest = await startRedisRestServer({
    backend: running.redis.backend,
    token: restToken,
    port: await pickPort(Number(process.env.REDIS_REST_PORT ?? 8079)),
  });
  console.log(`  ${running.rest.url}`);

  // The extension is built for the Worker's real origin (its only host permission), so the port is
  // chosen first.
  const workerPort = await pickPort(Number(process.env.PORT ?? 8787));
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  const extensionDir = resolve(ROOT, process.env.VOUCH_EXTENSION_OUT ?? 'dist/extension');
  step(`Building the browser extension for ${workerUrl} (Chrome and Firefox)…`);
  const extensionEnv = { VOUCH_API_ORIGIN: workerUrl, VOUCH_EXTENSION_OUT: extensionDir };
  await run('wxt', ['build'], 'wxt build', extensionEnv);
  await run('wxt', ['build', '-b', 'firefox'], 'wxt build -b firefox', extensionEnv);

  step('Starting the Worker (wrangler dev, offline)…');
  const adminToken = process.env.ADMIN_TOKEN ?? randomBytes(24).toString('base64url');
  // Secrets go through a private env file: wrangler shows such values as hidden, unlike --var.
  running.secretsDir = await mkdtemp(join(tmpdir(), 'vouch-dev-'));
  const secretsFile = join(running.secretsDir, 'dev.env');
  // VOUCH_ENV: wrangler.toml says production (for deploys); the local stack is development.
  await writeFile(
    secretsFile,
    `VOUCH_ENV=development\nUPSTASH_REDIS_REST_URL=${running.rest.url}\n` +
      `UPSTASH_REDIS_REST_TOKEN=${restToken}\nADMIN_TOKEN=${adminToken}\n`,
    { mode: 0o600 },
  );
  // The scheduled-work tick's secret (worker/routes/dev-tick.ts): new on every run.
  const tickToken = randomBytes(32).toString('base64url');
  await appendFile(secretsFile, `DEV_TICK_TOKEN=${tickToken}\n`);
  await chmod(secretsFile, 0o600);
  running.wrangler = spawnGroup(
    join(BIN, 'wrangler'),
    [
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(workerPort),
      '--inspector-port',
      String(await pickPort(9229)),
      '--env-file',
      secretsFile,
      '--show-interactive-dev-session=false',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...OFFLINE_ENV } },
  );
  prefixOutput(running.wrangler, '\x1b[35m[worker]\x1b[0m', /Unknown user config|POST \/_dev\/scheduled 200|^\s*$/);
  running.wrangler.once('exit', (code) => {
    if (!stopping) {
      console.error(`wrangler dev exited unexpectedly (code ${code}).`);
      void shutdown(1);
    }
  });
  await waitForHttp(`${workerUrl}/health`, 90_000);

  step('Seeding the demo merchant through the API…');
  const storePort = await pickPort(Number(process.env.STORE_PORT ?? 8788));
  const storeOrigin = `http://127.0.0.1:${storePort}`;
  const demo = await seedDemo({
    apiBase: workerUrl,
    adminToken,
    storeOrigin,
    redisDescription: running.redis.backend.description,
  });
  console.log(
    `  merchant ${demo.merchantId}, program ${demo.programId}, ` +
      `advocates ${demo.advocates.map((a) => a.code).join(', ')}`,
  );

  const consoleLink = await createClient({ baseUrl: workerUrl, key: demo.secretKey }).call('createConsoleLink', {
    body: {},
  });

  step('Starting the demo store…');
  running.store = await startDemoStore({
    vouchOrigin: workerUrl,
    publishableKey: demo.publishableKey,
    widgetSecret: demo.widgetSecret,
    port: storePort,
  });

  const replayed = await replayDemoProviders({
    apiBase: workerUrl,
    secretKey: demo.secretKey,
    publishableKey: demo.publishableKey,
    origin: storeOrigin,
    programId: demo.programId,
    // Bob's: Alice's figures stay as the seed left them (she is the store's signed-in demo customer).
    clickLink: demo.advocates[1]!.link,
    discountCode: demo.advocates[1]!.code,
  });

  const line = '─'.repeat(72);
  // Printed to be pasted as is: the Worker's real port, whichever was free.
  const newMerchant = [
    `ADMIN_TOKEN=${adminToken} npm run merchant:create --`,
    `--api ${workerUrl} --name "My Shop" --host shop.example`,
  ].join(' ');
  const links = demo.advocates.map((a) => `${a.link}  (${a.name})`).join('\n                               ');
  console.log(`
${line}
 Vouch is running.

 Demo store (widget pasted in) ${running.store.url}
 Referral links                ${links}
 Merchant console              ${consoleLink.url}   (15 min, once; or sign in with the secret key)
 API base URL                  ${workerUrl}   (the OpenAPI paths start with /v1/: ${workerUrl}/v1/openapi.json)
 API docs, health              ${workerUrl}/docs   ${workerUrl}/health
 Demo secret key (test mode)   ${demo.secretKey}
   try: curl -H "Authorization: Bearer ${demo.secretKey}" ${workerUrl}/v1/programs
 Demo publishable key          ${demo.publishableKey}
 Admin token                   ${adminToken}
   new merchant: ${newMerchant}
 Widget loader                 ${workerUrl}/widget/loader.js
 Signed-in demo customer       "Sign in as Alice" on the store: its server signs her identity for the widget
 Stripe and Shopify (demo)     ${replayed}
 Redis                         ${running.redis.backend.description} via ${running.rest.url}
 Scheduled work                every ${tickMs / 1000} s: approves rewards whose hold is over, retries webhooks

 Browser extension (built)     ${join(extensionDir, 'chrome-mv3')}   (talks to ${workerUrl})
   Chrome: chrome://extensions → Developer mode → Load unpacked → pick that folder.
   Firefox: about:debugging → This Firefox → Load Temporary Add-on →
            ${join(extensionDir, 'firefox-mv3/manifest.json')}

 Press Ctrl-C to stop everything.
${line}`);

  // wrangler dev cannot fire the cron trigger of a Worker with static assets: tick its dev route.
  const log = (text: string) => console.log(`\x1b[33m[scheduled]\x1b[0m ${text}`);
  running.stopTicks = startScheduledTicks({ workerUrl, token: tickToken, intervalMs: tickMs, log });
}

/**
 * Connects Stripe and Shopify for the demo merchant and replays a scripted sequence of their events
 * (scripts/demo/replay-providers.ts); `VOUCH_DEMO_PROVIDERS=0` skips it, and says so. A failure stops
 * npm start: a broken integration must not look like a quiet demo. Answers the banner's line.
 */
async function replayDemoProviders(target: ReplayTarget): Promise<string> {
  if (process.env.VOUCH_DEMO_PROVIDERS === '0') {
    step('Stripe and Shopify replay skipped (VOUCH_DEMO_PROVIDERS=0).');
    return 'no events replayed (VOUCH_DEMO_PROVIDERS=0)';
  }
  step('Replaying Stripe and Shopify webhooks, signed as they sign (VOUCH_DEMO_PROVIDERS=0 skips)…');
  const events = await replayProviders(target);
  console.log('  see them in the console: Integrations (events received), Advocates (conversions and rewards)');
  return `${events.length} webhook events replayed: console → Integrations`;
}

main().catch(async (err: unknown) => {
  console.error(`\n\x1b[31mnpm start failed:\x1b[0m ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
