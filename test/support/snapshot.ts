import type { Bridge } from './redis.ts';

/**
 * Every key and its serialised value (DUMP) in the bridge's database, minus rate-limit counters
 * (they count attempts, good or bad, by design). Two equal snapshots: nothing changed.
 */
export async function snapshot(bridge: Bridge, match = 'v1:*'): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = (await bridge.direct(['SCAN', cursor, 'MATCH', match, 'COUNT', '1000'])) as [
      Buffer | string,
      (Buffer | string)[],
    ];
    cursor = String(next);
    for (const k of keys) {
      const key = String(k);
      if (key.startsWith('v1:ratelimit:')) continue;
      const dump = (await bridge.direct(['DUMP', key])) as Buffer | null;
      if (dump) out.set(key, Buffer.from(dump).toString('hex'));
    }
  } while (cursor !== '0');
  return out;
}

export function diff(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [k, v] of after) if (before.get(k) !== v) changes.push(before.has(k) ? `changed ${k}` : `added ${k}`);
  for (const k of before.keys()) if (!after.has(k)) changes.push(`removed ${k}`);
  return changes;
}
