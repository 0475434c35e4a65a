/**
 * The stack every Worker benchmark measures against: the bundled Worker in raw workerd (not
 * wrangler dev, whose request logging and proxy cost more than the Worker), the REST bridge in a
 * process of its own, and a redis-server of its own, so INFO commandstats counts exactly what the
 * benchmark made Redis do. Shared by bench:redirect and bench:redeem. The Worker's queue and R2 bindings
 * (EVENTS, EVENTS_DEAD, RAW_EVENTS) point at queue-sink.ts, outside the measured workerd process.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleWorker } from '../lib/bundle-worker.ts';
import { waitForHttp } from '../lib/proc.ts';
import type { IoredisBackend } from '../redis-rest/backend-ioredis.ts';
import { freePort, resolveRedis } from '../redis-rest/resolve-redis.ts';
import type { BridgeStats } from '../redis-rest/stats.ts';
import { startBridgeProcess } from './bridge-process.ts';
import { commandsExecuted } from './commandstats.ts';
import { type QueueSinkStats, startQueueSink } from './queue-sink.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Two cores, two sides: workerd gets one core to itself and the load generator (with the REST
 * bridge and Redis) the other, so neither steals the other's time mid-round. Unpinned, the
 * redirect bench's per-round ratio spread 0.55-1.1 on these machines, pinned 0.75-0.94. Falls
 * back (loudly, see `pinned`) to unpinned where taskset or a second core is missing.
 */
