/**
 * The Worker with its whole raw-event pipeline, as deployed: Miniflare's real local Queues and R2
 * (scripts/lib/event-pipeline.ts with the production batch wait), the production [vars] of wrangler.toml
 * (EVENT_LINGER_MS, LINK_CACHE_FRESH_MS, EVENT_RETRY_SCALE), and a private redis-server behind the REST
 * bridge (a process of its own), so INFO commandstats counts every command the edge and the consumer make
 * Redis execute.
 * Miniflare's queue broker logs each consumer invocation (`QUEUE <queue> acked/total (ms)`): those lines
 * are how the bench counts batches and messages, from what happened.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { bundleWorker } from '../lib/bundle-worker.ts';
import { eventPipeline } from '../lib/event-pipeline.ts';
import type { IoredisBackend } from '../redis-rest/backend-ioredis.ts';
import { resolveRedis } from '../redis-rest/resolve-redis.ts';
import { startBridgeProcess } from './bridge-process.ts';
import { commandsByName } from './commandstats.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** One consumer invocation as the broker logged it. */
export interface QueueDelivery {
  queue: string;
  acked: number;
  total: number;
  /** Wall time of the invocation (Redis and R2 waits included): an upper bound on its CPU. */
  ms: number;
}

/** Keeps the broker's QUEUE lines; lets warnings and errors through to the console. */
class QueueLog extends Log {
  readonly deliveries: QueueDelivery[] = [];
  override logWithLevel(level: LogLevel, message: string): void {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the broker colours its lines (ANSI escapes)
    const plain = message.replace(/\u001b\[[0-9;]*m/g, '');
    const m = /^QUEUE (\S+) (\d+)\/(\d+)(?: \((\d+)ms\))?/.exec(plain);
    if (m) this.deliveries.push({ queue: m[1]!, acked: Number(m[2]), total: Number(m[3]), ms: Number(m[4] ?? 0) });
    else if (level <= LogLevel.WARN) super.logWithLevel(level, message);
  }
}

export interface PipelineStack {
  origin: string;
  adminToken: string;
  /** Production's batch wait (wrangler.toml), seconds. */
  batchTimeoutSeconds: number;
  lingerMs: number;
  deliveries: readonly QueueDelivery[];
  commands(): Promise<Map<string, number>>;
  /** Every object under `prefix` in RAW_EVENTS: key and size. */
  objects(prefix: string): Promise<{ key: string; size: number }[]>;
  text(key: string): Promise<string>;
  stop(): Promise<void>;
}

const tomlVar = (toml: string, name: string) => new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm').exec(toml)?.[1];

export async function startPipelineStack(): Promise<PipelineStack> {
  const redis = await resolveRedis({ url: 'redis://127.0.0.1:1', allowMemory: false, log: () => {} });
  if (redis.source !== 'spawned' || !redis.url) throw new Error('bench:redirect needs redis-server on PATH');
  process.on('exit', () => {
    try {
      if (redis.pid) process.kill(redis.pid, 'SIGKILL');
    } catch {
      /* already stopped */
    }
  });
  const backend = redis.backend as IoredisBackend;
  const rest = await startBridgeProcess(redis.url!);
  const toml = await readFile(resolve(ROOT, 'wrangler.toml'), 'utf8');
  const batchTimeoutSeconds = Number(/^max_batch_timeout\s*=\s*(\d+)/m.exec(toml)![1]);
  const vars = ['EVENT_LINGER_MS', 'EVENT_RETRY_SCALE', 'LINK_CACHE_FRESH_MS'];
  const adminToken = randomBytes(24).toString('hex');
  const log = new QueueLog(LogLevel.INFO);
  const mf = new Miniflare({
    log,
    host: '127.0.0.1',
    port: 0,
    cf: false,
    modules: true,
    script: new TextDecoder().decode(await bundleWorker(resolve(ROOT, 'worker/index.ts'), { minify: true })),
    compatibilityDate: tomlVar(toml, 'compatibility_date')!,
    bindings: {
      ...Object.fromEntries(vars.map((name) => [name, tomlVar(toml, name) ?? ''])),
      // 'bench' runs as production (strong secrets required).
      VOUCH_ENV: 'bench',
      UPSTASH_REDIS_REST_URL: rest.url,
      UPSTASH_REDIS_REST_TOKEN: rest.token,
      ADMIN_TOKEN: adminToken,
      HASH_SECRET: randomBytes(32).toString('base64url'),
      PUBLIC_BASE_URL: '',
      RATE_LIMIT_IP_PER_MINUTE: '100000000',
      RATE_LIMIT_KEY_PER_MINUTE: '100000000',
    },
    ratelimits: { PUBLIC_LIMITER: { simple: { limit: 100000, period: 60 } } },
    ...eventPipeline({ batchTimeoutSeconds }),
  });
  const origin = (await mf.ready).origin;
  const bucket = await mf.getR2Bucket('RAW_EVENTS');
  return {
    origin,
    adminToken,
    batchTimeoutSeconds,
    lingerMs: Number(tomlVar(toml, 'EVENT_LINGER_MS')),
    deliveries: log.deliveries,
    commands: () => commandsByName(backend),
    objects: async (prefix) => {
      const found: { key: string; size: number }[] = [];
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix, cursor });
        for (const o of page.objects) found.push({ key: o.key, size: o.size });
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      return found;
    },
    text: async (key) => (await (await bucket.get(key))?.text()) ?? '',
    stop: async () => {
      await mf.dispose();
      rest.child.kill('SIGTERM');
      await redis.stop();
    },
  };
}
