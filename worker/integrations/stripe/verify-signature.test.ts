import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { verifyStripeSignature } from './verify-signature.ts';

// The verifier against Stripe's own: every header the official package signs or refuses, this one
// signs or refuses the same way (`constructEvent`, tolerance 300 s).
const stripe = new Stripe('sk_test_unit');
const SECRET = 'whsec_unitUnitUnitUnitUnit0123456789';
const OTHER = 'whsec_otherOtherOtherOther987654321';
const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'invoice.paid', note: 'café ☕' });
const now = 1_796_600_000;
const sign = (secret: string, timestamp = now, body = payload) =>
  stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
const v1 = (header: string) => header.split(',').find((p) => p.startsWith('v1='))!;

function official(header: string, body = payload): boolean {
  const realNow = Date.now;
  Date.now = () => now * 1000;
  try {
    stripe.webhooks.constructEvent(body, header, SECRET, 300);
    return true;
  } catch {
    return false;
  } finally {
    Date.now = realNow;
  }
}

const cases: [string, string, string?][] = [
  ['signed now', sign(SECRET)],
  ['signed 299 s ago', sign(SECRET, now - 299)],
  ['signed 301 s ago', sign(SECRET, now - 301)],
  ['another secret', sign(OTHER)],
  ['old and new secret (rotation)', `t=${now},${v1(sign(OTHER))},${v1(sign(SECRET))}`],
  ['a v0 signature only', `t=${now},v0=${v1(sign(SECRET)).slice(3)}`],
  ['no timestamp', v1(sign(SECRET))],
  ['an altered body', sign(SECRET), payload.replace('invoice', 'invoicE')],
  ['upper-case hex', sign(SECRET).toUpperCase().replace('T=', 't=').replace('V1=', 'v1=')],
  ['empty', ''],
];

describe('verifyStripeSignature', () => {
  it.each(cases)('agrees with the stripe package: %s', async (_name, header, body = payload) => {
    const ours = await verifyStripeSignature(header || undefined, body, SECRET, now * 1000);
    expect(ours).toBe(official(header, body));
  });

  it('refuses a timestamp more than 5 minutes ahead (a clock or replay problem either way)', async () => {
    expect(await verifyStripeSignature(sign(SECRET, now + 299), payload, SECRET, now * 1000)).toBe(true);
    expect(await verifyStripeSignature(sign(SECRET, now + 301), payload, SECRET, now * 1000)).toBe(false);
  });
});
