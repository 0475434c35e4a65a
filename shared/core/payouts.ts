import type { Payout, PayoutProvider, PayoutRun, PayoutSettings, PayoutStatus } from '../schemas/payout.ts';
import type { Reward } from '../schemas/reward.ts';

/** Reward types paid in money (the rest Vouch fulfils itself: store credit, points, charity, reward codes). */
const CASH_TYPES: ReadonlySet<string> = new Set(['fixed_amount', 'percent_of_order', 'gift_card']);

const DAY_MS = 86_400_000;

/** An advocate's cash reward or adjustment (an adjustment carries the type of the paid reward it reduces). */
export function isCashReward(r: Reward): boolean {
  return r.recipient === 'advocate' && r.currency !== null && CASH_TYPES.has(r.type);
}

/** In the pool a payout run gathers from: approved cash, in no payout yet. */
export function isGatherable(r: Reward): boolean {
  return r.status === 'approved' && !r.payout_id && isCashReward(r);
}

/** When the reward became approved (its last `approved` history entry; its creation otherwise). */
export function approvedAt(r: Reward): number {
  // A loop, not findLast: the widget's and console's TypeScript libraries predate ES2023.
  for (let i = r.history.length - 1; i >= 0; i--) {
    const entry = r.history[i];
    if (entry?.status === 'approved') return Date.parse(entry.at);
  }
  return Date.parse(r.created_at);
}

/**
 * When the reward may be paid out: `holdDays` after its approval. An adjustment is never held: it
 * only lowers what is paid, so holding it would pay out more than is owed.
 */
export function eligibleAt(r: Reward, holdDays: number): number {
  return r.kind === 'adjustment' ? approvedAt(r) : approvedAt(r) + holdDays * DAY_MS;
}

/** One advocate's gatherable rewards of one program and currency, paid by one kind of provider. */
export interface PayoutGroup {
  advocateId: string;
  programId: string;
  currency: string;
  /** Gift cards go to Tremendous, other cash to the advocate's payout method. */
  giftCard: boolean;
  /** Past the hold: what a payout now pays. */
  due: Reward[];
  /** Their net sum (adjustments are negative). */
  amount: number;
  /** Still on hold: how many, and their sum. */
  held: number;
  heldAmount: number;
  /** When the last held reward is past the hold (null when none is held). */
  eligibleAt: number | null;
}

const groupKey = (r: Reward) =>
  `${r.advocate_id}\u0000${r.program_id}\u0000${r.currency}\u0000${r.type === 'gift_card' ? 'g' : 'c'}`;

/** Gatherable rewards grouped per advocate, program, currency and provider kind; rewards on hold set apart. */
export function groupRewards(rewards: Reward[], holdDaysOf: (programId: string) => number, now: number) {
  const groups = new Map<string, PayoutGroup>();
  for (const r of rewards) {
    if (!isGatherable(r)) continue;
    const key = groupKey(r);
    let g = groups.get(key);
    if (!g) {
      const base = { advocateId: r.advocate_id, programId: r.program_id, currency: r.currency! };
      g = { ...base, giftCard: r.type === 'gift_card', due: [], amount: 0, held: 0, heldAmount: 0, eligibleAt: null };
      groups.set(key, g);
    }
    const at = eligibleAt(r, holdDaysOf(r.program_id));
    if (at > now) {
      g.held++;
      g.heldAmount += r.amount;
      g.eligibleAt = Math.max(g.eligibleAt ?? 0, at);
    } else {
      g.due.push(r);
      g.amount += r.amount;
    }
  }
  return [...groups.values()].sort((a, b) => (a.advocateId + a.currency < b.advocateId + b.currency ? -1 : 1));
}

/** What the rules need of the payee: their payout method (null: no details given) and email (for gift cards). */
export interface PayeeFacts {
  method: PayoutProvider | null;
  email: string | null;
}

/**
 * The provider of a group, or null without the details it needs: gift cards by Tremendous (to the
 * advocate's email), cash by the payee's PayPal or Stripe account, by hand for any other method.
 */
export function providerFor(giftCard: boolean, payee: PayeeFacts | null): PayoutProvider | null {
  if (giftCard) return payee?.email ? 'tremendous' : null;
  if (!payee?.method) return null;
  return payee.method === 'paypal' || payee.method === 'stripe_connect' ? payee.method : 'manual';
}

