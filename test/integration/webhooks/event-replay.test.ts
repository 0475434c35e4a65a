import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Balance, Reward } from '../../../shared/schemas/reward.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../../shared/schemas/webhook.ts';
import { MIRROR_EVENT_TYPES, webhookEventSchema } from '../../../shared/schemas/webhook-events.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { eventually, type Receiver, startReceiver } from './receiver.ts';

// A database of its own: the scheduled run this lifecycle needs approves every due reward (and
// sends every due delivery) it can see, which must not reach into other suites' data.
const suite = workerSuite({ db: 8 });
let receiver: Receiver;
let api: ReturnType<typeof apiClient>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

beforeAll(async () => {
  receiver = await startReceiver();
  api = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
});
afterAll(() => receiver?.close());

type Ledger = { rewards: Map<string, Reward>; balances: Map<string, Balance> };

interface Delivered {
  id: string;
  type: WebhookEventType;
  data: Record<string, any>;
  previous_attributes?: Record<string, unknown>;
}

/** Every distinct event delivered to `path` (a retry of one event id counts once), each checked against its schema. */
function delivered(path: string): Delivered[] {
  const byId = new Map<string, Delivered>();
  for (const req of receiver.received(path)) {
    const event = JSON.parse(req.body) as Delivered;
    const parsed = webhookEventSchema(event.type).safeParse(event);
    if (!parsed.success) throw new Error(`${event.type} does not match its schema: ${parsed.error.message}`);
    byId.set(event.id, event);
  }
  return [...byId.values()];
}

/**
 * The receiver's side, written only from the documented replay rule: keep each reward's latest
 * view (every change appends one history entry, so the longer history is the newer view, in
 * whatever order deliveries arrive); a balance line is the sum of an advocate's own rewards by
 * state, one line per unit the advocate has rewards in (voided ones count in no state).
 */
function replay(events: Delivered[]): Ledger {
  const rewards = new Map<string, Reward>();
  for (const e of events) {
    if (!(MIRROR_EVENT_TYPES as readonly string[]).includes(e.type)) continue;
    const reward = e.data as Reward;
    const known = rewards.get(reward.id);
    if (!known || reward.history.length > known.history.length) rewards.set(reward.id, reward);
  }
  const balances = new Map<string, Balance>();
  for (const r of rewards.values()) {
    if (r.recipient !== 'advocate') continue;
    const empty: Balance = { object: 'balance', advocate_id: r.advocate_id, lines: [] };
    const balance = balances.get(r.advocate_id) ?? empty;
    balances.set(r.advocate_id, balance);
    const unit = r.currency ?? 'points';
    let line = balance.lines.find((l) => l.unit === unit);
    if (!line) {
      line = { unit, pending: 0, held: 0, approved: 0, paid: 0 };
      balance.lines.push(line);
    }
    if (r.status !== 'voided') line[r.status] += r.amount;
  }
  for (const b of balances.values()) b.lines.sort((a, b) => a.unit.localeCompare(b.unit));
  return { rewards, balances };
}

/** What the API says now: every reward of the merchant, and the balance of each advocate. */
async function apiState(advocateIds: string[]): Promise<Ledger> {
  const rewards = new Map<string, Reward>();
  let after: string | null = null;
  do {
    const query = `limit=100${after ? `&starting_after=${after}` : ''}`;
    const page: { body: { data: Reward[]; next_cursor: string | null } } = await api.get(`/v1/rewards?${query}`);
    for (const r of page.body.data) rewards.set(r.id, r);
    after = page.body.next_cursor;
  } while (after);
  const balances = new Map<string, Balance>();
  for (const id of advocateIds) balances.set(id, (await api.get(`/v1/advocates/${id}/balance`)).body);
  return { rewards, balances };
}

const sorted = (m: Map<string, unknown>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));

async function advocateIn(program: Record<string, unknown>) {
  const input = { ...PROGRAM_INPUT, limits: { one_redemption_per_customer: false }, ...program };
  const p = (await api.post('/v1/programs', input)).body;
  expect(p.id, JSON.stringify(p)).toMatch(/^prog_/);
  const advocate = { external_id: `adv-${uid()}`, email: `adv-${uid()}@example.com` };
  const e = (await api.post(`/v1/programs/${p.id}/advocates`, advocate)).body;
  return { code: e.code as string, advocateId: e.advocate.id as string };
}

