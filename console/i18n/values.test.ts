import { describe, expect, it } from 'vitest';
import { AdvocateStatus } from '../../shared/schemas/advocate.ts';
import { FilterReason } from '../../shared/schemas/click.ts';
import { Conversion, RiskAssessment, RiskSignal } from '../../shared/schemas/conversion.ts';
import { Integration, IntegrationEventOutcome } from '../../shared/schemas/integration.ts';
import { ManualImportRow } from '../../shared/schemas/payee.ts';
import { PayoutRun, PayoutStatus, TaxFormStatus } from '../../shared/schemas/payout.ts';
import { ProgramStatus } from '../../shared/schemas/program.ts';
import { Reward, RewardStatus } from '../../shared/schemas/reward.ts';
import { WebhookDeliveryOutcome, WebhookEndpointStatus } from '../../shared/schemas/webhook.ts';
import { en } from './en.ts';
import * as fa from './fa.ts';
import * as hu from './hu.ts';
import * as id from './id.ts';
import * as ms from './ms.ts';
import * as th from './th.ts';
import { VALUE_MESSAGES, type ValueKind } from './values.ts';

// The values as the shared schemas list them (not as values.ts does): a value added in shared/
// without words in the console fails here.
const SHARED: Record<ValueKind, readonly string[]> = {
  program_status: ProgramStatus.options,
  reward_status: RewardStatus.options,
  conversion_status: Conversion.shape.status.options,
  conversion_type: Conversion.shape.type.options,
  decision: RiskAssessment.shape.decision.options,
  advocate_status: AdvocateStatus.options,
  recipient: Reward.shape.recipient.options,
  endpoint_status: WebhookEndpointStatus.options,
  delivery_outcome: WebhookDeliveryOutcome.options,
  integration_status: Integration.shape.status.options,
  integration_outcome: IntegrationEventOutcome.options,
  payout_status: PayoutStatus.options,
  payout_skip: PayoutRun.shape.skipped.element.shape.reason.options,
  import_outcome: ManualImportRow.shape.outcome.options,
  tax_form: TaxFormStatus.options,
  filter_reason: [...FilterReason.options, 'duplicate'],
  signal: RiskSignal.shape.code.options,
};

const CATALOGS = { ms, id, fa, th, hu };

describe('statuses, reasons and fraud signals in every console language', () => {
  it.each(Object.entries(SHARED))('%s: every value in shared/ has its own words in every catalog', (kind, values) => {
    const messages = VALUE_MESSAGES[kind as ValueKind] as Record<string, keyof typeof en>;
    expect(Object.keys(messages).sort()).toEqual([...values].sort());
    for (const value of values) {
      const key = messages[value]!;
      expect(en[key], `${kind}.${value}`).toBeTruthy();
      for (const [lang, catalog] of Object.entries(CATALOGS)) {
        const text = catalog.messages[key];
        expect(text, `${lang} ${key}`).toBeTruthy();
        expect(text, `${lang} ${key} is still English`).not.toBe(en[key]);
      }
    }
  });
});
