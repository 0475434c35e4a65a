import type { StoredConversion } from '../storage/conversion-records.ts';
import type { ExportStore } from '../storage/exports.ts';
import type { Tenant } from '../tenant.ts';
import type { Columns } from './csv-stream.ts';
import { type ExportPeriod, ofProgram } from './export-period.ts';

/**
 * One row per attributed conversion recorded in the period (by `created_at`, when Vouch recorded
 * it; `occurred_at` is the merchant's own time). Lists are `;`-separated. The customer is the
 * merchant's own `customer_external_id`; no email column exists because conversions never keep
 * the email the merchant sent (only its hash, which is not exported either).
 */
export const CONVERSION_COLUMNS: Columns<StoredConversion> = [
  ['id', (c) => c.id],
  ['created_at', (c) => c.created_at],
  ['occurred_at', (c) => c.occurred_at],
  ['livemode', (c) => c.livemode],
  ['type', (c) => c.type],
  ['status', (c) => c.status],
  ['program_id', (c) => c.program_id],
  ['advocate_id', (c) => c.advocate_id],
  ['referral_id', (c) => c.referral_id],
  ['code', (c) => c.code],
  ['click_id', (c) => c.click_id],
  ['order_id', (c) => c.order_id],
  ['customer_external_id', (c) => c.customer_external_id],
  ['amount', (c) => c.amount],
  ['currency', (c) => c.currency],
  ['refunded_amount', (c) => c.refunded_amount],
  ['attribution_source', (c) => c.attribution.source],
  ['attribution_model', (c) => c.attribution.model],
  ['attribution_reason', (c) => c.attribution.reason],
  ['risk_score', (c) => c.risk.score],
  ['risk_decision', (c) => c.risk.decision],
  ['risk_signals', (c) => c.risk.signals.map((s) => s.code).join(';')],
  ['reward_ids', (c) => c.reward_ids.join(';')],
  ['reward_note', (c) => c.reward_note],
  // Last, so the earlier columns keep their places: empty for every conversion but a renewal.
  ['subscription_id', (c) => c.recurring?.subscription_id ?? null],
  ['renewal', (c) => c.recurring?.renewal ?? null],
];

export function conversionsInPeriod(
  exports: ExportStore,
  t: Tenant,
  period: ExportPeriod,
  programId?: string,
): AsyncGenerator<StoredConversion[]> {
  return ofProgram(exports.conversions(t, period), programId);
}
