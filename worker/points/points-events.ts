import type { PointsEntry, PointsRedemption } from '../../shared/schemas/points.ts';
import type { CreditPublisher as Publisher } from '../credits/credit-events.ts';
import type { PointsOwner, PointsRedemptionRecord } from '../storage/points.ts';
import { publishEvents } from '../webhooks/publish-events.ts';

/** The redemption as the API and events show it: what was given, without the stored bookkeeping. */
export function redemptionView(r: PointsRedemptionRecord, given: PointsRedemption['given']): PointsRedemption {
  const { reward: _reward, entry_id: _entry, ...view } = r;
  return { ...view, given };
}

/**
 * `points.changed` for each entry, keyed by the entry: a retry that finds an entry already written
 * publishes it again, which sends what a failure after the write lost, and never twice. A redeem's
 * event carries the redemption once it was given (so it is published after the giving). A failure to
 * publish is logged, not thrown: the points are already right, and the retry sends the event.
 */
export async function publishPointsChanges(
  p: Publisher,
  o: PointsOwner,
  entries: (PointsEntry | null)[],
  redemption: PointsRedemption | null = null,
) {
  const events = entries.flatMap((entry) =>
    entry
      ? [
          {
            type: 'points.changed' as const,
            key: `points.changed:${entry.id}`,
            data: {
              object: 'points_change' as const,
              external_id: o.externalId,
              program_id: o.programId,
              entry,
              redemption: entry.kind === 'redeem' ? redemption : null,
            },
          },
        ]
      : [],
  );
  if (events.length === 0) return;
  try {
    await publishEvents(p.env, p.ctx, p.tenant, events);
  } catch (err) {
    const ids = events.map((e) => e.data.entry.id).join(',');
    console.error('event publishing failed', ids, err instanceof Error ? err.message.slice(0, 200) : String(err));
  }
}
