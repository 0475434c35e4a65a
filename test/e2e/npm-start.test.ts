import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/redis-rest/resolve-redis.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The newcomer's first command, end to end: it comes up, serves the shop and the widget, and
// Ctrl-C leaves nothing behind.
describe('npm start', () => {
  it('brings the stack up, prints where things are, and stops cleanly on Ctrl-C', async () => {
    const [port, restPort, storePort] = [await freePort(), await freePort(), await freePort()];
    // Its own extension folder: the browser tests beside this one have dist/extension loaded.
    const extensionOut = await mkdtemp(join(tmpdir(), 'vouch-start-extension-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), REDIS_REST_PORT: String(restPort), STORE_PORT: String(storePort), VOUCH_EXTENSION_OUT: extensionOut },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => child.once('exit', r));

    try {
      await expect.poll(() => output, { timeout: 90_000, interval: 250 }).toMatch(/Press Ctrl-C to stop everything/);
      expect(output).toContain(`Demo store (widget pasted in) http://127.0.0.1:${storePort}`);
      expect(output).toContain(`http://127.0.0.1:${port}`);
      expect(output).toContain(join(extensionOut, 'chrome-mv3'));
      // Built for this Worker's origin: its only host permission, and the pairing page it listens on.
      const manifest = JSON.parse(await readFile(join(extensionOut, 'chrome-mv3/manifest.json'), 'utf8')) as { host_permissions: string[] };
      expect(manifest.host_permissions).toEqual([`http://127.0.0.1:${port}/*`]);
      // Seeded through the API: a demo secret key, and advocates with share links.
      const secret = /Demo secret key \(test mode\)\s+(sk_test_\w+)/.exec(output)?.[1];
      expect(secret).toBeDefined();
      expect(output).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${port}/r/[A-Z0-9]+\\s+\\(Alice`));
      // The printed referral link works: it lands on the demo store with the click attached.
      const link = new RegExp(`(http://127\\.0\\.0\\.1:${port}/r/[A-Z0-9]+)\\s+\\(Alice`).exec(output)![1]!;
      const hop = await fetch(link, { redirect: 'manual', headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36' } });
      expect(hop.status).toBe(302);
      const landing = new URL(hop.headers.get('location')!);
      expect(landing.origin).toBe(`http://127.0.0.1:${storePort}`);
      expect(landing.searchParams.get('vouch_click')).toMatch(/^clk_/);
      const programs = (await (await fetch(`http://127.0.0.1:${port}/v1/programs`, { headers: { Authorization: `Bearer ${secret}` } })).json()) as { data: { name: string }[] };
      expect(programs.data.map((p) => p.name)).toContain('Give 15%, get $10');
      // Secrets are never echoed by wrangler.
      expect(output).toContain('env.UPSTASH_REDIS_REST_TOKEN ("(hidden)")');

      const page = await (await fetch(`http://127.0.0.1:${storePort}/`)).text();
      expect(page).toMatch(new RegExp(`<script async src="http://127\\.0\\.0\\.1:${port}/widget/loader\\.js" data-key="pk_test_\\w+">`));
      // The widget's configuration answers the store's origin, with CORS.
      const pk = /data-key="(pk_test_\w+)"/.exec(page)![1];
      const config = await fetch(`http://127.0.0.1:${port}/v1/public/config`, { headers: { Authorization: `Bearer ${pk}`, Origin: `http://127.0.0.1:${storePort}` } });
      expect(config.status).toBe(200);
      expect(config.headers.get('access-control-allow-origin')).toBe(`http://127.0.0.1:${storePort}`);
      const widget = await fetch(`http://127.0.0.1:${port}/widget/loader.js`);
      expect(widget.status).toBe(200);
      // "Sign in as Alice": the store's server renders her identity, signed with the widget secret
      // the seed rolled, and the Worker accepts it: the session shows her referral code.
      const signIn = await fetch(`http://127.0.0.1:${storePort}/api/sign-in`, { method: 'POST', body: new URLSearchParams({ customer: 'alice', next: '/' }), redirect: 'manual' });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const signedIn = await (await fetch(`http://127.0.0.1:${storePort}/`, { headers: { Cookie: cookie } })).text();
      const identity = JSON.parse(/vouch\("identify", (\{[^<]*\})\);/.exec(signedIn)![1]!) as { customer_id: string; signature: string };
      expect(identity).toMatchObject({ customer_id: 'demo-alice', signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const session = await fetch(`http://127.0.0.1:${port}/v1/public/session`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${pk}`, Origin: `http://127.0.0.1:${storePort}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ identity }),
      });
      expect(session.status).toBe(200);
      expect(((await session.json()) as { advocate: { code: string } | null }).advocate?.code).toMatch(/^ALICE/);
      const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
    } finally {
      process.kill(-child.pid!, 'SIGINT');
      await rm(extensionOut, { recursive: true, force: true });
    }
    expect(await exited).toBe(0);
    expect(output).toContain('Nothing left running.');
    // Nothing answers on the ports any more.
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${storePort}/`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${restPort}/`, { method: 'POST' })).rejects.toThrow();
    expect(alive(child.pid!)).toBe(false);
  }, 150_000);
});
