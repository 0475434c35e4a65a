import type { WalletEntry } from '../../shared/schemas/extension.ts';

/** A wallet entry as the Worker sends it (shared/schemas/extension.ts), with overridable parts. */
export function walletEntry(
  over: {
    advocate?: Partial<WalletEntry['advocate']>;
    merchant?: Partial<WalletEntry['merchant']>;
    program?: Partial<WalletEntry['program']>;
  } = {},
): WalletEntry {
  return {
    object: 'wallet_entry',
    merchant: { name: 'Acme Outdoor', sites: ['https://shop.acme.test'], ...over.merchant },
    program: {
      id: 'prog_1',
      name: 'Friends of Acme',
      referee_offer: { type: 'percent', value: 15 },
      referrer_reward: { type: 'fixed_amount', value: 1000, currency: 'USD' },
      ...over.program,
    },
    advocate: {
      id: 'adv_1',
      first_name: 'Ana',
      code: 'ANA-7K2Q',
      link: 'https://go.acme.test/r/ANA-7K2Q',
      stats: {
        clicks: 12,
        friends_joined: 3,
        rewards_pending: 2000,
        rewards_earned: 1000,
        unit: 'USD',
        tier: 'Silver',
        next_tier: { label: 'Gold', conversions_needed: 2 },
      },
      ...over.advocate,
    },
    livemode: true,
    fetched_at: '2026-07-01T10:00:00.000Z',
  };
}

export const TOKEN = `vat_${'a'.repeat(40)}`;
export const DEVICE_CODE = `vdc_${'d'.repeat(40)}`;
export const LINK_TOKEN = `vpl_${'l'.repeat(40)}`;

type Route = (
  init: RequestInit & { url: string },
) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;

/**
 * A `fetch` for vi.stubGlobal that answers by "METHOD path" (the Worker end-to-end test covers the
 * real endpoints); records every call. An unrouted call fails the way a network error does.
 */
export function fakeFetch(routes: Record<string, Route>) {
  const calls: { method: string; path: string; headers: Record<string, string>; body: unknown }[] = [];
  const fn = async (input: string | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    const headers = (init.headers ?? {}) as Record<string, string>;
    calls.push({ method, path: url.pathname, headers, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const route = routes[`${method} ${url.pathname}`];
    if (!route) throw new TypeError('Failed to fetch');
    const { status, body } = await route({ ...init, url: url.href });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fn, calls };
}
