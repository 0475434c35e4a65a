import type { ConversionHint } from '../../shared/schemas/widget.ts';
import { sha256Hex } from '../lib/crypto.ts';
import type { Redis } from '../lib/redis.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';

export const HINT_TTL_SECONDS = 30 * 86400;
const DAILY_TTL_SECONDS = 400 * 86400;

/** A thank-you page's claim: kept for reconciliation, never money (only POST /v1/conversions is). */
export interface ConversionHintRecord extends ConversionHint {
  verified: false;
  origin: string;
  received_at: string;
}

// The first hint of an order stands (SET NX) and counts once in its day's hash.
// KEYS: 1 hint, 2 daily counter. ARGV: 1 hint JSON, 2 hint TTL s, 3 counter TTL s.
const RECORD = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return 0 end
if redis.call('HINCRBY', KEYS[2], 'received', 1) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
return 1
`;

/** True when this order had no hint yet. */
export async function recordConversionHint(redis: Redis, t: Tenant, hint: ConversionHint, origin: string, now: Date): Promise<boolean> {
  const record: ConversionHintRecord = { ...hint, verified: false, origin, received_at: now.toISOString() };
  const keys = [redisKeys.conversionHint(t, await sha256Hex(hint.order_id)), redisKeys.dailyConversionHints(t, now.toISOString().slice(0, 10))];
  return Number(await runScript(redis, RECORD, keys, [JSON.stringify(record), HINT_TTL_SECONDS, DAILY_TTL_SECONDS])) === 1;
}
