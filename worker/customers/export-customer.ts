import type { Advocate } from '../../shared/schemas/advocate.ts';
import type { CustomerExport } from '../../shared/schemas/customer.ts';
import { advocateStore } from '../storage/advocates.ts';
import { customerDataStore } from '../storage/customer-data.ts';
import { rewardStore } from '../storage/rewards.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { personKeys } from './person-keys.ts';

type AdvocateExport = CustomerExport['as_advocate'][number];

async function advocateExport(env: StoreEnv, t: Tenant, advocate: Advocate): Promise<AdvocateExport> {
  const data = customerDataStore(env);
  const [held, balance] = await Promise.all([
    data.advocateHoldings(t, advocate.id),
    rewardStore(env).balance(t, advocate.id),
  ]);
  const conversionIds = held.rewards.flatMap((r) =>
    r.recipient === 'advocate' && r.conversion_id !== null ? [r.conversion_id] : [],
  );
  const referred = await data.conversions(t, [...new Set(conversionIds)]);
  return {
    advocate,
    codes: held.codes,
    clicks: {
      counted: held.clicks,
      credited_click_ids: referred.flatMap((c) => (c.click_id === null ? [] : [c.click_id])),
    },
    referrals: held.referrals,
    // The friends' ids stay out: a person's export holds their own data, not the people they referred.
    referred_conversions: referred.map(({ customer_external_id: _friend, rewards: _rewards, ...rest }) => rest),
    rewards: held.rewards,
    balance,
    extension_tokens: held.extensionTokens,
  };
}

/** Everything this tenant holds about one person, as an advocate and as a referred friend (GDPR art. 15, CCPA). */
export async function exportCustomer(env: StoreEnv, t: Tenant, externalId: string): Promise<CustomerExport> {
  const data = customerDataStore(env);
  const found = await data.locate(t, await personKeys(externalId));
  const [advocates, friend, widgetTokens] = await Promise.all([
    advocateStore(env).getMany(t, found.advocateIds),
    data.friendRecords(t, found),
    data.widgetTokens(t, externalId),
  ]);
  return {
    object: 'customer_export',
    livemode: t.mode === 'live',
    external_id: externalId,
    generated_at: new Date().toISOString(),
    as_advocate: await Promise.all(advocates.map((a) => advocateExport(env, t, a))),
    as_friend: friend,
    widget_tokens: widgetTokens,
  };
}
