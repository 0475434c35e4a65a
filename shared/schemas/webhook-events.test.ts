import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../api/openapi.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook.ts';
import { MIRROR_EVENT_TYPES, WEBHOOK_EVENTS, webhookEventExample, webhookEventSchema } from './webhook-events.ts';

describe('webhook event payloads', () => {
  it('has a payload schema and a description for every event type, and nothing else', () => {
    expect(Object.keys(WEBHOOK_EVENTS).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const type of WEBHOOK_EVENT_TYPES) expect(WEBHOOK_EVENTS[type].description.length, type).toBeGreaterThan(20);
  });

  it('parses every example with its schema, unchanged (no misspelt or stray field is dropped)', () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      const example = webhookEventExample(type);
      const parsed = webhookEventSchema(type).safeParse(example);
      expect(parsed.error, type).toBeUndefined();
      expect(parsed.data, type).toEqual(example);
    }
  });

  it('refuses an envelope of one type under another type, and fields the envelope does not have', () => {
    const approved = webhookEventExample('reward.approved');
    const accepts = (type: WebhookEventType, body: unknown) => webhookEventSchema(type).safeParse(body).success;
    expect(accepts('reward.paid', approved)).toBe(false);
    expect(accepts('reward.approved', { ...approved, extra: 1 })).toBe(false);
    const data = { ...(approved.data as object), amount: 'ten' };
    expect(accepts('reward.approved', { ...approved, data })).toBe(false);
    // Only events about a change carry previous_attributes.
    const redemption = webhookEventExample('redemption.created');
    expect(accepts('redemption.created', { ...redemption, previous_attributes: {} })).toBe(false);
  });

  it('names the reward events as the ones a merchant mirrors balances from', () => {
    expect([...MIRROR_EVENT_TYPES].sort()).toEqual(WEBHOOK_EVENT_TYPES.filter((t) => t.startsWith('reward.')).sort());
  });

  it('lists every event type in the OpenAPI webhooks section with its payload schema and example', () => {
    type Doc = { webhooks: Record<string, { post: any }>; components: { schemas: Record<string, any> } };
    const doc = buildOpenApi({ version: '1.0.0' }) as Doc;
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const type of WEBHOOK_EVENT_TYPES) {
      const op = doc.webhooks[type]!.post;
      const body = op.requestBody.content['application/json'];
      expect(body.example, type).toEqual(webhookEventExample(type));
      const schema = body.schema.$ref ? doc.components.schemas[body.schema.$ref.split('/').at(-1)] : body.schema;
      expect(schema.properties.type, type).toMatchObject({ const: type });
      expect(op.description, type).toContain(WEBHOOK_EVENTS[type].description);
      const headers = op.parameters.map((p: { name: string }) => p.name);
      expect(headers, type).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    }
  });
});
