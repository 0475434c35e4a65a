import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createClient, VouchError } from '../shared/api/client.ts';

/**
 * Seeds the demo merchant through the public API (never around it): the operator bootstrap,
 * one program, two advocates, a fresh widget secret for the store's server. Re-running reuses
 * what still exists (kept in .cache/demo.json, which holds local test keys only).
 */
export interface DemoData {
  merchantId: string;
  secretKey: string;
  publishableKey: string;
  programId: string;
  advocates: { name: string; code: string; link: string }[];
  /** `wsec_…`: the store's server signs its signed-in customers with it (rolled on every seed, shown once). */
  widgetSecret: string;
}

const STATE = resolve(import.meta.dirname, '../.cache/demo.json');

async function loadState(scope: string): Promise<Pick<DemoData, 'merchantId' | 'secretKey' | 'publishableKey'> | null> {
  try {
    const all = JSON.parse(await readFile(STATE, 'utf8')) as Record<
      string,
      Pick<DemoData, 'merchantId' | 'secretKey' | 'publishableKey'>
    >;
    return all[scope] ?? null;
  } catch {
    return null;
  }
}

async function saveState(scope: string, value: Pick<DemoData, 'merchantId' | 'secretKey' | 'publishableKey'>) {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(await readFile(STATE, 'utf8')) as Record<string, unknown>;
  } catch {
    /* first run */
  }
  all[scope] = value;
  await mkdir(dirname(STATE), { recursive: true });
  await writeFile(STATE, JSON.stringify(all, null, 2), { mode: 0o600 });
  await chmod(STATE, 0o600);
}

export async function seedDemo(options: {
  apiBase: string;
  adminToken: string;
  storeOrigin: string;
  redisDescription: string;
}): Promise<DemoData> {
  const storeHost = new URL(options.storeOrigin).host;
  const scope = `${options.redisDescription} ${options.apiBase} ${options.storeOrigin}`;

  let keys = await loadState(scope);
  if (keys) {
    try {
      await createClient({ baseUrl: options.apiBase, key: keys.secretKey }).call('getMerchant', {});
    } catch (err) {
      if (!(err instanceof VouchError) || err.status !== 401) throw err;
      keys = null; // the database was emptied since: start over
    }
  }
  if (!keys) {
    const admin = createClient({ baseUrl: options.apiBase, key: options.adminToken });
    const body = await admin.call('createMerchant', {
      body: { name: 'Nordlicht Coffee', allowed_origins: [options.storeOrigin], allowed_hosts: [storeHost] },
    });
    keys = { merchantId: body.merchant.id, secretKey: body.keys.secret.key, publishableKey: body.keys.publishable.key };
    await saveState(scope, keys);
  }

  const api = createClient({ baseUrl: options.apiBase, key: keys.secretKey });
  const programs = (await api.call('listPrograms', { query: { limit: 100 } })).data;
  let program = programs.find((p) => p.name === 'Give 15%, get $10');
  if (!program) {
    program = await api.call('createProgram', {
      body: {
        name: 'Give 15%, get $10',
        status: 'active',
        destination_url: `${options.storeOrigin}/`,
        fallback_url: `${options.storeOrigin}/`,
        referee_offer: { type: 'percent', value: 15 },
        referrer_reward: { type: 'fixed_amount', value: 1000, currency: 'USD' },
        reward_tiers: [
          { from_conversions: 3, label: 'Silver', reward: { type: 'fixed_amount', value: 1500, currency: 'USD' } },
          { from_conversions: 10, label: 'Gold', reward: { type: 'fixed_amount', value: 2500, currency: 'USD' } },
        ],
        hold_days: 14,
        limits: {
          code_max_uses: 50,
          one_redemption_per_customer: true,
          new_customers_only: true,
          min_order_amount: 1500,
        },
        widget: {
          copy: {
            en: {
              headline: 'Give 15%, get $10',
              description: 'Friends get 15% off their first bag. You get $10 when they order.',
            },
          },
          brand_color: '#8a3b12',
        },
      },
    });
  }

  const advocates = [];
  for (const person of [
    { external_id: 'demo-alice', name: 'Alice Lindqvist', email: 'alice@example.com', code: 'ALICE15' },
    { external_id: 'demo-bob', name: 'Bob Okafor', email: 'bob@example.com', code: 'BOBCOFFEE' },
  ]) {
    const body = await api.call('enrollAdvocate', { params: { programId: program.id }, body: person });
    advocates.push({ name: person.name, code: body.code, link: body.link });
  }
  return {
    ...keys,
    programId: program.id,
    advocates,
    widgetSecret: await rollWidgetSecret(options.apiBase, keys.secretKey),
  };
}

/**
 * POST /v1/widget_secret/roll: the secret the merchant's server signs identities with (the previous one stops working).
 */
export async function rollWidgetSecret(apiBase: string, secretKey: string): Promise<string> {
  const body = await createClient({ baseUrl: apiBase, key: secretKey }).call('rollWidgetSecret', {
    body: { revoke_previous: true },
  });
  return body.secret;
}
