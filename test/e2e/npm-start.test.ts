import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/redis-rest/resolve-redis.ts';
import { redisKeys } from '../../worker/storage/redis-keys.ts';
import { startReceiver } from '../integration/webhooks/receiver.ts';
import { descendants, running } from '../support/process-tree.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const sh = promisify(execFile);
const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

/**
 * `npm start` exactly as a newcomer runs it (through npm, which wraps the script in `sh -c`), on
 * free ports, with its own extension folder (the browser tests beside this one have dist/extension
 * loaded) and the scheduled work ticking every half second instead of every minute.
 */
async function startStack(options: { ownProcessGroup?: boolean } = {}) {
  const ports = { worker: await freePort(), rest: await freePort(), store: await freePort() };
  const extensionOut = await mkdtemp(join(tmpdir(), 'vouch-start-extension-'));
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(ports.worker),
      REDIS_REST_PORT: String(ports.rest),
      STORE_PORT: String(ports.store),
      VOUCH_EXTENSION_OUT: extensionOut,
      VOUCH_TICK_MS: '500',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own group, as a terminal's foreground job is, for a Ctrl-C to the whole group.
    detached: options.ownProcessGroup ?? false,
  });
  let output = '';
  npm.stdout.on('data', (d) => (output += d));
  npm.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => npm.once('exit', r));
  await expect.poll(() => output, { timeout: 120_000, interval: 250 }).toMatch(/Press Ctrl-C to stop everything/);
  // Everything npm start runs, found while it runs: node, wrangler, its workerd processes.
  const processes = descendants(npm.pid!);
  return { npm, ports, extensionOut, exited, processes, output: () => output };
}
type Stack = Awaited<ReturnType<typeof startStack>>;

/** After a stop: the script said so, and no process it ran and no port it opened is left. */
async function expectAllGone(stack: Stack) {
  try {
    await expect.poll(() => stack.output(), { timeout: 30_000 }).toContain('Nothing left running.');
    expect(stack.processes.length).toBeGreaterThanOrEqual(3);
    await expect.poll(() => stack.processes.filter(running), { timeout: 10_000 }).toEqual([]);
    for (const port of Object.values(stack.ports)) {
      await expect(fetch(`http://127.0.0.1:${port}/`, { method: 'POST' })).rejects.toThrow();
    }
  } finally {
    await rm(stack.extensionOut, { recursive: true, force: true });
  }
}

/** A line of the banner, by its label. */
function printed(output: string, label: RegExp): string {
  const line = output.split('\n').find((l) => label.test(l));
  if (!line) throw new Error(`npm start printed no line matching ${label}`);
  return line.replace(label, '').trim();
}

