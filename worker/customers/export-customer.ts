import type { Advocate } from '../../shared/schemas/advocate.ts';
import type { CustomerExport } from '../../shared/schemas/customer.ts';
import { detailsView } from '../payees/payout-details.ts';
import { advocateStore } from '../storage/advocates.ts';
import { creditStore } from '../storage/credits.ts';
import { customerDataStore } from '../storage/customer-data.ts';
import { exportStore } from '../storage/exports.ts';
import { payoutDetailsStore } from '../storage/payout-details.ts';
import { pointsStore } from '../storage/points.ts';
import { rewardStore } from '../storage/rewards.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { personKeys } from './person-keys.ts';

type AdvocateExport = CustomerExport['as_advocate'][number];

/** The conversions credited to the advocate: those minted since they enrolled, one page of 500 per round trip. */
async function referredConversions(env: StoreEnv, t: Tenant, advocate: Advocate, now: number) {
  const out: AdvocateExport['referred_conversions'] = [];
  const period = { startMs: Date.parse(advocate.created_at), endMs: now + 1 };
  for await (const page of exportStore(env).conversions(t, period)) {
    for (const c of page) {
      // The friends' ids stay out: a person's export holds their own data, not the people they referred.
      const { customer_external_id: _friend, customer_digest: _digest, reward_ids: _rewards, ...rest } = c;
      if (c.advocate_id === advocate.id) out.push(rest);
    }
  }
  return out;
}

async function advocateExport(env: StoreEnv, t: Tenant, advocate: Advocate, now: number): Promise<AdvocateExport> {
  const [held, balance, referred, payoutDetails] = await Promise.all([
    customerDataStore(env).advocateHoldings(t, advocate.id),
    rewardStore(env).balance(t, advocate.id),
    referredConversions(env, t, advocate, now),
    payoutDetailsStore(env).get(t, advocate.id),
  ]);
  return {
    advocate,
    codes: held.codes,
    clicks: {
      counted: held.clicks,
      credited_click_ids: referred.flatMap((c) => (c.click_id === null ? [] : [c.click_id])),
    },
    referrals: held.referrals,
    referred_conversions: referred,
    rewards: held.rewards,
    balance,
    extension_tokens: held.extensionTokens,
    payout_details: payoutDetails ? detailsView(advocate.id, payoutDetails) : null,
  };
}

/** Their store credit: balances and the whole ledger, newest first, a page of 500 per round trip. */
async function storeCredit(env: StoreEnv, t: Tenant, externalId: string): Promise<CustomerExport['store_credit']> {
  const credits = creditStore(env);
  const ledger: CustomerExport['store_credit']['ledger'] = [];
  for (let before: string | undefined, more = true; more; ) {
    const page = await credits.ledger(t, externalId, 500, before);
    ledger.push(...page.entries);
    before = page.entries.at(-1)?.id;
    more = page.hasMore && before !== undefined;
  }
  return { balances: await credits.balances(t, externalId), ledger };
}

/** Their points in each program: the balance and the whole ledger, newest first, a page of 500 per round trip. */
async function pointsHeld(env: StoreEnv, t: Tenant, externalId: string): Promise<CustomerExport['points']> {
  const store = pointsStore(env);
  const programs = await store.programsOf(t, externalId);
  return Promise.all(
    programs.map(async (programId) => {
      const owner = { tenant: t, programId, externalId };
      const ledger: CustomerExport['points'][number]['ledger'] = [];
      for (let before: string | undefined, more = true; more; ) {
        const page = await store.ledger(owner, 500, before);
        ledger.push(...page.entries);
        before = page.entries.at(-1)?.id;
        more = page.hasMore && before !== undefined;
      }
      return { program_id: programId, balance: (await store.balance(owner)).balance, ledger };
    }),
  );
}

/** Everything this tenant holds about one person, as an advocate and as a referred friend (GDPR art. 15, CCPA). */
export async function exportCustomer(env: StoreEnv, t: Tenant, externalId: string): Promise<CustomerExport> {
  const now = Date.now();
  const data = customerDataStore(env);
  const found = await data.locate(t, await personKeys(externalId));
  const [advocates, friend, scanned, credit, points] = await Promise.all([
    advocateStore(env).getMany(t, found.advocateIds),
    data.friendRecords(t, found),
    data.scannedRecords(t, externalId),
    storeCredit(env, t, externalId),
    pointsHeld(env, t, externalId),
  ]);
  return {
    object: 'customer_export',
    livemode: t.mode === 'live',
    external_id: externalId,
    generated_at: new Date(now).toISOString(),
    as_advocate: await Promise.all(advocates.map((a) => advocateExport(env, t, a, now))),
    as_friend: {
      ...friend,
      subscriptions: scanned.subscriptions,
      trials: scanned.trials.map(
        ({ provider, subscription_id, email, click_id, code, promotion_code_id, started_at }) => ({
          provider,
          subscription_id,
          email,
          click_id,
          code,
          promotion_code_id,
          started_at,
        }),
      ),
    },
    store_credit: credit,
    points,
    widget_tokens: scanned.widgetTokens,
  };
}
