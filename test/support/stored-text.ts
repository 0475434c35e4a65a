import type { Bridge } from './redis.ts';

const READ: Record<string, (key: string) => string[]> = {
  string: (key) => ['GET', key],
  hash: (key) => ['HGETALL', key],
  list: (key) => ['LRANGE', key, '0', '-1'],
  set: (key) => ['SMEMBERS', key],
  zset: (key) => ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
};

/**
 * Every key naming a merchant and its value, whatever its type, as one text (keys sorted): compared
 * before and after, proof that a refused request changed nothing; searched, proof that no secret is stored
 * in the clear.
 */
export async function storedText(bridge: Bridge, merchantId: string): Promise<string> {
  const keys = ((await bridge.direct(['KEYS', `*${merchantId}*`])) as Buffer[]).map(String).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const read = READ[String(await bridge.direct(['TYPE', key]))];
    if (read) parts.push(key, JSON.stringify(String(await bridge.direct(read(key)))));
  }
  return parts.join('\n');
}
