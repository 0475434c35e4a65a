import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { type Bridge, startBridge } from './redis.ts';

/**
 * For the Lua scripts' own tests: they run as in the Worker (EVALSHA through the Upstash client
 * `connect` builds, over the REST bridge) against real Redis on the test database, each file under
 * keys of its own; `direct` reads and seeds Redis around the client.
 */
/** Replies as strings (the backend answers bulk strings as bytes). */
function text(reply: unknown): unknown {
  if (Buffer.isBuffer(reply)) return reply.toString('utf8');
  return Array.isArray(reply) ? reply.map(text) : reply;
}

export function useRedis<R>(connect: (url: string, token: string) => R) {
  let bridge: Bridge;
  let client: R;
  beforeAll(async () => {
    bridge = await startBridge();
    client = connect(bridge.server.url, bridge.server.token);
  });
  afterAll(async () => bridge?.stop());
  const prefix = `test:lua:${randomBytes(4).toString('hex')}:`;
  return {
    redis: () => client,
    direct: async (args: (string | number)[]) => text(await bridge.direct(args.map(String))),
    key: (name: string) => prefix + name,
    /** Several keys at once, typed as a tuple of the same length (no casts at the call sites). */
    keys: <const N extends readonly string[]>(...names: N) =>
      names.map((name) => prefix + name) as { -readonly [I in keyof N]: string },
  };
}
