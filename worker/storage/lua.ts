import type { Redis } from './client.ts';
import type { Codec } from './codec.ts';
import { COMPARE_AND_SET } from './lua/index.ts';

type Script = ReturnType<Redis['createScript']>;
const scripts = new WeakMap<Redis, Map<string, Script>>();
declare const contract: unique symbol;

/**
 * A script's source with its contract in the type: `Keys` and `Argv` are labeled tuples in KEYS[i] /
 * ARGV[i] order, `Reply` what the script returns as the REST client decodes it. Each lua/x.lua has
 * its contract in lua/x.d.lua.ts (a .lua without one does not compile), and runScript checks every
 * call against it. Only a type (a script is still its text): the Worker bundle is at its size
 * budget, and a wrapper or alias per script would cost it ~230-260 gzip bytes.
 */
export type LuaScript<Keys extends string[], Argv extends (string | number)[], Reply> = string & {
  readonly [contract]?: (keys: Keys, argv: Argv) => Reply;
};

/**
 * Runs a Lua script by digest (EVALSHA), loading it on NOSCRIPT. Every multi-step state change
 * is one script, so it is atomic and costs one round trip.
 */
export async function runScript<Keys extends string[], Argv extends (string | number)[], Reply>(
  redis: Redis,
  source: LuaScript<Keys, Argv, Reply>,
  keys: NoInfer<Keys>,
  args: NoInfer<Argv>,
): Promise<Reply> {
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
  return (await script.exec(keys, args.map(String))) as Reply;
}

/**
 * Read-modify-write of one stored record without lost updates: decode what is stored, mutate it,
 * encode it, and write only if the stored text is still what was read (compare-and-set against the
 * raw text, never a re-encoding of it); otherwise read again. Returns null when the record does not
 * exist, or when `mutate` answers null (nothing to write: a record the caller may not change).
 */
export async function updateJson<T>(
  redis: Redis,
  key: string,
  codec: Codec<T>,
  mutate: (current: T) => T | null | Promise<T | null>,
  attempts = 5,
): Promise<T | null> {
  for (let i = 0; i < attempts; i++) {
    const raw = await redis.get<string>(key);
    if (raw === null) return null;
    const next = await mutate(codec.decode(raw));
    if (next === null) return null;
    const encoded = codec.encode(next);
    if (encoded === raw) return next;
    if (Number(await runScript(redis, COMPARE_AND_SET, [key], [raw, encoded])) === 1) return next;
  }
  throw new Error(`update of ${key} kept conflicting`);
}
