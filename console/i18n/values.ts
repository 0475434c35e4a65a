import type { AdvocateStatus } from '../../shared/schemas/advocate.ts';
import type { FilterReason } from '../../shared/schemas/click.ts';
import type { Conversion, RiskAssessment, RiskSignal } from '../../shared/schemas/conversion.ts';
import type { Integration, IntegrationEventOutcome } from '../../shared/schemas/integration.ts';
import type { ManualImportResult } from '../../shared/schemas/payee.ts';
import type { PayoutRun, PayoutStatus, TaxFormStatus } from '../../shared/schemas/payout.ts';
import type { ProgramStatus } from '../../shared/schemas/program.ts';
import type { Reward, RewardStatus } from '../../shared/schemas/reward.ts';
import type { WebhookDeliveryOutcome, WebhookEndpointStatus } from '../../shared/schemas/webhook.ts';
import type { MessageKey } from './en.ts';
import { t } from './index.ts';

type Of<S> = S extends { options: readonly (infer V extends string)[] } ? V : never;

/**
 * Every value the API answers that the console shows (statuses, reasons, fraud signals), to its
 * message: typed by the shared schemas, so a value added there fails the typecheck until it has
 * words here (and i18n/values.test.ts checks each language has its own).
 */
export const VALUE_MESSAGES = {
  program_status: {
    draft: 'st_draft',
    active: 'st_active',
    paused: 'st_paused',
    ended: 'st_ended',
  } satisfies Record<Of<typeof ProgramStatus>, MessageKey>,
  reward_status: {
    pending: 'rs_pending',
    held: 'rs_held',
    approved: 'rs_approved',
    paid: 'rs_paid',
    voided: 'rs_voided',
  } satisfies Record<Of<typeof RewardStatus>, MessageKey>,
  conversion_status: {
    approved: 'cs_approved',
    held: 'cs_held',
    rejected: 'cs_rejected',
  } satisfies Record<Conversion['status'], MessageKey>,
  conversion_type: { sale: 'ct_sale', signup: 'ct_signup' } satisfies Record<Conversion['type'], MessageKey>,
  decision: {
    approve: 'dec_approve',
    hold: 'dec_hold',
    reject: 'dec_reject',
  } satisfies Record<RiskAssessment['decision'], MessageKey>,
  advocate_status: {
    active: 'as_active',
    suspended: 'as_suspended',
  } satisfies Record<Of<typeof AdvocateStatus>, MessageKey>,
  recipient: { advocate: 'rcp_advocate', friend: 'rcp_friend' } satisfies Record<Reward['recipient'], MessageKey>,
  endpoint_status: {
    enabled: 'enabled',
    disabled: 'disabled',
  } satisfies Record<Of<typeof WebhookEndpointStatus>, MessageKey>,
  delivery_outcome: {
    succeeded: 'wo_succeeded',
    retry_scheduled: 'wo_retry_scheduled',
    gave_up: 'wo_gave_up',
    endpoint_disabled: 'wo_endpoint_disabled',
    failed: 'wo_failed',
  } satisfies Record<Of<typeof WebhookDeliveryOutcome>, MessageKey>,
  integration_status: {
    connected: 'is_connected',
    disconnected: 'is_disconnected',
  } satisfies Record<Integration['status'], MessageKey>,
  integration_outcome: {
    applied: 'io_applied',
    duplicate: 'io_duplicate',
    ignored: 'io_ignored',
    pending: 'io_pending',
    unattributed: 'io_unattributed',
    failed: 'io_failed',
  } satisfies Record<Of<typeof IntegrationEventOutcome>, MessageKey>,
  payout_status: {
    pending: 'ps_pending',
    processing: 'ps_processing',
    paid: 'ps_paid',
    failed: 'ps_failed',
  } satisfies Record<Of<typeof PayoutStatus>, MessageKey>,
  // Why an advocate's approved rewards are not paid by a run (upcoming lines and a run's skipped list).
  payout_skip: {
    below_minimum: 'psk_below_minimum',
    no_payout_details: 'psk_no_payout_details',
    not_positive: 'psk_not_positive',
    on_hold: 'psk_on_hold',
  } satisfies Record<PayoutRun['skipped'][number]['reason'], MessageKey>,
  import_outcome: {
    paid: 'pio_paid',
    failed: 'pio_failed',
    unchanged: 'pio_unchanged',
    skipped: 'pio_skipped',
    error: 'pio_error',
  } satisfies Record<ManualImportResult['rows'][number]['outcome'], MessageKey>,
  tax_form: {
    not_needed: 'tf_not_needed',
    missing: 'tf_missing',
    w9_received: 'tf_w9_received',
    w8_received: 'tf_w8_received',
  } satisfies Record<Of<typeof TaxFormStatus>, MessageKey>,
  // `duplicate` is the click script's own reason, beside the filter's.
  filter_reason: {
    head_request: 'fr_head_request',
    prefetch: 'fr_prefetch',
    bot: 'fr_bot',
    unfurler: 'fr_unfurler',
    email_scanner: 'fr_email_scanner',
    duplicate: 'fr_duplicate',
  } satisfies Record<Of<typeof FilterReason> | 'duplicate', MessageKey>,
  signal: {
    self_referral_customer_id: 'sig_self_referral_customer_id',
    self_referral_email: 'sig_self_referral_email',
    self_referral_visitor: 'sig_self_referral_visitor',
    disposable_email: 'sig_disposable_email',
    advocate_velocity: 'sig_advocate_velocity',
    visitor_velocity: 'sig_visitor_velocity',
    repeat_visitor_conversions: 'sig_repeat_visitor_conversions',
    click_to_conversion_too_fast: 'sig_click_to_conversion_too_fast',
    ad_click_id: 'sig_ad_click_id',
  } satisfies Record<RiskSignal['code'], MessageKey>,
} as const;

export type ValueKind = keyof typeof VALUE_MESSAGES;

/** The value in the console's language; one the console does not know yet (a newer API) as it came. */
export function valueText(kind: ValueKind, value: string): string {
  const key = (VALUE_MESSAGES[kind] as Record<string, MessageKey>)[value];
  return key ? t(key) : value;
}
