import { Redis } from 'ioredis';
import type { RawReply, RawResult, RedisBackend } from './backend.ts';
import { classifyIoredisError, RedisReplyError } from './backend.ts';

type Pair = [Error | null, unknown];

/** Results of an ioredis pipeline/transaction, with per-command errors kept in place. */
function settle(pairs: Pair[] | null): RawResult[] {
  return (pairs ?? []).map(([err, value]) => {
    if (!err) return value as RawReply;
    const classified = classifyIoredisError(err);
    // One lost connection fails the whole request, never a slot that looks like a Redis error.
    if (!(classified instanceof RedisReplyError)) throw classified;
    return classified;
  });
}

/**
 * A real Redis over one ioredis connection. Commands go through `callBuffer` with the name in
 * upper case: ioredis keys its reply transformers by lower-case name, so none applies (HGETALL
 * stays a flat array, as Redis and Upstash send it), and bulk strings arrive as Buffers.
 */
export class IoredisBackend implements RedisBackend {
  readonly kind = 'redis' as const;

  private constructor(
    private readonly client: Redis,
    readonly description: string,
  ) {}

  static async connect(url: string, options: { connectTimeoutMs?: number } = {}): Promise<IoredisBackend> {
    const client = new Redis(url, {
      lazyConnect: true,
      connectTimeout: options.connectTimeoutMs ?? 2000,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      // A bridge that silently reconnects forever hides a dead Redis; give up after a few tries.
      retryStrategy: (times) => (times > 20 ? null : Math.min(times * 100, 1000)),
    });
    client.on('error', () => {
      /* surfaced per request as a 5xx; avoid crashing the process on "error" events */
    });
    await client.connect();
    await client.ping();
    const parsed = new URL(url);
    return new IoredisBackend(client, `redis://${parsed.hostname}:${parsed.port || '6379'}${parsed.pathname}`);
  }

  async command(args: string[]): Promise<RawReply> {
    const [name, ...rest] = args;
    try {
      return (await this.client.callBuffer(name!.toUpperCase(), ...rest)) as RawReply;
    } catch (err) {
      throw classifyIoredisError(err);
    }
  }

  async pipeline(commands: string[][]): Promise<RawResult[]> {
    const p = this.client.pipeline();
    for (const [name, ...rest] of commands) p.callBuffer(name!.toUpperCase(), ...rest);
    try {
      return settle((await p.exec()) as Pair[] | null);
    } catch (err) {
      throw classifyIoredisError(err);
    }
  }

  async multi(commands: string[][]): Promise<RawResult[]> {
    const m = this.client.multi();
    for (const [name, ...rest] of commands) m.callBuffer(name!.toUpperCase(), ...rest);
    try {
      return settle((await m.exec()) as Pair[] | null);
    } catch (err) {
      throw classifyIoredisError(err);
    }
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
