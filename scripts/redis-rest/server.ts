import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import type { RawReply, RawResult, RedisBackend } from './backend.ts';
import { BackendUnavailableError, RedisReplyError, toReplyError } from './backend.ts';
import { type FaultSettings, Faults } from './faults.ts';
import { ScriptRegistry } from './lua-scripts.ts';
import { type BridgeStats, StatsCounter } from './stats.ts';
import { type Translated, translateCommand } from './translate.ts';

/**
 * A local server speaking the Upstash Redis REST protocol (POST /, /pipeline, /multi-exec) in
 * front of a real Redis, so the Worker talks to Redis exactly as it does in production.
 */
export interface RedisRestServerOptions {
  backend: RedisBackend;
  token: string;
  port?: number;
  host?: string;
}

export interface RedisRestServer {
  readonly url: string;
  readonly token: string;
  readonly backend: RedisBackend;
  stats(): BridgeStats;
  resetStats(): void;
  setFaults(faults: FaultSettings): void;
  clearFaults(): void;
  close(): Promise<void>;
}

// Commands that would change or block the one connection every request shares.
const REFUSED = new Set([
  'SELECT',
  'AUTH',
  'HELLO',
  'RESET',
  'QUIT',
  'CLIENT',
  'MONITOR',
  'SYNC',
  'PSYNC',
  'SHUTDOWN',
  'SUBSCRIBE',
  'PSUBSCRIBE',
  'SSUBSCRIBE',
  'UNSUBSCRIBE',
  'PUNSUBSCRIBE',
  'SUNSUBSCRIBE',
  'BLPOP',
  'BRPOP',
  'BLMOVE',
  'BRPOPLPUSH',
  'BLMPOP',
  'BZPOPMIN',
  'BZPOPMAX',
  'BZMPOP',
  'WAIT',
  'MULTI',
  'EXEC',
  'DISCARD',
  'WATCH',
  'UNWATCH',
]);

type Env = { Bindings: HttpBindings };

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function encodeReply(reply: RawReply, base64: boolean): unknown {
  if (reply === null || typeof reply === 'number') return reply;
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString('base64') : reply.toString('utf8');
  if (typeof reply === 'string') return base64 ? Buffer.from(reply, 'utf8').toString('base64') : reply;
  return reply.map((r) => encodeReply(r, base64));
}

function encodeResult(result: RawResult, base64: boolean): { result: unknown } | { error: string } {
  return result instanceof RedisReplyError ? { error: result.message } : { result: encodeReply(result, base64) };
}

/** Validates one command: a non-empty array of strings and numbers. */
function parseCommand(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new RedisReplyError('ERR command must be a non-empty JSON array');
  return value.map((arg) => {
    if (typeof arg === 'string') return arg;
    if (typeof arg === 'number' || typeof arg === 'boolean') return String(arg);
    throw new RedisReplyError('ERR command arguments must be strings or numbers');
  });
}

function parseCommands(value: unknown): string[][] {
  if (!Array.isArray(value)) throw new RedisReplyError('ERR body must be a JSON array of commands');
  return value.map(parseCommand);
}

