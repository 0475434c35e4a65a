import type { RedisBackend } from '../redis-rest/backend.ts';

/**
 * Commands Redis has executed (INFO commandstats, INFO itself left out). Calls made from Lua
 * scripts are counted one by one, as Upstash bills them.
 */
export async function commandsExecuted(backend: RedisBackend): Promise<number> {
  const info = String(await backend.command(['INFO', 'commandstats']));
  let total = 0;
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (m[1] !== 'info') total += Number(m[2]);
  return total;
}
