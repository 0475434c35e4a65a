import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import type { RedisBackend } from './backend.ts';
import { IoredisBackend } from './backend-ioredis.ts';
import { MemoryBackend } from './backend-memory.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface ResolvedRedis {
  backend: RedisBackend;
  /** existing: REDIS_URL answered; spawned: we started redis-server; memory: embedded fallback. */
  source: 'existing' | 'spawned' | 'memory';
  /** redis:// URL other processes can connect to (absent for the embedded engine). */
  url?: string;
  /** The redis-server we started, for a last-resort kill when our process exits abruptly. */
  pid?: number;
  stop(): Promise<void>;
}

export interface ResolveOptions {
  url?: string;
  /** The embedded engine is refused under CI: tests must prove things against real Redis. */
  allowMemory?: boolean;
  log?: (line: string) => void;
  /** Where the no-Redis banner goes (loud by default). */
  announce?: (banner: string) => void;
}

export function findOnPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function tryConnect(url: string): Promise<IoredisBackend | undefined> {
  try {
    return await IoredisBackend.connect(url, { connectTimeoutMs: 1000 });
  } catch {
    return undefined;
  }
}

async function spawnRedis(
  binary: string,
  log: (line: string) => void,
): Promise<{ backend: IoredisBackend; child: ChildProcess; url: string }> {
  const port = await freePort();
  // No persistence: this Redis lives and dies with the process that started it.
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`redis-server exited with code ${child.exitCode} before it answered on ${url}`);
    const backend = await tryConnect(url);
    if (backend) {
      log(`started redis-server (pid ${child.pid}) on ${url}, no persistence`);
      return { backend, child, url };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer on ${url} within 10 s`);
}

export function memoryBanner(): string {
  const lines = [
    'WARNING: NO REDIS FOUND - USING THE EMBEDDED IN-MEMORY ENGINE',
    'Data is NOT persistent: it is gone when this process stops.',
    'Lua fidelity is PARTIAL (no cjson, no redis.error_reply, nil for false).',
    'Install Redis for the real thing:  apt-get install -y redis-server',
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '!'.repeat(width);
  return [bar, ...lines.map((l) => `! ${l.padEnd(width - 4)} !`), bar].join('\n');
}

/**
 * Finds a Redis to stand behind the REST bridge: REDIS_URL if it answers; else a redis-server
 * we start on a free port; else (outside CI) the embedded engine, announced loudly.
 */
export async function resolveRedis(options: ResolveOptions = {}): Promise<ResolvedRedis> {
  const url = options.url ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const log = options.log ?? ((line: string) => console.error(`[redis] ${line}`));
  const allowMemory = options.allowMemory ?? !process.env.CI;

  const existing = await tryConnect(url);
  if (existing) return { backend: existing, source: 'existing', url, stop: () => existing.close() };

  const binary = findOnPath('redis-server');
  if (binary) {
    log(`no Redis answered on ${url}; starting ${binary}`);
    const { backend, child, url: spawnedUrl } = await spawnRedis(binary, log);
    return {
      backend,
      source: 'spawned',
      url: spawnedUrl,
      ...(child.pid !== undefined ? { pid: child.pid } : {}),
      stop: async () => {
        await backend.close();
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
        }
      },
    };
  }

  if (!allowMemory) {
    throw new Error(
      `No Redis answered on ${url} and redis-server is not on PATH. ` +
        'The in-memory fallback is refused here (CI is set): ' +
        'install Redis with `apt-get install -y redis-server`, or set REDIS_URL.',
    );
  }
  (options.announce ?? console.error)(memoryBanner());
  const backend = await MemoryBackend.create();
  return { backend, source: 'memory', stop: () => backend.close() };
}
