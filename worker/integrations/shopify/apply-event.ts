import * as z from 'zod';
import type { INTEGRATION_EVENTS } from '../../../shared/schemas/integration.ts';
import type { Publisher } from '../../conversions/publish-outcomes.ts';
import type { Applied } from '../receive-event.ts';
import { applyOrderCancelled, applyOrderPaid } from './orders.ts';
import { ShopifyCustomerRequest, ShopifyOrder, ShopifyRefund, ShopifyShopRedact } from './payloads.ts';
import { applyCustomerRedact, applyDataRequest } from './privacy.ts';
import { applyRefundCreated } from './refunds.ts';
import { applyShopRedact } from './shop-redact.ts';
import { disconnectShop } from './uninstall.ts';

type Apply = (p: Publisher, now: number) => Promise<Applied>;

/** A verified delivery read by its topic's schema: ready to apply, or why its payload cannot be (400). */
export type PreparedShopifyEvent = { kind: 'ready'; apply: Apply } | { kind: 'invalid'; message: string };

type Topic = (typeof INTEGRATION_EVENTS.shopify)[number];

function topic<S extends z.ZodType>(
  schema: S,
  apply: (p: Publisher, payload: z.output<S>, now: number) => Promise<Applied>,
) {
  return (json: unknown): PreparedShopifyEvent => {
    const parsed = schema.safeParse(json);
    if (parsed.success) return { kind: 'ready', apply: (p, now) => apply(p, parsed.data, now) };
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { kind: 'invalid', message: `${where}${issue?.message ?? 'Not a Shopify payload.'}` };
  };
}

/** Every topic Vouch asks merchants to subscribe to (INTEGRATION_EVENTS.shopify), each with its payload schema. */
const TOPICS: Record<Topic, (json: unknown) => PreparedShopifyEvent> = {
  'orders/paid': topic(ShopifyOrder, applyOrderPaid),
  'orders/cancelled': topic(ShopifyOrder, applyOrderCancelled),
  'refunds/create': topic(ShopifyRefund, applyRefundCreated),
  'app/uninstalled': topic(z.unknown(), (p, _shop, now) => disconnectShop(p, now)),
  'customers/data_request': topic(ShopifyCustomerRequest, applyDataRequest),
  'customers/redact': topic(ShopifyCustomerRequest, applyCustomerRedact),
  'shop/redact': topic(ShopifyShopRedact, applyShopRedact),
};

const ignored: Apply = async () => ({ outcome: 'ignored', detail: 'A topic Vouch does not use.' });

/** The delivery of `X-Shopify-Topic` made ready; a topic Vouch does not use is received and ignored. */
export function prepareShopifyEvent(topicName: string, json: unknown): PreparedShopifyEvent {
  const prepare = Object.hasOwn(TOPICS, topicName) ? TOPICS[topicName as Topic] : undefined;
  return prepare ? prepare(json) : { kind: 'ready', apply: ignored };
}