async function sale(code: string, amount: number, customer: Record<string, unknown> = {}) {
  const res = await api.post('/v1/conversions', {
    type: 'sale',
    order_id: `ord-${uid()}`,
    customer: { external_id: `cust-${uid()}`, ...customer },
    amount,
    currency: 'USD',
    code,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; status: string; rewards: Reward[] };
}

async function ok(path: string, body: unknown = {}) {
  const res = await api.post(path, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

const advocateRewardOf = (c: { rewards: Reward[] }) => c.rewards.find((r) => r.recipient === 'advocate')!;

/**
 * A scripted lifecycle through the public API: instant approval (hold_days 0) with a tier, a reward
 * paid then refunded in two steps, a void; a hold period with a partial refund, a manual approval
 * and the scheduled run's approvals; fraud review both ways; a redemption reversed in part, then
 * in full; a points reward; a customer's erasure. Returns what the assertions look at.
 */
async function lifecycle() {
  const gold = { from_conversions: 2, label: 'Gold', reward: { type: 'fixed_amount', value: 1500, currency: 'USD' } };
  const instant = await advocateIn({ hold_days: 0, reward_tiers: [gold] });
  const first = await sale(instant.code, 10_000);
  await ok(`/v1/rewards/${advocateRewardOf(first).id}/mark_paid`);
  await ok(`/v1/conversions/${first.id}/refund`, { amount: 2500 });
  await ok(`/v1/conversions/${first.id}/refund`);
  const second = await sale(instant.code, 6000);
  await ok(`/v1/rewards/${advocateRewardOf(second).id}/void`);

  const tenPercent = { type: 'percent_of_order', value: 10, currency: 'USD' };
  const held = await advocateIn({ hold_days: 1, referrer_reward: tenPercent });
  const pending = await sale(held.code, 12_000);
  await ok(`/v1/conversions/${pending.id}/refund`, { amount: 3000 });
  const approvedByHand = await sale(held.code, 8000);
  await ok(`/v1/rewards/${advocateRewardOf(approvedByHand).id}/approve`);
  await suite.worker.scheduled(Date.now() + 86_400_000 + 60_000);
  await eventually(
    () => api.get(`/v1/rewards/${advocateRewardOf(pending).id}`),
    (r) => r.body.status === 'approved',
  );

  // charity.statement: a donation approved now is in this month's statement, which the scheduled run
  // sends on the next 1st (run here, before any reward of this lifecycle waits in a hold period).
  const donation = { type: 'charity_donation', value: 400, currency: 'USD', charity_name: 'Ocean Cleanup' };
  const charity = await advocateIn({ hold_days: 0, referrer_reward: donation });
  await sale(charity.code, 3000);
  const today = new Date();
  await suite.worker.scheduled(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1) + 30_000);

  const suspicious = await sale(held.code, 5000, { email: `buyer-${uid()}@mailinator.com` });
  const rejected = await sale(held.code, 5000, { email: `buyer-${uid()}@mailinator.com` });
  await ok(`/v1/conversions/${suspicious.id}/review`, { decision: 'approve' });
  await ok(`/v1/conversions/${rejected.id}/review`, { decision: 'reject' });
  // Cleared in review with hold_days 0: held straight to approved.
  const clearedAtOnce = await sale(instant.code, 4000, { email: `buyer-${uid()}@mailinator.com` });
  await ok(`/v1/conversions/${clearedAtOnce.id}/review`, { decision: 'approve' });

  const order = { amount: 10_000, currency: 'USD' };
  const customer = { external_id: `cust-${uid()}` };
  const redeemed = await ok('/v1/redemptions', { code: held.code, order_id: `ord-${uid()}`, customer, order });
  await ok(`/v1/redemptions/${redeemed.id}/reverse`, { amount: 4000 });
  await ok(`/v1/redemptions/${redeemed.id}/reverse`);

  const points = await advocateIn({ hold_days: 0, referrer_reward: { type: 'points', value: 50 } });
  await sale(points.code, 3000);

  // credit.changed: a store_credit reward approved at once credits the advocate, who spends some of it.
  const credit = await advocateIn({
    hold_days: 0,
    referrer_reward: { type: 'store_credit', value: 800, currency: 'USD' },
  });
  await sale(credit.code, 3000);
  const creditOwner = (await api.get(`/v1/advocates/${credit.advocateId}`)).body.external_id as string;
  await ok(`/v1/credits/${creditOwner}/spend`, { order_id: `ord-${uid()}`, amount: 300, currency: 'USD' });

  // payout.created, .failed, .paid: a cash reward gathered into a manual payout that fails, is
  // retried into a new payout, then marked paid (the reward follows: reward.paid).
  const payee = await advocateIn({ hold_days: 0 });
  await sale(payee.code, 5000);
  const details = { method: 'manual', paypal_email: `payee-${uid()}@example.com` };
  expect((await api.call('PUT', `/v1/advocates/${payee.advocateId}/payout_details`, details)).status).toBe(200);
  const gathered = await ok('/v1/payouts', { advocate_id: payee.advocateId });
  await ok(`/v1/payouts/${gathered.created[0].id}/fail`, { reason: 'the bank returned it' });
  const retried = await ok(`/v1/payouts/${gathered.created[0].id}/retry`);
  await ok(`/v1/payouts/${retried.created[0].id}/mark_paid`);

  // customer.erased: a friend who converted through the points program asks to be erased. Their
  // conversion keeps its reward (money records stay, without the person), so the ledger is unchanged.
  const friend = `cust-${uid()}`;
  await sale(points.code, 2000, { external_id: friend });
  const erased = await api.call('DELETE', `/v1/customers/${friend}`);
  expect(erased.status, JSON.stringify(erased.body)).toBe(200);
  const statuses = [first, pending, suspicious, rejected, clearedAtOnce].map((c) => c.status);
  const reviewed = { released: advocateRewardOf(suspicious).id, approved: advocateRewardOf(clearedAtOnce).id };
  const others = [charity.advocateId, payee.advocateId];
  return {
    instant,
    held,
    points,
    credit,
    others,
    first,
    pending,
    reviewed,
    redemptionId: redeemed.id as string,
    statuses,
  };
}

let run: Awaited<ReturnType<typeof lifecycle>>;
let state: Ledger;
let events: Delivered[];

beforeAll(async () => {
  const hook = receiver.path();
  const endpoint = await api.post('/v1/webhook_endpoints', { url: hook.url, events: [...WEBHOOK_EVENT_TYPES] });
  expect(endpoint.status).toBe(201);
  run = await lifecycle();
  // Everything is written: what the API says now is final; deliveries follow their responses.
  const ids = [run.instant, run.held, run.points, run.credit].map((a) => a.advocateId);
  state = await apiState([...ids, ...run.others]);
  const flat = (m: Ledger) => JSON.stringify([sorted(m.rewards), sorted(m.balances)]);
  // Wait for the mirror to catch up and the deliveries to stop (first attempts go out after each
  // response): no new one for 300 ms. If that never happens, the tests below show the difference.
  const deadline = Date.now() + 15_000;
  for (let seen = -1; Date.now() < deadline; await new Promise((r) => setTimeout(r, 300))) {
    const got = delivered(hook.path);
    if (got.length === seen && flat(replay(got)) === flat(state)) break;
    seen = got.length;
  }
  events = delivered(hook.path);
});

const about = (id: string) =>
  events
    .filter((e) => e.data.id === id)
    .map((e) => `${e.type}:${e.data.status}`)
    .sort();

describe('the event stream mirrors the ledger', () => {
  it('took the rewards through every state the lifecycle meant', () => {
    expect(run.statuses).toEqual(['approved', 'approved', 'held', 'held', 'held']);
    expect(advocateRewardOf(run.first).status).toBe('approved');
    expect(advocateRewardOf(run.pending).status).toBe('pending');
    expect(state.rewards.size).toBeGreaterThanOrEqual(20);
    // Paid 1000, all of it taken back by two adjustments, netted against 1500 (Gold) approved in review.
    const owed = { unit: 'USD', pending: 0, held: 0, approved: 500, paid: 1000 };
    expect(state.balances.get(run.instant.advocateId)!.lines).toEqual([owed]);
    expect(state.balances.get(run.points.advocateId)!.lines.map((l) => l.unit)).toEqual(['points']);
  });

  it('replaying the delivered events gives exactly what GET /v1/rewards and GET /v1/advocates/{id}/balance say', () => {
    const mirror = replay(events);
    expect(sorted(mirror.rewards)).toEqual(sorted(state.rewards));
    expect(sorted(mirror.balances)).toEqual(sorted(state.balances));
  });

  it('emitted every event type, each matching its payload schema', () => {
    // `delivered` parsed each one with webhookEventSchema(type).
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(WEBHOOK_EVENT_TYPES));
    const credits = events.filter((e) => e.type === 'credit.changed').map((e) => e.data.entry);
    expect(credits.map((c) => [c.kind, c.amount, c.balance_after]).sort()).toEqual([
      ['grant', 800, 800],
      ['spend', -300, 500],
    ]);
  });

  it('says a reward born approved or paid is in that state, and sends reward.approved / reward.paid too', () => {
    const refunded = ['reward.adjusted:paid', 'reward.adjusted:paid'];
    const instant = [...refunded, 'reward.approved:approved', 'reward.created:approved', 'reward.paid:paid'];
    expect(about(advocateRewardOf(run.first).id)).toEqual(instant);
    const friends = [...state.rewards.values()].filter((r) => r.recipient === 'friend' && r.kind === 'reward');
    const friendOfRedemption = friends.find((r) => r.status === 'paid')!;
    expect(friendOfRedemption.code).toBe(run.held.code);
    expect(about(friendOfRedemption.id)).toEqual([...refunded, 'reward.created:paid', 'reward.paid:paid']);
  });

  it('sends reward.adjusted with the amounts before, and conversion.refunded / redemption.reversed per refund', () => {
    const shrunk = events.find((e) => e.type === 'reward.adjusted' && e.data.id === advocateRewardOf(run.pending).id)!;
    expect(shrunk.previous_attributes).toEqual({ status: 'pending', amount: 1200, reversed_amount: 0 });
    expect(shrunk.data).toMatchObject({ status: 'pending', amount: 900, reversed_amount: 300 });
    const refunds = events.filter((e) => e.type === 'conversion.refunded' && e.data.id === run.first.id);
    const steps = refunds.map((e) => [e.previous_attributes!.refunded_amount, e.data.refunded_amount]);
    expect(steps.sort()).toEqual([
      [0, 2500],
      [2500, 10_000],
    ]);
    const reversals = events.filter((e) => e.type === 'redemption.reversed').map((e) => e.data.reversed_amount);
    expect(reversals.sort((a, b) => a - b)).toEqual([4000, 10_000]);
  });

  it('sends the review of held rewards: reward.released into the hold period, reward.approved with hold_days 0', () => {
    expect(about(run.reviewed.released)).toEqual(['reward.created:held', 'reward.released:pending']);
    expect(about(run.reviewed.approved)).toEqual(['reward.approved:approved', 'reward.created:held']);
    const released = events.find((e) => e.type === 'reward.released')!;
    expect(released.previous_attributes).toMatchObject({ status: 'held' });
  });

  it('carries in data what GET answers for the object after that change', async () => {
    // Nothing changed these two after their last event: the event's view must be the API's, field for field.
    const refunds = events.filter((e) => e.type === 'conversion.refunded' && e.data.id === run.first.id);
    const refunded = refunds.find((e) => e.data.refunded_amount === 10_000)!;
    expect(refunded.data).toEqual((await api.get(`/v1/conversions/${run.first.id}`)).body);
    const reversed = events.find((e) => e.type === 'redemption.reversed' && e.data.reversed_amount === 10_000)!;
    expect(reversed.data).toEqual((await api.get(`/v1/redemptions/${run.redemptionId}`)).body);
  });
});
