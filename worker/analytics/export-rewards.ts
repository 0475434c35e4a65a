import type { Reward } from '../../shared/schemas/reward.ts';
import type { ExportStore } from '../storage/exports.ts';
import type { Tenant } from '../tenant.ts';
import type { Columns } from './csv-stream.ts';
import { type ExportPeriod, ofProgram } from './export-period.ts';

/**
 * One row per reward or adjustment created in the period (by `created_at`), in its current state.
 * `unit` is the currency, or `points` (as in balances), so amounts are never summed across units;
 * `amount` is after refunds (negative for adjustments). Lists are `;`-separated.
 */
export const REWARD_COLUMNS: Columns<Reward> = [
  ['id', (r) => r.id],
  ['created_at', (r) => r.created_at],
  ['updated_at', (r) => r.updated_at],
  ['livemode', (r) => r.livemode],
  ['kind', (r) => r.kind],
  ['recipient', (r) => r.recipient],
  ['status', (r) => r.status],
  ['program_id', (r) => r.program_id],
  ['advocate_id', (r) => r.advocate_id],
  ['conversion_id', (r) => r.conversion_id],
  ['referral_id', (r) => r.referral_id],
  ['type', (r) => r.type],
  ['amount', (r) => r.amount],
  ['original_amount', (r) => r.original_amount],
  ['reversed_amount', (r) => r.reversed_amount],
  ['unit', (r) => r.currency ?? 'points'],
  ['tier', (r) => r.tier],
  ['approve_after', (r) => r.approve_after],
  ['fraud_signals', (r) => r.fraud_signals.join(';')],
];

export function rewardsInPeriod(
  exports: ExportStore,
  t: Tenant,
  period: ExportPeriod,
  programId?: string,
): AsyncGenerator<Reward[]> {
  return ofProgram(exports.rewards(t, period), programId);
}