const PIN = availableParallelism() >= 2 && spawnSync('taskset', ['-V']).status === 0 && process.env.BENCH_PIN !== '0';
function pin(pid: number | undefined, cpu: number) {
  if (PIN && pid) spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

export interface ExtraWorker {
  /** Service and socket name; its URL is `urls[name]`. */
  name: string;
  /** An ES module, e.g. a constant-answer baseline. */
  source: string;
}

export interface BenchStackOptions {
  /** The npm script, for error messages. */
  label: string;
  /** Bindings of the Vouch Worker beyond the common ones (or overriding them). */
  bindings?: Record<string, string>;
  /** Other Workers in the same workerd process, each on its own port. */
  extraWorkers?: ExtraWorker[];
}

export interface BenchStack {
  /** The Vouch Worker's origin. */
  url: string;
  urls: Record<string, string>;
  /** ADMIN_TOKEN of the Worker, for POST /v1/merchants. */
  adminToken: string;
  pinned: boolean;
  stats(): Promise<BridgeStats>;
  resetStats(): Promise<void>;
  /** Commands Redis executed so far (Lua calls counted one by one, as Upstash bills them). */
  executed(): Promise<number>;
  /** Waits until the Worker's background work (waitUntil) stops reaching Redis. */
  settle(): Promise<void>;
  /** What the Worker sent to its queue bindings (and asked of R2) since the last `resetQueue`. */
  queue(): QueueSinkStats;
  resetQueue(): void;
  /** CPU the workerd process used so far (user + system, all threads), in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  let redisPid: number | undefined;
  const stop = async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
    cleanups.length = 0;
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));
  // However we end (an error, a closed pipe), leave no redis-server, bridge or workerd behind.
  process.on('exit', () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    if (redisPid) {
      try {
        process.kill(redisPid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
  pin(process.pid, 1);

  const redis = await resolveRedis({ url: 'redis://127.0.0.1:1', allowMemory: false, log: () => {} });
  if (redis.source !== 'spawned' || !redis.url)
    throw new Error(`${options.label} needs redis-server on PATH (apt-get install -y redis-server)`);
  cleanups.push(() => redis.stop());
  redisPid = redis.pid;
  pin(redis.pid, 1);
  const backend = redis.backend as IoredisBackend;

  // The REST bridge in its own process, so it does not share an event loop with the load generator.
  const bridge = await startBridgeProcess(redis.url);
  children.push(bridge.child);
  pin(bridge.child.pid, 1);
  const { url: restUrl, token: restToken, control } = bridge;

  const sink = await startQueueSink();
  cleanups.push(() => sink.close());

  const dir = await mkdtemp(join(tmpdir(), 'vouch-bench-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'vouch.js'), await bundleWorker(join(ROOT, 'worker/index.ts'), { minify: true }));
  const extras = options.extraWorkers ?? [];
  for (const w of extras) await writeFile(join(dir, `${w.name}.js`), w.source);
  const ports: Record<string, number> = { vouch: await freePort() };
  for (const w of extras) ports[w.name] = await freePort();
  const toml = await readFile(join(ROOT, 'wrangler.toml'), 'utf8');
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)![1]!;
  // Strong secrets: VOUCH_ENV 'bench' runs as production, which refuses weak ones (503).
  const adminToken = randomBytes(24).toString('hex');
  const bindings: Record<string, string> = {
    UPSTASH_REDIS_REST_URL: restUrl,
    UPSTASH_REDIS_REST_TOKEN: restToken,
    ADMIN_TOKEN: adminToken,
    HASH_SECRET: randomBytes(32).toString('base64url'),
    VOUCH_ENV: 'bench',
    PUBLIC_BASE_URL: '',
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    RATE_LIMIT_KEY_PER_MINUTE: '100000000',
    // The outbox's production linger (wrangler.toml [vars]): how many events share one queue message.
    EVENT_LINGER_MS: /^EVENT_LINGER_MS\s*=\s*"([^"]*)"/m.exec(toml)?.[1] ?? '1000',
    ...options.bindings,
  };
  const text = ([name, value]: [string, string]) => `(name = "${name}", text = "${value}")`;
  const names = ['vouch', ...extras.map((w) => w.name)];
  const socket = (n: string) => `(name = "${n}", address = "127.0.0.1:${ports[n]}", http = (), service = "${n}")`;
  await writeFile(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    ${names.map((n) => `(name = "${n}", worker = .${n}),`).join('\n    ')}
    (name = "loopback", network = (allow = ["public", "private", "local"])),
    (name = "queue-sink", external = (address = "${sink.url}", http = ())),
  ],
  sockets = [
    ${names.map(socket).join(',\n    ')}
  ],
);
const vouch :Workerd.Worker = (
  modules = [(name = "vouch.js", esModule = embed "vouch.js")],
  compatibilityDate = "${compatibilityDate}",
  globalOutbound = "loopback",
  bindings = [
    ${Object.entries(bindings).map(text).join(',\n    ')},
    (name = "EVENTS", queue = "queue-sink"),
    (name = "EVENTS_DEAD", queue = "queue-sink"),
    (name = "RAW_EVENTS", r2Bucket = "queue-sink"),
  ],
);
${extras
  .map(
    (w) => `const ${w.name} :Workerd.Worker = (
  modules = [(name = "${w.name}.js", esModule = embed "${w.name}.js")],
  compatibilityDate = "${compatibilityDate}",
);`,
  )
  .join('\n')}
`,
  );
  const workerdBin = (createRequire(import.meta.url)('workerd') as { default: string }).default;
  const workerd = spawn(workerdBin, ['serve', join(dir, 'config.capnp'), '--experimental'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(workerd);
  pin(workerd.pid, 0);
  let workerdErr = '';
  workerd.stderr?.on('data', (d) => (workerdErr += d));
  const urls = Object.fromEntries(names.map((n) => [n, `http://127.0.0.1:${ports[n]}`]));
  try {
    // An unknown path: answered by the router alone (/health would need the edge limiter binding).
    await waitForHttp(`${urls.vouch}/v1/__bench_ready`, 20_000, (r) => r.status === 404);
  } catch (err) {
    throw new Error(`workerd did not start: ${(err as Error).message}\n${workerdErr.slice(0, 2000)}`);
  }

  const stats = async () => (await control('GET', '/__vouch/stats')).stats as BridgeStats;
  return {
    url: urls.vouch!,
    urls,
    adminToken,
    pinned: PIN,
    stats,
    resetStats: async () => void (await control('POST', '/__vouch/stats/reset')),
    executed: () => commandsExecuted(backend),
    settle: async () => {
      let last = -1;
      for (let i = 0; i < 100; i++) {
        const now = (await stats()).http_requests;
        if (now === last) return;
        last = now;
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    queue: () => sink.stats(),
    resetQueue: () => sink.reset(),
    cpuMicros: () => processCpuMicros(workerd.pid!),
    stop,
  };
}

/** utime + stime of /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms: USER_HZ is 100 on Linux). */
async function processCpuMicros(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields from the closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** The cores line every bench prints, so a noisy figure can be told from an unpinned run. */
export function coresLine(pinned: boolean): string {
  return pinned
    ? '  cores: workerd pinned to cpu 0; load generator, REST bridge and Redis to cpu 1'
    : '  cores: NOT pinned (no taskset or a single core): expect noisier figures';
}

/** Prints each budget check as `ok` or `OVER`; returns how many were broken. */
export function reportChecks(checks: [label: string, ok: boolean][]): number {
  let broken = 0;
  for (const [label, ok] of checks) {
    console.log(`${ok ? 'ok  ' : 'OVER'} ${label}`);
    if (!ok) broken++;
  }
  return broken;
}
