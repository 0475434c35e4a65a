import { createHmac } from 'node:crypto';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from './api.ts';
import type { RunningWorker } from './worker.ts';

export const nowS = () => Math.floor(Date.now() / 1000);

/** What a merchant's server does: hex HMAC-SHA256 of `customer_id.timestamp` with the widget secret. */
export const signIdentity = (secret: string, customerId: string, timestamp = nowS()) => ({
  customer_id: customerId,
  timestamp,
  signature: createHmac('sha256', secret).update(`${customerId}.${timestamp}`).digest('hex'),
});

/** A merchant with a program and a rolled widget secret: what the widget needs to identify customers. */
export interface WidgetShop {
  m: TestMerchant;
  api: ReturnType<typeof apiClient>;
  programId: string;
  secret: string;
}

export async function widgetShop(
  worker: RunningWorker,
  options: { merchant?: Parameters<typeof createTestMerchant>[1]; program?: Record<string, unknown> } = {},
): Promise<WidgetShop> {
  const m = await createTestMerchant(worker, { allowed_origins: ['https://shop.example'], ...options.merchant });
  const api = apiClient(worker, m.sk);
  const programId = (await api.post('/v1/programs', { ...PROGRAM_INPUT, ...options.program })).body.id as string;
  const rolled = await api.post('/v1/widget_secret/roll', { revoke_previous: true });
  if (rolled.status !== 201) throw new Error(`widget secret roll failed: ${rolled.status}`);
  return { m, api, programId, secret: rolled.body.secret };
}
