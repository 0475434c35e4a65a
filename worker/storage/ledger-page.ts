import type { Redis } from './client.ts';
import type { Codec } from './codec.ts';

/**
 * A page of a ledger, newest first: a ZSET of entry ids (scores 0, ids sort by time) and a HASH id -> JSON
 * entry. `before` is the last id of the previous page. Two round trips: the ids, then their entries.
 */
export async function ledgerPage<T>(
  redis: Redis,
  keys: { ledger: string; entries: string },
  codec: Codec<T>,
  limit: number,
  before?: string,
) {
  const max: '+' | `(${string}` = before ? `(${before}` : '+';
  const ids = (await redis.zrange(keys.ledger, max, '-', {
    byLex: true,
    rev: true,
    offset: 0,
    count: limit + 1,
  })) as string[];
  const page = ids.slice(0, limit);
  // With deserialisation off HMGET answers a plain array of the values, in the order asked.
  const raws = page.length ? ((await redis.hmget(keys.entries, ...page)) as unknown) : [];
  const list = Array.isArray(raws) ? raws : page.map((id) => (raws as Record<string, unknown> | null)?.[id]);
  const entries = list.flatMap((raw) => (typeof raw === 'string' ? [codec.decode(raw)] : []));
  return { entries, hasMore: ids.length > limit };
}
