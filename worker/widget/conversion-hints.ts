import type { ConversionHint } from '../../shared/schemas/widget.ts';
import { sha256Hex } from '../lib/crypto.ts';
import type { Redis } from '../storage/client.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { CONVERSION_HINT_RECORD as RECORD } from '../storage/lua/index.ts';

export const HINT_TTL_SECONDS = 30 * 86400;
const DAILY_TTL_SECONDS = 400 * 86400;

/** A thank-you page's claim: kept for reconciliation, never money (only POST /v1/conversions is). */
export interface ConversionHintRecord extends ConversionHint {
  verified: false;
  origin: string;
  received_at: string;
}

/** True when this order had no hint yet. */
export async function recordConversionHint(
  redis: Redis,
  t: Tenant,
  hint: ConversionHint,
  origin: string,
  now: Date,
): Promise<boolean> {
  const record: ConversionHintRecord = { ...hint, verified: false, origin, received_at: now.toISOString() };
  const keys: [string, string] = [
    redisKeys.conversionHint(t, await sha256Hex(hint.order_id)),
    redisKeys.dailyConversionHints(t, now.toISOString().slice(0, 10)),
  ];
  return (
    Number(await runScript(redis, RECORD, keys, [JSON.stringify(record), HINT_TTL_SECONDS, DAILY_TTL_SECONDS])) === 1
  );
}
