import { describe, expect, it } from 'vitest';
import { type ReplayTarget, replayProviders } from '../../../scripts/demo/replay-providers.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';

const suite = workerSuite();
const ORIGIN = 'https://shop.example';

/** A merchant like npm start's demo one: a program and two advocates, Alice (her link) and Bob (his code). */
async function demoMerchant() {
  const m = await createTestMerchant(suite.worker, { allowed_origins: [ORIGIN], allowed_hosts: ['shop.example'] });
  const api = apiClient(suite.worker, m.sk);
  const program = (await api.post('/v1/programs', PROGRAM_INPUT)).body;
  const enroll = async (external_id: string) =>
    (await api.post(`/v1/programs/${program.id}/advocates`, { external_id, name: external_id })).body;
  const [alice, bob] = [await enroll('demo-alice'), await enroll('demo-bob')];
  const target: ReplayTarget = {
    apiBase: suite.worker.url.origin,
    secretKey: m.sk,
    publishableKey: m.pk,
    origin: ORIGIN,
    programId: program.id,
    clickLink: alice.link,
    discountCode: bob.code,
  };
  return { target, api, aliceId: alice.advocate.id as string, bobId: bob.advocate.id as string };
}

describe("npm start's provider replay (Stripe and Shopify are unreachable here: their deliveries are built \
from their API references and signed as they sign, to the local Worker)", () => {
  it('connects both, turns on recurring, and every event is applied: a subscription from a real click, \
three rewarded renewals, half of one refunded, a Shopify order paid with a code', async () => {
    const { target, api, aliceId, bobId } = await demoMerchant();
    const lines: string[] = [];
    const events = await replayProviders(target, (line) => lines.push(line));

    expect(events.map((e) => `${e.provider} ${e.type} ${e.outcome}`)).toEqual([
      'stripe checkout.session.completed applied',
      ...Array(4).fill(['stripe invoice.paid applied', 'stripe invoice_payment.paid applied']).flat(),
      'stripe charge.refunded applied',
      'shopify orders/paid applied',
    ]);
    expect(lines.filter((l) => l.includes(' → applied: '))).toHaveLength(11);
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}stripe invoice\.paid \(renewal 2\) → applied: Renewal 2 /),
    );

    const program = (await api.get(`/v1/programs/${target.programId}`)).body;
    expect(program.referrer_reward.recurring).toEqual({ months: 12 });
    const integrations = (await api.get('/v1/integrations')).body.data as { provider: string; recent_events: [] }[];
    expect(integrations.map((i) => [i.provider, i.recent_events.length]).sort()).toEqual([
      ['shopify', 1],
      ['stripe', 10],
    ]);

    const conversions = (await api.get('/v1/conversions?limit=100')).body.data as any[];
    const stripeOrders = conversions
      .filter((c) => c.order_id?.startsWith('in_demo'))
      .sort((a, b) => a.order_id.localeCompare(b.order_id));
    // The checkout and its first invoice are one order: four conversions, the first from Alice's click.
    expect(stripeOrders).toHaveLength(4);
    expect(stripeOrders.map((c) => c.advocate_id)).toEqual([aliceId, aliceId, aliceId, aliceId]);
    expect(stripeOrders[0]).toMatchObject({ recurring: null, attribution: { source: 'click' }, amount: 2400 });
    // A clean story: the checkout comes seconds after the click, from a new visitor; nothing to review.
    expect(stripeOrders.map((c) => [c.status, c.risk.signals])).toEqual(Array(4).fill(['approved', []]));
    expect(stripeOrders.slice(1).map((c) => c.recurring?.renewal)).toEqual([1, 2, 3]);
    expect(stripeOrders.map((c) => c.refunded_amount)).toEqual([0, 0, 1200, 0]);
    for (const renewal of stripeOrders.slice(1)) expect(renewal.rewards.length).toBeGreaterThan(0);

    const shopify = conversions.filter((c) => c.order_id?.startsWith('shopify_order_'));
    expect(shopify).toHaveLength(1);
    expect(shopify[0]).toMatchObject({ advocate_id: bobId, code: target.discountCode, amount: 2800 });
  });

  it('can run again on the same merchant (a restart of npm start): a new story, applied again', async () => {
    const { target } = await demoMerchant();
    await replayProviders(target, () => {});
    const lines: string[] = [];
    const again = await replayProviders(target, (line) => lines.push(line));
    expect(again.every((e) => e.outcome === 'applied')).toBe(true);
    expect(lines.filter((l) => l.includes('held'))).toEqual([]);
  });

  it('fails loudly, naming the event, when the Worker refuses it', async () => {
    const { target } = await demoMerchant();
    const broken = { ...target, discountCode: 'NO-SUCH-CODE' };
    await expect(replayProviders(broken, () => {})).rejects.toThrow(
      /shopify orders\/paid \(order with discount code NO-SUCH-CODE\) was unattributed, not applied/,
    );
  });
});
