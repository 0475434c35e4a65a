import type { ReferrerReward } from '../schemas/program.ts';

/** The program's recurring setting: absent (first sale only), a number of months, or null (for life). */
type Recurring = ReferrerReward['recurring'];

export type RenewalEligibility = { eligible: true } | { eligible: false; note: string };

const DAY_MS = 86_400_000;

/** The UTC calendar day `months` months after `ms`, clamped to the month's last day (Jan 31 + 1 = Feb 28/29). */
function addMonthsDay(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay));
}

const utcDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/**
 * Whether a renewal earns a reward: with `{months: n}`, when its billing period starts on or before
 * the UTC day n calendar months after the subscription's first payment (so on a monthly plan the
 * renewals 1..n do, 13 monthly invoices under 12 months giving 12 renewal rewards); with
 * `{months: null}`, always; without the setting, never (only the first sale is rewarded). Compared
 * by calendar day, so a period that starts a few seconds before or after the anniversary's time of
 * day is judged the same; a month end stays a month end (Jan 31 → Feb 28 → Mar 31 from the start).
 */
export function renewalEligibility(recurring: Recurring, startedAt: number, periodStart: number): RenewalEligibility {
  if (recurring === undefined)
    return { eligible: false, note: 'The program rewards only the first sale (no recurring commissions).' };
  if (recurring.months === null) return { eligible: true };
  const last = addMonthsDay(startedAt, recurring.months);
  if (utcDay(periodStart) <= last) return { eligible: true };
  const until = new Date(last).toISOString().slice(0, 10);
  return {
    eligible: false,
    note:
      `Recurring commissions cover renewals starting within ${recurring.months} months of the first payment ` +
      `(until ${until}); this period starts later.`,
  };
}
