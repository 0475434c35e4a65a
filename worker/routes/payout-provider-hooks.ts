import { Hono } from 'hono';
import { isId } from '../../shared/ids.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';
import { openIntegrationSecret, UnreadableSecretError } from '../integrations/integration-secrets.ts';
import { type Applied, receiveEvent } from '../integrations/receive-event.ts';
import { readRawBody } from '../lib/request-body.ts';
import { EventsNotPublishedError } from '../payouts/finish-payout.ts';
import { paypalCredentials, tremendousCredentials } from '../payouts/providers/adapter-for.ts';
import { applyPaypalEvent, PaypalEvent, verifyPaypalDelivery } from '../payouts/providers/paypal-hooks.ts';
import { ProviderUnavailableError } from '../payouts/providers/provider-http.ts';
import {
  applyTremendousEvent,
  TremendousEvent,
  verifyTremendousSignature,
} from '../payouts/providers/tremendous-hooks.ts';
import { integrationStore } from '../storage/integrations.ts';
import type { Tenant } from '../tenant.ts';
import { answerOf, invalidSignature, MAX_HOOK_BYTES } from './provider-hooks.ts';

const NAMES = { paypal: 'PayPal', tremendous: 'Tremendous' } as const;
type PayoutHookProvider = keyof typeof NAMES;

const badRequest = (code: string, message: string) => new ApiError('invalid_request_error', code, message);
const unavailable = (message: string) =>
  new ApiError('api_error', 'provider_unavailable', message, { status: 503, headers: { 'Retry-After': '60' } });

/** The tenant a hook URL names, with its connection connected; anything else 404 `integration_not_found`. */
async function payoutHookTenant(env: Env, provider: PayoutHookProvider, merchantId: string, mode: string) {
  const notFound = new ApiError(
    'not_found_error',
    'integration_not_found',
    `${NAMES[provider]} is not connected for this merchant in this mode (PUT /v1/integrations/${provider}).`,
  );
  if (!isId('merchant', merchantId) || (mode !== 'test' && mode !== 'live')) throw notFound;
  const tenant: Tenant = { merchantId, mode };
  const record = await integrationStore(env).get(tenant, provider);
  if (record?.status !== 'connected') throw notFound;
  return { tenant, record };
}

function parseJson<T>(raw: string, schema: { safeParse(v: unknown): { success: boolean; data?: T } }, what: string) {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw badRequest('invalid_json', 'The body is not JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw badRequest('invalid_request', `Not a ${what} webhook event.`);
  return { json, event: parsed.data as T };
}

/** The connection's credentials; 503 (not 500) when they no longer open: the provider retries after a reconnect. */
async function opened<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof UnreadableSecretError) throw unavailable(err.message);
    throw err;
  }
}

/** Applying needed the provider (or Redis) and it did not answer: 503, the provider retries (the claim given back). */
async function applying(apply: () => Promise<Applied>): Promise<Applied> {
  try {
    return await apply();
  } catch (err) {
    if (err instanceof ProviderUnavailableError) throw unavailable(err.message);
    // Written but its events not published: 503, the provider's retry (unchanged) publishes them.
    if (err instanceof EventsNotPublishedError) throw unavailable('Events could not be published now; retry later.');
    throw err;
  }
}

/**
 * Payout providers' status webhooks: `POST /hooks/paypal/{merchant}/{mode}` and
 * `POST /hooks/tremendous/{merchant}/{mode}`. Nothing is written (not even the event log) before the
 * delivery is verified; each event is applied once by the provider's event id.
 */
export const payoutProviderHooks = new Hono<AppEnv>();

payoutProviderHooks.post('/paypal/:merchant/:mode', async (c) => {
  const { tenant } = await payoutHookTenant(c.env, 'paypal', c.req.param('merchant'), c.req.param('mode'));
  const raw = await readRawBody(c, MAX_HOOK_BYTES);
  const credentials = await opened(() => paypalCredentials(c.env, tenant));
  const { json, event } = parseJson<PaypalEvent>(raw, PaypalEvent, 'PayPal');
  const verified = credentials ? await verifyPaypalDelivery(credentials, (n) => c.req.header(n), json) : 'invalid';
  if (verified === 'unavailable') throw unavailable('PayPal could not verify this delivery now; retry later.');
  if (verified === 'invalid') {
    throw invalidSignature('PayPal did not verify this delivery (transmission headers, webhook_id and body).');
  }
  const receipt = await receiveEvent(c.env, tenant, 'paypal', { id: event.id, type: event.event_type }, () =>
    applying(() => applyPaypalEvent(c.env, c.executionCtx, tenant, event)),
  );
  return c.json(answerOf(receipt));
});

payoutProviderHooks.post('/tremendous/:merchant/:mode', async (c) => {
  const { tenant, record } = await payoutHookTenant(c.env, 'tremendous', c.req.param('merchant'), c.req.param('mode'));
  const raw = await readRawBody(c, MAX_HOOK_BYTES);
  const key = await opened(() => openIntegrationSecret(c.env, tenant, record, 'secret'));
  const signature = c.req.header('tremendous-webhook-signature');
  if (!key || !(await verifyTremendousSignature(signature, raw, key))) {
    throw invalidSignature('Tremendous-Webhook-Signature is not the HMAC-SHA256 of this body under the private key.');
  }
  const { event } = parseJson<TremendousEvent>(raw, TremendousEvent, 'Tremendous');
  const credentials = await opened(() => tremendousCredentials(c.env, tenant));
  if (!credentials) throw unavailable('The Tremendous connection has no API key to read the event with.');
  const receipt = await receiveEvent(c.env, tenant, 'tremendous', { id: event.uuid, type: event.event }, () =>
    applying(() => applyTremendousEvent(c.env, c.executionCtx, tenant, credentials, event)),
  );
  return c.json(answerOf(receipt));
});
