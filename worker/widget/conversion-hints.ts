import type { ConversionHint } from '../../shared/schemas/widget.ts';
import { sha256Hex } from '../lib/crypto.ts';
import type { StoreEnv } from '../storage/store.ts';
import { widgetStore } from '../storage/widget.ts';
import type { Tenant } from '../tenant.ts';

/** True when this order had no hint yet. */
export async function recordConversionHint(
  env: StoreEnv,
  t: Tenant,
  hint: ConversionHint,
  origin: string,
  now: Date,
): Promise<boolean> {
  const record = { ...hint, verified: false as const, origin, received_at: now.toISOString() };
  return widgetStore(env).recordHint(t, await sha256Hex(hint.order_id), record);
}
