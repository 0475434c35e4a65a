import { afterEach, describe, expect, it } from 'vitest';
import { findOnPath, type ResolvedRedis, resolveRedis } from './resolve-redis.ts';

// Nothing listens on port 1 of loopback, so these stand for "no Redis reachable".
const DEAD_URL = 'redis://127.0.0.1:1';
let resolved: ResolvedRedis | undefined;

afterEach(async () => {
  await resolved?.stop();
  resolved = undefined;
});

describe('resolveRedis', () => {
  it('refuses the in-memory fallback when told to (as under CI), naming the fix', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(resolveRedis({ url: DEAD_URL, allowMemory: false, log: () => {} })).rejects.toThrow(
        /apt-get install -y redis-server/,
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('falls back to the embedded engine outside CI when there is no Redis at all', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const banners: string[] = [];
      resolved = await resolveRedis({
        url: DEAD_URL,
        allowMemory: true,
        log: () => {},
        announce: (b) => banners.push(b),
      });
      expect(banners.join('')).toMatch(/NOT persistent[\s\S]*Lua fidelity is PARTIAL/);
    } finally {
      process.env.PATH = path;
    }
    expect(resolved.source).toBe('memory');
    expect(await resolved.backend.command(['PING'])).toEqual('PONG');
  });

  it.runIf(findOnPath('redis-server'))(
    'starts redis-server on a free port when nothing answers, and stops it',
    async () => {
      const lines: string[] = [];
      resolved = await resolveRedis({ url: DEAD_URL, allowMemory: false, log: (l) => lines.push(l) });
      expect(resolved.source).toBe('spawned');
      expect(resolved.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(String(await resolved.backend.command(['PING']))).toBe('PONG');
      expect(lines.join('\n')).toMatch(/started redis-server/);
      const url = resolved.url!;
      await resolved.stop();
      resolved = undefined;
      // After stop nothing answers there any more: no process left behind.
      await expect(
        resolveRedis({ url, allowMemory: false, log: () => {} }).then((r) => {
          resolved = r;
          return r.url;
        }),
      ).resolves.not.toBe(url);
    },
  );
});
