import type { Conversion, UnattributedReason } from '../../shared/schemas/conversion.ts';
import { sendEvents } from '../events/send-events.ts';
import { newId } from '../lib/ids.ts';
import type { ConversionEvent } from '../storage/raw-event.ts';
import type { ConversionInput } from './attribute.ts';
import type { Publisher } from './publish-outcomes.ts';

/** What was reported: a conversion recorded (now or by an earlier attempt), or a report nobody was credited for. */
export type Reported =
  | { conversion: Conversion }
  | { input: Pick<ConversionInput, 'type' | 'click_id' | 'code' | 'amount' | 'currency'>; reason: UnattributedReason };

function rawEvent(p: Publisher, r: Reported, now: number): ConversionEvent {
  const base = { v: 1, merchant_id: p.tenant.merchantId, mode: p.tenant.mode, type: 'conversion' } as const;
  if ('conversion' in r) {
    const c = r.conversion;
    // The conversion's id: a retried report sends the same row again, and readers keep it once.
    return {
      ...base,
      id: c.id,
      at: Date.parse(c.created_at),
      conversion_type: c.type,
      status: c.status,
      program_id: c.program_id,
      advocate_id: c.advocate_id,
      click_id: c.click_id,
      code: c.code,
      amount: c.amount,
      currency: c.currency,
      unattributed_reason: null,
    };
  }
  const { input } = r;
  return {
    ...base,
    // Nothing was stored to name it: each report is its own row.
    id: newId('event', now),
    at: now,
    conversion_type: input.type,
    status: 'unattributed',
    program_id: null,
    advocate_id: null,
    click_id: input.click_id ?? null,
    code: input.code ?? null,
    amount: input.amount ?? null,
    currency: input.currency ?? null,
    unattributed_reason: r.reason,
  };
}

/** The conversion's raw row (R2, through the queue), sent after the response: never delays or fails it. */
export function sendConversionEvent(p: Publisher, reported: Reported, now: number): void {
  sendEvents(p.env, p.ctx, [rawEvent(p, reported, now)]);
}
