import type { RawReply, RawResult, RedisBackend } from './backend.ts';
import { toReplyError } from './backend.ts';
import { withCjson } from './lua-cjson.ts';

/**
 * The embedded fallback for a machine with no Redis at all: ioredis-mock in this process.
 * Not persistent, and its Lua is partial (no redis.error_reply, nil for false; cjson is a pure-Lua
 * stand-in put in front of every script, lua-cjson.ts): good enough to click through the demo,
 * never what tests prove things against.
 */
/**
 * ioredis-mock answers an array (MGET, HMGET, …) as a userdata proxy whose missing entries are a userdata
 * null, which Lua takes as true; Redis answers a table with false there. One line (the script keeps its
 * own line numbers) that copies such replies of `redis.call` and `redis.pcall` into tables, nulls as false.
 */
const NULLS_AS_FALSE =
  'for _, n in ipairs({"call", "pcall"}) do local f = redis[n]; redis[n] = function(...) local r = f(...); ' +
  'if type(r) ~= "userdata" then return r end; local t = {}; for i = 1, #r do local v = r[i]; ' +
  'if type(v) == "userdata" then v = false end; t[i] = v end; return t end end';

export class MemoryBackend implements RedisBackend {
  readonly kind = 'memory' as const;
  readonly description = 'embedded in-memory engine (ioredis-mock)';

  // Every operation runs alone, so a transaction is isolated from other requests.
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(private readonly client: import('ioredis').Redis) {}

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  static async create(): Promise<MemoryBackend> {
    const { default: RedisMock } = await import('ioredis-mock');
    return new MemoryBackend(new RedisMock() as unknown as import('ioredis').Redis);
  }

  command(args: string[]): Promise<RawReply> {
    return this.exclusive(() => this.run(args));
  }

  private async run(args: string[]): Promise<RawReply> {
    const [name, ...rest] = args;
    if (name!.toUpperCase() === 'EVAL' && rest.length > 0) rest[0] = `${NULLS_AS_FALSE} ${withCjson(rest[0]!)}`;
    // ioredis-mock has no generic `call`: dispatch to the method of the same name.
    const method = (this.client as unknown as Record<string, unknown>)[name!.toLowerCase()];
    if (typeof method !== 'function' || name!.toLowerCase() === 'constructor') {
      throw toReplyError(`ERR unknown command '${name}' (not supported by the embedded engine)`);
    }
    try {
      return normalise(await (method as (...a: string[]) => Promise<unknown>).apply(this.client, rest));
    } catch (err) {
      throw toReplyError(err);
    }
  }

  pipeline(commands: string[][]): Promise<RawResult[]> {
    return this.exclusive(async () => {
      const out: RawResult[] = [];
      for (const cmd of commands) {
        try {
          out.push(await this.run(cmd));
        } catch (err) {
          out.push(toReplyError(err));
        }
      }
      return out;
    });
  }

  /** Runs under the same exclusivity as everything else, so no other request interleaves. */
  multi(commands: string[][]): Promise<RawResult[]> {
    return this.pipeline(commands);
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}

function normalise(value: unknown): RawReply {
  if (value === undefined || value === null || value === false) return null;
  if (value === true) return 1;
  if (Buffer.isBuffer(value) || typeof value === 'string' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'object') {
    // ioredis-mock returns HGETALL as an object; Redis (and Upstash) send a flat array.
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [k, normalise(v)]);
  }
  return String(value);
}
