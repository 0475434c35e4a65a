import type { Redis } from './client.ts';

export interface Page {
  ids: string[];
  hasMore: boolean;
}

/**
 * One page of ids from a lexicographic sorted set (all scores 0). Ids are time-sortable, so
 * this is creation order, and a cursor stays valid however many objects are added later.
 */
export async function pageOfIds(redis: Redis, key: string, limit: number, startingAfter?: string): Promise<Page> {
  const min: '-' | `(${string}` = startingAfter ? `(${startingAfter}` : '-';
  const ids = (await redis.zrange(key, min, '+', { byLex: true, offset: 0, count: limit + 1 })) as string[];
  return { ids: ids.slice(0, limit), hasMore: ids.length > limit };
}

/** A page as the API answers it: the list envelope, with the cursor of the next page. */
export function listBody<T extends { id: string }>(data: T[], hasMore: boolean) {
  return { object: 'list' as const, data, has_more: hasMore, next_cursor: hasMore ? data.at(-1)!.id : null };
}
