import type { Redis } from '../lib/redis.ts';

type Script = ReturnType<Redis['createScript']>;
const scripts = new WeakMap<Redis, Map<string, Script>>();

/**
 * Runs a Lua script by digest (EVALSHA), loading it on NOSCRIPT. Every multi-step state change
 * is one script, so it is atomic and costs one round trip.
 */
export async function runScript<T = unknown>(redis: Redis, source: string, keys: string[], args: (string | number)[]): Promise<T> {
  let byClient = scripts.get(redis);
  if (!byClient) {
    byClient = new Map();
    scripts.set(redis, byClient);
  }
  let script = byClient.get(source);
  if (!script) {
    script = redis.createScript(source);
    byClient.set(source, script);
  }
  return (await script.exec(keys, args.map(String))) as T;
}

/** Replace a JSON record only if it is still what we read (optimistic concurrency). */
export const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;

/**
 * Read-modify-write of one JSON record without lost updates: the write only lands if the record
 * is still what was read; otherwise read again. Returns null when the record does not exist.
 */
export async function updateJson<T>(redis: Redis, key: string, mutate: (current: T) => T | Promise<T>, attempts = 5): Promise<T | null> {
  for (let i = 0; i < attempts; i++) {
    const raw = await redis.get<string>(key);
    if (raw === null) return null;
    const next = await mutate(JSON.parse(raw) as T);
    const json = JSON.stringify(next);
    if (json === raw) return next;
    if (Number(await runScript(redis, COMPARE_AND_SET, [key], [raw, json])) === 1) return next;
  }
  throw new Error(`update of ${key} kept conflicting`);
}