/** What the seeded demo offers: the printed links, store page, widget config and Alice's session work. */
async function checkDemo(stack: Stack) {
  const { worker, store } = stack.ports;
  const output = stack.output();
  expect(output).toContain(`Demo store (widget pasted in) http://127.0.0.1:${store}`);
  expect(output).toContain(join(stack.extensionOut, 'chrome-mv3'));
  // Built for this Worker's origin: its only host permission, and the pairing page it listens on.
  const manifestText = await readFile(join(stack.extensionOut, 'chrome-mv3/manifest.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as { host_permissions: string[] };
  expect(manifest.host_permissions).toEqual([`http://127.0.0.1:${worker}/*`]);
  // The printed referral link works: it lands on the demo store with the click attached.
  const link = new RegExp(`(http://127\\.0\\.0\\.1:${worker}/r/[A-Z0-9]+)\\s+\\(Alice`).exec(output)![1]!;
  const hop = await fetch(link, { redirect: 'manual', headers: { 'User-Agent': BROWSER_UA } });
  expect(hop.status).toBe(302);
  const landing = new URL(hop.headers.get('location')!);
  expect(landing.origin).toBe(`http://127.0.0.1:${store}`);
  expect(landing.searchParams.get('vouch_click')).toMatch(/^clk_/);
  // Secrets are never echoed by wrangler.
  expect(output).toContain('env.UPSTASH_REDIS_REST_TOKEN ("(hidden)")');
  expect(output).not.toMatch(/DEV_TICK_TOKEN \("(?!\(hidden\))/);
  // The Stripe and Shopify replay (scripts/demo/replay-providers.ts) went through wrangler dev's Worker.
  expect(output).toMatch(/stripe invoice\.paid \(renewal 3\) → applied: Renewal 3 of sub_/);
  expect(output).toMatch(/stripe charge\.refunded \(half of renewal 2 refunded\) → applied: /);
  expect(output).toMatch(/shopify orders\/paid \(order with discount code BOB[A-Z0-9]*\) → applied: /);

  const page = await (await fetch(`http://127.0.0.1:${store}/`)).text();
  const snippet = `<script async src="http://127\\.0\\.0\\.1:${worker}/widget/loader\\.js" data-key="pk_test_\\w+">`;
  expect(page).toMatch(new RegExp(snippet));
  const pk = /data-key="(pk_test_\w+)"/.exec(page)![1];
  const origin = `http://127.0.0.1:${store}`;
  const config = await fetch(`http://127.0.0.1:${worker}/v1/public/config`, {
    headers: { Authorization: `Bearer ${pk}`, Origin: origin },
  });
  expect(config.status).toBe(200);
  expect(config.headers.get('access-control-allow-origin')).toBe(origin);
  expect((await fetch(`http://127.0.0.1:${worker}/widget/loader.js`)).status).toBe(200);
  // "Sign in as Alice": the store's server signs her identity with the seeded widget secret.
  const signIn = await fetch(`${origin}/api/sign-in`, {
    method: 'POST',
    body: new URLSearchParams({ customer: 'alice', next: '/' }),
    redirect: 'manual',
  });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const signedIn = await (await fetch(`${origin}/`, { headers: { Cookie: cookie } })).text();
  const identityJson = /vouch\("identify", (\{[^<]*\})\);/.exec(signedIn)![1]!;
  const identity = JSON.parse(identityJson) as { customer_id: string; signature: string };
  expect(identity).toMatchObject({ customer_id: 'demo-alice', signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
  const session = await fetch(`http://127.0.0.1:${worker}/v1/public/session`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${pk}`, Origin: origin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ identity }),
  });
  expect(session.status).toBe(200);
  expect(((await session.json()) as { advocate: { code: string } | null }).advocate?.code).toMatch(/^ALICE/);
}

/** The banner's API base URL is where the OpenAPI paths hang from; its commands run as printed. */
async function checkPrintedApi(stack: Stack, secret: string) {
  const output = stack.output();
  const base = printed(output, /^\s*API base URL\s+/).split(/\s+/)[0]!;
  expect(base).toBe(`http://127.0.0.1:${stack.ports.worker}`);
  type Doc = { servers: { url: string }[]; paths: Record<string, unknown> };
  const doc = (await (await fetch(`${base}/v1/openapi.json`)).json()) as Doc;
  expect(doc.servers[0]!.url).toBe(base);
  expect(Object.keys(doc.paths)).toContain('/v1/programs');
  const listed = await fetch(`${base}/v1/programs`, { headers: { Authorization: `Bearer ${secret}` } });
  const programs = (await listed.json()) as { data: { name: string }[] };
  expect(programs.data.map((p) => p.name)).toContain('Give 15%, get $10');

  const curl = printed(output, /^\s*try:\s+/);
  expect(curl).toContain(`${base}/v1/programs`);
  const curled = await sh('sh', ['-c', `${curl} --silent --fail`]);
  expect(JSON.parse(curled.stdout)).toMatchObject({ data: expect.any(Array) });
  const create = printed(output, /^\s*new merchant:\s+/);
  expect(create).toContain(`--api ${base}`);
  const created = await sh('sh', ['-c', create], { cwd: ROOT });
  expect(created.stdout).toMatch(/Merchant mer_\w+ \(My Shop\) created\./);
  expect(created.stdout).toContain(`merchant console (15 min, once): ${base}/console#link=`);
}

/** GET / is a small page linking the docs, the console and health; the icon every page links is served. */
async function checkHomeAndIcon(base: string) {
  const home = await fetch(`${base}/`);
  expect(home.status).toBe(200);
  expect(home.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await home.text();
  expect(html).toContain('<html lang="en">');
  for (const href of ['/docs', '/console', '/health']) expect(html).toContain(`href="${href}"`);
  for (const path of ['/', '/docs', '/console']) {
    expect(await (await fetch(`${base}${path}`)).text()).toContain('<link rel="icon" href="/favicon.svg"');
  }
  for (const path of ['/favicon.svg', '/favicon.ico']) {
    const icon = await fetch(`${base}${path}`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toMatch(/^<svg /);
  }
  // Not in the way of the hot path or the static files.
  expect((await fetch(`${base}/widget/loader.js`)).headers.get('content-type')).toMatch(/javascript/);
  expect((await fetch(`${base}/health`)).status).toBe(200);
}

/**
 * Nobody calls an endpoint by hand: npm start's tick approves a reward once its hold is over and
 * retries a webhook delivery that failed, and says so in the terminal.
 */
async function checkScheduledWork(stack: Stack, secret: string) {
  const base = `http://127.0.0.1:${stack.ports.worker}`;
  const api = async (path: string, body?: unknown) => {
    const init = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) };
    const headers = { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' };
    const res = await fetch(`${base}${path}`, { ...init, headers });
    return { status: res.status, body: (await res.json()) as any };
  };
  const receiver = await startReceiver();
  try {
    const target = receiver.path([500]); // the first delivery fails
    const hook = await api('/v1/webhook_endpoints', { url: target.url, events: ['reward.created', 'reward.approved'] });
    expect(hook.status).toBe(201);
    const code = /\/r\/([A-Z0-9]+)\s+\(Alice/.exec(stack.output())![1]!;
    const uid = Date.now().toString(36);
    const customer = { external_id: `friend-${uid}` };
    const sale = { type: 'sale', order_id: `ord-${uid}`, customer, amount: 4200, currency: 'USD', code };
    const conversion = await api('/v1/conversions', sale);
    expect(conversion.status).toBe(201);
    const rewards = conversion.body.rewards as { id: string; recipient: string; status: string }[];
    const reward = rewards.find((r) => r.recipient === 'advocate')!;
    expect(reward.status).toBe('pending'); // the demo program holds rewards 14 days
    const [first] = await receiver.waitFor(target.path, 1);

    // The 14 days passing: the reward's due time, in the queue the scheduled work reads, becomes now.
    const redis = new Redis(printed(stack.output(), /^\s*Redis\s+/).split(' via ')[0]!);
    try {
      const member = (await redis.zrange(redisKeys.rewardsDue(), 0, -1)).find((m) => m.endsWith(`:${reward.id}`));
      expect(member).toBeDefined();
      expect(await redis.zadd(redisKeys.rewardsDue(), 'XX', 'CH', Date.now() - 1000, member!)).toBe(1);
    } finally {
      redis.disconnect();
    }
    const status = async () => (await api(`/v1/rewards/${reward.id}`)).body.status;
    await expect.poll(status, { timeout: 15_000 }).toBe('approved');
    const approvedLine = /\[scheduled\]\S* approved \d+ rewards? \(hold period over\)/;
    await expect.poll(() => stack.output(), { timeout: 5000 }).toMatch(approvedLine);

    // The failed delivery is retried 5 s later by a tick: the same event, answered 200 this time.
    const eventId = first!.headers['webhook-id'];
    const sends = () => receiver.received(target.path).filter((r) => r.headers['webhook-id'] === eventId);
    await expect.poll(() => sends().length, { timeout: 20_000 }).toBe(2);
    type Event = { type: string; data: { id: string } };
    const events = receiver.received(target.path).map((r) => JSON.parse(r.body) as Event);
    expect(events.filter((e) => e.type === 'reward.approved').map((e) => e.data.id)).toContain(reward.id);
    const deliveredLine = /\[scheduled\]\S* webhook deliveries: [1-9]\d* delivered/;
    await expect.poll(() => stack.output(), { timeout: 5000 }).toMatch(deliveredLine);
    const log = await api(`/v1/webhook_endpoints/${hook.body.id}/deliveries?limit=100`);
    type Attempt = { event_id: string; attempt: number; outcome: string };
    const attempts = (log.body.data as Attempt[]).filter((a) => a.event_id === eventId);
    expect(attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [2, 'succeeded'],
      [1, 'retry_scheduled'],
    ]);
  } finally {
    await receiver.close();
  }
}

describe('npm start', () => {
  it('comes up, runs the scheduled work by itself, and `kill` (SIGTERM) of npm stops everything', async () => {
    const stack = await startStack();
    try {
      const secret = /Demo secret key \(test mode\)\s+(sk_test_\w+)/.exec(stack.output())?.[1];
      expect(secret).toBeDefined();
      await checkDemo(stack);
      await checkPrintedApi(stack, secret!);
      await checkHomeAndIcon(`http://127.0.0.1:${stack.ports.worker}`);
      await checkScheduledWork(stack, secret!);
    } finally {
      // The npm process itself, as `kill <pid>` would: npm hands SIGTERM to its script.
      stack.npm.kill('SIGTERM');
    }
    expect(await stack.exited).toBe(0);
    await expectAllGone(stack);
  }, 240_000);

  it('a hangup (SIGHUP) of npm, which npm does not pass on, stops everything too', async () => {
    const stack = await startStack();
    stack.npm.kill('SIGHUP');
    await expectAllGone(stack);
  }, 180_000);

  it('Ctrl-C (SIGINT to npm and the script at once, and again from npm) stops everything', async () => {
    const stack = await startStack({ ownProcessGroup: true });
    process.kill(-stack.npm.pid!, 'SIGINT');
    await expectAllGone(stack);
  }, 180_000);
});
