import type { CountableEvent, Decision } from '../storage/event-counters.ts';
import type { RawEvent } from '../storage/raw-event.ts';
import type { RawRow } from '../storage/raw-events.ts';

/** What the counters need of an event; widget events and conversions are counted elsewhere (null). */
export function countable(ev: RawEvent): CountableEvent | null {
  if (ev.type === 'click') {
    const c = ev.click;
    return {
      kind: 'click',
      id: ev.id,
      at: ev.at,
      tenant: { merchantId: ev.merchant_id, mode: ev.mode },
      programId: c.program_id,
      advocateId: c.advocate_id,
      code: c.code,
      visitor: c.visitor,
      trigger: c.trigger,
    };
  }
  if (ev.type !== 'filtered') return null;
  return {
    kind: 'filtered',
    id: ev.id,
    at: ev.at,
    tenant: ev.merchant_id === null ? null : { merchantId: ev.merchant_id, mode: ev.mode },
    programId: ev.program_id,
    advocateId: ev.advocate_id,
    code: ev.code,
    reason: ev.reason,
  };
}

/**
 * The row kept in R2: the event as sent; a click also says whether it was counted (`counted`, and
 * `reason: 'duplicate'` when not), as the Redis click log's rows did, so the export reads the same fields.
 */
export function rowOf(ev: RawEvent, decisions: Map<string, Decision>): RawRow {
  const tenant = ev.merchant_id === null ? null : { merchantId: ev.merchant_id, mode: ev.mode };
  let row: object = ev;
  if (ev.type === 'click') {
    const counted = decisions.get(ev.id) !== 'duplicate';
    row = { ...ev, counted, ...(counted ? {} : { reason: 'duplicate' }) };
  }
  return { type: ev.type, tenant, at: ev.at, id: ev.id, row };
}
