import type { AdvocateWallet } from '../../shared/api/routes-advocate-wallet.ts';
import type { Identity } from '../../shared/schemas/widget.ts';

/**
 * What the main bundle hands the wallet chunk (plain, unmangled names: the two are built apart).
 * `t` is the page's translator, already holding its catalog.
 */
export interface WalletContext {
  base: string;
  key: string;
  identity: Identity;
  program: string;
  locale: string;
  t: (key: string, vars?: Record<string, string | number>) => string;
}

/** A POST to the Worker's public API with the publishable key, as the main bundle's calls. */
async function post<T>(ctx: WalletContext, path: string, body: object = {}): Promise<T> {
  const res = await fetch(`${ctx.base}${path}?key=${encodeURIComponent(ctx.key)}`, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: ctx.identity, program_id: ctx.program, ...body }),
  });
  const json = (await res.json().catch(() => ({}))) as T & { error?: { message?: string } };
  if (!res.ok) throw new Error(`${path}: ${res.status} ${json.error?.message ?? ''}`);
  return json;
}

export const loadWallet = (ctx: WalletContext) => post<AdvocateWallet>(ctx, '/v1/public/wallet');

export const redeemPoints = (ctx: WalletContext, itemId: string) =>
  post<{ item_name: string; given: { type: string; code?: string } }>(ctx, '/v1/public/points/redeem', {
    item_id: itemId,
    // One id per click: a retried request answers the same redemption.
    redemption_id: crypto.randomUUID(),
  });

export const savePaypal = (ctx: WalletContext, email: string) =>
  post<unknown>(ctx, '/v1/public/payout_details', { method: 'paypal', paypal_email: email });

/** Stripe's hosted onboarding page, coming back to this page. */
export const stripeOnboarding = (ctx: WalletContext) =>
  post<{ url: string }>(ctx, '/v1/public/payout_details/stripe_onboarding', { return_url: location.href });
