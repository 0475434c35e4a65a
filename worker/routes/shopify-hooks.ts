import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';
import { openIntegrationSecret } from '../integrations/integration-secrets.ts';
import { receiveEvent } from '../integrations/receive-event.ts';
import { prepareShopifyEvent } from '../integrations/shopify/apply-event.ts';
import { parseShopifyJson } from '../integrations/shopify/payloads.ts';
import { ShopErasureContinues } from '../integrations/shopify/shop-redact.ts';
import { verifyShopifyHmac } from '../integrations/shopify/verify-hmac.ts';
import { readRawBody } from '../lib/request-body.ts';
import { answerOf, hookConnection, invalidSignature, MAX_HOOK_BYTES } from './provider-hooks.ts';

// Shopify's topics (`orders/paid`) and webhook/event ids (UUIDs): bounded, printable. One event
// triggering several subscribed topics has one event id: a delivery is applied once per topic and id.
const TOPIC = /^[a-z_]{1,40}\/[a-z_]{1,40}$/;
const EVENT_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Shopify's mandatory privacy topics arrive after app/uninstalled too (shop/redact 48 hours after it):
 * a disconnected connection still verifies and applies them. A deleted one (DELETE) refuses them.
 */
const PRIVACY_TOPICS = new Set(['customers/data_request', 'customers/redact', 'shop/redact']);

const badRequest = (message: string) => new ApiError('invalid_request_error', 'invalid_request', message);

/**
 * `POST /hooks/shopify/{merchant}/{mode}`: the URL a merchant gives Shopify. No API key: the tenant is
 * the path, the proof `X-Shopify-Hmac-Sha256` under the connected app's API secret and the shop's
 * domain. Nothing is written before both hold and the payload has the shape Vouch reads.
 */
export const shopifyHooks = new Hono<AppEnv>();

shopifyHooks.post('/:merchant/:mode', async (c) => {
  const topic = c.req.header('x-shopify-topic') ?? '';
  const [merchantId, mode] = [c.req.param('merchant'), c.req.param('mode')];
  const privacy = PRIVACY_TOPICS.has(topic);
  const { tenant, record } = await hookConnection(c.env, 'shopify', merchantId, mode, privacy);
  const raw = await readRawBody(c, MAX_HOOK_BYTES);
  const secret = await openIntegrationSecret(c.env, tenant, record, 'secret');
  const shop = c.req.header('x-shopify-shop-domain')?.trim().toLowerCase();
  const signed = secret !== null && (await verifyShopifyHmac(c.req.header('x-shopify-hmac-sha256'), raw, secret));
  if (!signed || shop !== record.shop_domain) {
    throw invalidSignature(
      'X-Shopify-Hmac-Sha256 does not match this body under the connected API secret, or X-Shopify-Shop-Domain ' +
        'is not the connected shop.',
    );
  }
  const eventId = c.req.header('x-shopify-event-id') ?? c.req.header('x-shopify-webhook-id') ?? '';
  if (!TOPIC.test(topic)) throw badRequest('X-Shopify-Topic: missing or not a Shopify topic.');
  if (!EVENT_ID.test(eventId)) throw badRequest('X-Shopify-Event-Id (or X-Shopify-Webhook-Id): missing or malformed.');
  let json: unknown;
  try {
    json = parseShopifyJson(raw);
  } catch {
    throw new ApiError('invalid_request_error', 'invalid_json', 'The body is not JSON.');
  }
  const prepared = prepareShopifyEvent(topic, json);
  if (prepared.kind === 'invalid') throw badRequest(prepared.message);
  const publisher = { env: c.env, ctx: c.executionCtx, tenant };
  const delivery = { id: eventId, type: topic, key: `${topic}:${eventId}` };
  const receipt = await receiveEvent(c.env, tenant, 'shopify', delivery, () =>
    prepared.apply(publisher, Date.now()),
  ).catch((err: unknown) => {
    // A shop's erasure done in parts: a 4xx makes Shopify retry, and the retry erases the rest.
    if (err instanceof ShopErasureContinues) {
      throw new ApiError('conflict_error', 'erasure_in_progress', err.message, { headers: { 'Retry-After': '60' } });
    }
    throw err;
  });
  return c.json(answerOf(receipt));
});