export async function startRedisRestServer(options: RedisRestServerOptions): Promise<RedisRestServer> {
  const { backend } = options;
  const emulateScripts = backend.kind === 'memory';
  const scripts = new ScriptRegistry(emulateScripts);
  const faults = new Faults();
  const stats = new StatsCounter();
  const expected = digest(options.token);
  const parked = new Set<() => void>();

  const translate = (cmd: string[]) => {
    const name = cmd[0]!.toUpperCase();
    if (REFUSED.has(name)) throw new RedisReplyError(`ERR Command is not available: '${name}'`);
    return translateCommand(cmd, scripts, emulateScripts);
  };

  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    // Compare digests so the comparison takes the same time whatever the token's length.
    if (!timingSafeEqual(digest(token), expected)) {
      stats.unauthorized();
      return c.json({ error: 'Unauthorized' }, 401);
    }
    await next();
  });

  /** Applies latency and the next counted fault around a command request. */
  async function withFaults(c: Context<Env>, run: () => Promise<Response>): Promise<Response> {
    stats.request(c.req.path);
    if (faults.latencyMs > 0) {
      faults.injected.delayed++;
      await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    }
    const action = faults.take(c.req.path);
    if (action === 'fail') return c.json({ error: 'Service Unavailable (injected fault)' }, faults.errorStatus as 503);
    if (action === 'blackhole') {
      await new Promise<void>((resolve) => parked.add(resolve));
      c.env.incoming.socket.destroy();
      return new Response(null, { status: 499 });
    }
    const response = await run();
    if (action === 'drop_after_commit') {
      (c.env.incoming as IncomingMessage).socket.destroy();
    }
    return response;
  }

  async function body(c: Context<Env>): Promise<unknown> {
    try {
      return await c.req.json();
    } catch {
      throw new RedisReplyError('ERR request body is not valid JSON');
    }
  }

  const wantsBase64 = (c: Context<Env>) => (c.req.header('upstash-encoding') ?? '').toLowerCase() === 'base64';

  /**
   * One shape for the three command paths: parse (400 on bad input), count, run. Redis error
   * replies are 400 `{"error"}` as Upstash sends them; an unreachable Redis is a 503.
   */
  function commandRoute<T>(
    parse: (body: unknown) => T,
    commandsOf: (parsed: T) => string[][],
    run: (c: Context<Env>, parsed: T) => Promise<Response>,
  ) {
    return (c: Context<Env>) =>
      withFaults(c, async () => {
        let parsed: T;
        try {
          parsed = parse(await body(c));
        } catch (err) {
          return c.json({ error: toReplyError(err).message }, 400);
        }
        stats.commands(commandsOf(parsed));
        try {
          return await run(c, parsed);
        } catch (err) {
          if (err instanceof BackendUnavailableError)
            return c.json({ error: `ERR Redis unavailable: ${err.message}` }, 503);
          return c.json({ error: toReplyError(err).message }, 400);
        }
      });
  }

  const mapped = (t: Translated, r: RawResult) => (r instanceof RedisReplyError || !t.mapReply ? r : t.mapReply(r));

  app.post(
    '/',
    commandRoute(
      parseCommand,
      (cmd) => [cmd],
      async (c, cmd) => {
        const t = translate(cmd);
        return c.json({ result: encodeReply(mapped(t, await backend.command(t.args)) as RawReply, wantsBase64(c)) });
      },
    ),
  );

  app.post(
    '/pipeline',
    commandRoute(
      parseCommands,
      (cmds) => cmds,
      async (c, cmds) => {
        // A command refused before it reaches Redis still answers in its own slot.
        const translated = cmds.map((cmd) => {
          try {
            return translate(cmd);
          } catch (err) {
            return toReplyError(err);
          }
        });
        const runnable = translated.filter((t): t is Translated => !(t instanceof RedisReplyError));
        const replies = runnable.length > 0 ? await backend.pipeline(runnable.map((t) => t.args)) : [];
        let i = 0;
        const base64 = wantsBase64(c);
        return c.json(
          translated.map((t) =>
            t instanceof RedisReplyError ? { error: t.message } : encodeResult(mapped(t, replies[i++]!), base64),
          ),
        );
      },
    ),
  );

  app.post(
    '/multi-exec',
    commandRoute(
      parseCommands,
      (cmds) => cmds,
      async (c, cmds) => {
        // A refused command or a queue-time error aborts the whole transaction: nothing runs.
        const translated = cmds.map(translate);
        const replies = await backend.multi(translated.map((t) => t.args));
        const base64 = wantsBase64(c);
        return c.json(replies.map((r, i) => encodeResult(mapped(translated[i]!, r), base64)));
      },
    ),
  );

  // Control endpoints for tests and benchmarks (same token as the data paths).
  app.get('/__vouch/stats', (c) =>
    c.json({ backend: backend.kind, stats: stats.snapshot(), faults: faults.current(), injected: faults.injected }),
  );
  app.post('/__vouch/stats/reset', (c) => {
    stats.reset();
    return c.json({ ok: true });
  });
  app.put('/__vouch/faults', async (c) => {
    faults.set((await c.req.json()) as FaultSettings);
    return c.json({ faults: faults.current() });
  });
  app.delete('/__vouch/faults', (c) => {
    faults.clear();
    releaseParked();
    return c.json({ faults: faults.current() });
  });

  app.notFound((c) => c.json({ error: `ERR unknown path ${c.req.path}: use POST /, /pipeline or /multi-exec` }, 404));
  app.onError((err, c) => {
    console.error('[redis-rest] internal error:', err);
    return c.json({ error: `ERR bridge failure: ${err.message}` }, 500);
  });

  function releaseParked() {
    for (const release of parked) release();
    parked.clear();
  }

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: options.host ?? '127.0.0.1' }, () =>
      resolve(s),
    );
  });
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;

  return {
    url,
    token: options.token,
    backend,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    setFaults: (f) => faults.set(f),
    clearFaults: () => {
      faults.clear();
      releaseParked();
    },
    close: async () => {
      releaseParked();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as import('node:http').Server).closeAllConnections?.();
      });
    },
  };
}
