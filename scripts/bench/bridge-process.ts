/**
 * The REST bridge in a process of its own, so it never shares an event loop with a load generator: under
 * load, a bridge inside the bench's own process answered the Worker's link reads late enough for them to
 * time out. Shared by workerd-stack.ts and pipeline-stack.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { waitForHttp } from '../lib/proc.ts';
import { freePort } from '../redis-rest/resolve-redis.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface BridgeProcess {
  url: string;
  token: string;
  child: ChildProcess;
  /** Calls one of the bridge's `/__vouch/...` control paths. */
  control(method: string, path: string): Promise<any>;
}

export async function startBridgeProcess(redisUrl: string): Promise<BridgeProcess> {
  const port = await freePort();
  const token = randomBytes(12).toString('hex');
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/redis-rest/cli.ts')], {
    env: { ...process.env, REDIS_URL: redisUrl, REDIS_REST_PORT: String(port), REDIS_REST_TOKEN: token },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const headers = { Authorization: `Bearer ${token}` };
  const control = async (method: string, path: string) => (await fetch(`${url}${path}`, { method, headers })).json();
  await waitForHttp(`${url}/__vouch/stats`, 20_000, (r) => r.ok, { headers });
  return { url, token, child, control };
}
