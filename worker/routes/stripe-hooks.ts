import { Hono } from 'hono';
import { STRIPE_CONNECT_EVENTS } from '../../shared/schemas/integration.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';
import { openIntegrationSecret } from '../integrations/integration-secrets.ts';
import { receiveEvent } from '../integrations/receive-event.ts';
import { StripeEvent } from '../integrations/stripe/event-schemas.ts';
import { type PreparedEvent, prepareStripeEvent } from '../integrations/stripe/handle-event.ts';
import { ignored } from '../integrations/stripe/outcome.ts';
import { stripeSigningEndpoint } from '../integrations/stripe/verify-signature.ts';
import { readRawBody } from '../lib/request-body.ts';
import { answerOf, hookConnection, invalidSignature, MAX_HOOK_BYTES } from './provider-hooks.ts';

const badRequest = (code: string, message: string) => new ApiError('invalid_request_error', code, message);

/**
 * `POST /hooks/stripe/{merchant}/{mode}`: the URL a merchant pastes into Stripe. No API key: the tenant
 * is the path, the proof `Stripe-Signature` under one of that connection's signing secrets: its account
 * endpoint's, or its Connect endpoint's (the same URL, for advocates' accounts). Nothing is written
 * (not even the event log) before the signature holds and the event has the shape Vouch reads.
 */
export const stripeHooks = new Hono<AppEnv>();

stripeHooks.post('/:merchant/:mode', async (c) => {
  const { tenant, record } = await hookConnection(c.env, 'stripe', c.req.param('merchant'), c.req.param('mode'));
  const raw = await readRawBody(c, MAX_HOOK_BYTES);
  const [account, connect] = await Promise.all([
    openIntegrationSecret(c.env, tenant, record, 'secret'),
    openIntegrationSecret(c.env, tenant, record, 'connect_secret'),
  ]);
  const endpoint = await stripeSigningEndpoint(c.req.header('stripe-signature'), raw, { account, connect }, Date.now());
  if (!endpoint) {
    throw invalidSignature(
      'The Stripe-Signature header does not match this body under the connected signing secrets ' +
        '(webhook_secret, connect_webhook_secret), or its timestamp is more than 5 minutes away.',
    );
  }
  const event = parseEvent(raw);
  const fromAccounts = endpoint === 'connect' && !isConnectEvent(event.type);
  const prepared = fromAccounts ? notFromConnect(event.type) : prepareStripeEvent(event, tenant.mode === 'live');
  if (prepared.kind === 'invalid') throw badRequest('invalid_request', prepared.message);
  const publisher = { env: c.env, ctx: c.executionCtx, tenant };
  const receipt = await receiveEvent(c.env, tenant, 'stripe', { id: event.id, type: event.type }, () =>
    prepared.apply(publisher, Date.now()),
  );
  return c.json(answerOf(receipt));
});

const isConnectEvent = (type: string) => (STRIPE_CONNECT_EVENTS as readonly string[]).includes(type);

/**
 * Any other event from the Connect endpoint is about a connected account (an advocate's), not the merchant:
 * its charges and refunds are not the merchant's orders. Received and ignored.
 */
function notFromConnect(type: string): PreparedEvent {
  const detail =
    `${type} came from the Connect endpoint: Vouch reads only ${STRIPE_CONNECT_EVENTS.join(', ')} there ` +
    '(connected accounts\u2019 payments are not your orders).';
  return { kind: 'ready', apply: async () => ignored(detail) };
}

function parseEvent(raw: string): StripeEvent {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw badRequest('invalid_json', 'The body is not JSON.');
  }
  const parsed = StripeEvent.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw badRequest('invalid_request', `${where}${issue?.message ?? 'Not a Stripe event.'}`);
  }
  return parsed.data;
}
