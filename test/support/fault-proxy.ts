import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultSettings } from '../../scripts/redis-rest/faults.ts';
import type { Bridge } from './redis.ts';

/**
 * A pass-through proxy between the Worker and the REST bridge that switches on one of the
 * bridge's own counted faults right before forwarding the request a test picks by its body.
 * The bridge can only scope a fault by path, and the auth script and code read travel on the
 * same path ('/') as the redemption script, ahead of it: this lands the fault on the script.
 * When the bridge drops the connection, the proxy drops the Worker's too, so the Worker's
 * Redis client meets the very failure it would meet in production.
 */
export interface FaultProxy {
  url: string;
  /** The next request whose body matches gets `faults` (scoped to its path) applied at the bridge. */
  arm(match: (body: string) => boolean, faults: FaultSettings): void;
  /**
   * The next request whose body matches is answered 503 by the proxy itself and never executed.
   * Unlike `arm`, a concurrent request (the scheduled run's parallel tasks) cannot take the fault.
   */
  fail(match: (body: string) => boolean): void;
  /** Requests whose body matched `count`'s predicate since it was set (the Worker's retries show here). */
  count(match: (body: string) => boolean): void;
  readonly counted: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding']);

export async function startFaultProxy(bridge: Bridge): Promise<FaultProxy> {
  let armed: { match: (body: string) => boolean; faults: FaultSettings } | null = null;
  let failing: ((body: string) => boolean) | null = null;
  let counter: ((body: string) => boolean) | null = null;
  let counted = 0;

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? '/';
    if (counter?.(body)) counted++;
    if (failing?.(body)) {
      failing = null;
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'failed by the fault proxy' }));
      return;
    }
    if (armed?.match(body)) {
      bridge.server.setFaults({ ...armed.faults, only_path: path });
      armed = null;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string' && !HOP_BY_HOP.has(name)) headers[name] = value;
    try {
      const upstream = await fetch(`${bridge.server.url}${path}`, {
        method: req.method,
        headers,
        body: req.method === 'GET' ? undefined : body,
      });
      const text = await upstream.text();
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    } catch {
      // The bridge dropped the connection (or never answered): the Worker sees the same.
      req.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    arm: (match, faults) => {
      armed = { match, faults };
    },
    fail: (match) => {
      failing = match;
    },
    count: (match) => {
      counter = match;
      counted = 0;
    },
    get counted() {
      return counted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
