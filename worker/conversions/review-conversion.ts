import type { Conversion } from '../../shared/schemas/conversion.ts';
import { conversionStore } from '../storage/conversions.ts';
import { programStore } from '../storage/programs.ts';
import { type Publisher, publish, reviewEvents, reviewedAgainEvents } from './publish-outcomes.ts';

export type ReviewOutcome =
  | { kind: 'reviewed'; conversion: Conversion }
  /** Not held: `repeated` when it was reviewed with this same decision before (a retry answers the same). */
  | { kind: 'not_held'; conversion: Conversion; repeated: boolean }
  | { kind: 'missing' };

/**
 * A held conversion after review: approved (its held rewards start the program's hold period) or
 * rejected (they are voided), in one atomic step; then its events. The same decision again
 * publishes them again (same keys: what a failure after the review lost goes out now).
 */
export async function reviewConversion(
  p: Publisher,
  id: string,
  decision: 'approve' | 'reject',
  note: string | undefined,
  now: number,
): Promise<ReviewOutcome> {
  const store = conversionStore(p.env);
  const found = await store.get(p.tenant, id);
  if (!found) return { kind: 'missing' };
  const program = await programStore(p.env).get(p.tenant, found.view.program_id);
  const result = await store.review(p.tenant, id, {
    decision,
    note: note ?? (decision === 'approve' ? 'approved in review' : 'rejected in review'),
    now,
    holdDays: program?.hold_days ?? 0,
  });
  if (result.kind === 'missing') return result;
  if (result.kind === 'reviewed') {
    await publish(p, reviewEvents(result.conversion, result.moved));
    return { kind: 'reviewed', conversion: result.conversion };
  }
  const repeated = (decision === 'approve' ? 'approved' : 'rejected') === result.conversion.status;
  // Held, so reviewed before: its events again.
  if (repeated && result.conversion.risk.decision === 'hold') await publish(p, reviewedAgainEvents(result.conversion));
  return { kind: 'not_held', conversion: result.conversion, repeated };
}
