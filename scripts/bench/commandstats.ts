import type { RedisBackend } from '../redis-rest/backend.ts';

/**
 * Commands Redis has executed, by command name (INFO commandstats, INFO itself left out). Calls made from
 * Lua scripts are counted one by one, as Upstash bills them.
 */
export async function commandsByName(backend: RedisBackend): Promise<Map<string, number>> {
  const info = String(await backend.command(['INFO', 'commandstats']));
  const calls = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (m[1] !== 'info') calls.set(m[1]!, Number(m[2]));
  return calls;
}

/** Every command Redis has executed so far (see commandsByName). */
export async function commandsExecuted(backend: RedisBackend): Promise<number> {
  let total = 0;
  for (const n of (await commandsByName(backend)).values()) total += n;
  return total;
}