export type SkipReason = PayoutRun['skipped'][number]['reason'];

export type GroupDecision = { kind: 'pay'; provider: PayoutProvider } | { kind: 'skip'; reason: SkipReason };

/** Whether a group is paid now, and by whom, or why not. */
export function decideGroup(
  g: PayoutGroup,
  settings: Pick<PayoutSettings, 'minimum_amount'>,
  payee: PayeeFacts | null,
  ignoreMinimum: boolean,
): GroupDecision {
  if (g.due.length === 0) return { kind: 'skip', reason: 'on_hold' };
  if (g.amount <= 0) return { kind: 'skip', reason: 'not_positive' };
  // Missing details first: it is what the merchant (or advocate) can act on.
  const provider = providerFor(g.giftCard, payee);
  if (!provider) return { kind: 'skip', reason: 'no_payout_details' };
  if (!ignoreMinimum && g.amount < settings.minimum_amount) return { kind: 'skip', reason: 'below_minimum' };
  return { kind: 'pay', provider };
}

/**
 * The period a scheduled program's run belongs to, named by its start (UTC): weekly from Monday
 * 00:00, monthly from the 1st. Null for `manual`.
 */
export function schedulePeriod(schedule: PayoutSettings['schedule'], now: number): string | null {
  const d = new Date(now);
  if (schedule === 'monthly') return `${d.toISOString().slice(0, 7)}-01`;
  if (schedule === 'weekly') {
    const sinceMonday = (d.getUTCDay() + 6) % 7;
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - sinceMonday))
      .toISOString()
      .slice(0, 10);
  }
  return null;
}

/** A payout's move: pending -> processing -> paid | failed (pending may also go straight to paid or failed). */
export type PayoutMove =
  | { to: 'processing'; reference: string }
  | { to: 'paid'; reference?: string | null; note: string }
  | { to: 'failed'; reason: string; reference?: string | null };

const FROM: Record<PayoutMove['to'], PayoutStatus[]> = {
  processing: ['pending'],
  paid: ['pending', 'processing'],
  failed: ['pending', 'processing'],
};

/** The payout after `move`, or `unchanged` (already there: a retry), or `not_allowed`. */
export function applyPayoutMove(p: Payout, move: PayoutMove, now: number): Payout | 'unchanged' | 'not_allowed' {
  if (p.status === move.to) return 'unchanged';
  if (!FROM[move.to].includes(p.status)) return 'not_allowed';
  const at = new Date(now).toISOString();
  const reference = ('reference' in move ? move.reference : null) ?? p.provider_reference;
  const note =
    move.to === 'failed' ? move.reason : move.to === 'paid' ? move.note : `accepted by ${p.provider} (${reference})`;
  return {
    ...p,
    status: move.to,
    provider_reference: reference,
    failure_reason: move.to === 'failed' ? move.reason : p.failure_reason,
    paid_at: move.to === 'paid' ? at : p.paid_at,
    history: [...p.history, { status: move.to, at, note }],
    updated_at: at,
  };
}

/** The wait before sending a pending payout again after the provider's `retry`: 1, 2, 4 … minutes, at most a day. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(attempts - 1, 0), DAY_MS);
}

/** A new, pending payout of a group's due rewards (its id minted by the caller: time-sortable, `po_…`). */
export function newPayout(
  id: string,
  g: PayoutGroup,
  provider: PayoutProvider,
  livemode: boolean,
  now: number,
): Payout {
  const at = new Date(now).toISOString();
  const note = `gathered ${g.due.length} reward${g.due.length === 1 ? '' : 's'} for ${provider}`;
  return {
    id,
    object: 'payout',
    livemode,
    advocate_id: g.advocateId,
    program_id: g.programId,
    provider,
    status: 'pending',
    amount: g.amount,
    currency: g.currency,
    reward_ids: g.due.map((r) => r.id),
    provider_reference: null,
    failure_reason: null,
    history: [{ status: 'pending', at, note }],
    created_at: at,
    updated_at: at,
    paid_at: null,
  };
}

/** How often the provider answered `retry` for this payout: its history's `pending` entries after the first. */
export function sendAttempts(p: Payout): number {
  return p.history.filter((h) => h.status === 'pending').length;
}
