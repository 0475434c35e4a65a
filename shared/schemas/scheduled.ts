import * as z from 'zod';

const count = z.number().int().min(0);

/**
 * What one run of the scheduled work did. A part that failed is null (its error is logged);
 * the other part still ran. `npm start` reads this from its development tick to print a line.
 */
export const ScheduledRunSummary = z.object({
  rewards: z.object({ approved: count, skipped: count }).nullable().describe('Pending rewards whose hold is over.'),
  webhooks: z
    .object({ attempted: count, delivered: count, failed: count })
    .nullable()
    .describe('Due webhook deliveries.'),
  payouts: z
    .object({ programs: count, created: count, sent: count })
    .nullable()
    .describe('Scheduled payout runs (programs gathered, payouts created) and pending payouts sent again.'),
});
export type ScheduledRunSummary = z.infer<typeof ScheduledRunSummary>;

/** The per-run secret `npm start` gives the Worker (DEV_TICK_TOKEN) and sends as a bearer token. */
export const DevTickToken = z
  .string()
  .min(32)
  .max(200)
  .regex(/^[\w-]+$/);
