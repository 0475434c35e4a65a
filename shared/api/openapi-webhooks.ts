import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../schemas/webhook.ts';
import { WEBHOOK_EVENTS, webhookEventExample, webhookEventSchema } from '../schemas/webhook-events.ts';
import { jsonSchema } from './openapi-schemas.ts';

type Json = Record<string, unknown>;

// The Standard Webhooks headers every delivery carries: what a receiver verifies before trusting the body.
const HEADERS: [name: string, description: string][] = [
  ['webhook-id', 'The event id, `evt_…` (the same on every retry): deduplicate on it.'],
  ['webhook-timestamp', 'Unix seconds when this attempt was signed: refuse ones far from your clock (replays).'],
  ['webhook-signature', '`v1,` + base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` (endpoint secret).'],
];

const HEADER = { in: 'header', required: true, schema: { type: 'string' } };

const MIRROR_NOTE =
  ' Needed to mirror rewards and balances: keep each reward\u2019s `data` with the longest `history` ' +
  '(every change appends one entry), whatever order deliveries arrive in.';

function payload(type: WebhookEventType): Json {
  return { schema: jsonSchema(webhookEventSchema(type), 'output'), example: webhookEventExample(type) };
}

/** `reward.adjusted` -> `rewardAdjustedEvent`: unique among the document's operation ids. */
function operationId(type: WebhookEventType): string {
  return `${type.replace(/[._](\w)/g, (_, c: string) => c.toUpperCase())}Event`;
}

function webhookOperation(type: WebhookEventType): Json {
  const spec = WEBHOOK_EVENTS[type];
  return {
    operationId: operationId(type),
    summary: type,
    description: `${spec.description}${spec.mirror ? MIRROR_NOTE : ''}`,
    tags: ['Webhooks'],
    // Vouch signs the request; the receiver checks the signature, not a key.
    security: [],
    parameters: HEADERS.map(([name, description]) => ({ ...HEADER, name, description })),
    requestBody: { required: true, content: { 'application/json': payload(type) } },
    responses: {
      '2XX': { description: 'Received: any 2xx within 10 s ends the delivery.' },
      '410': { description: 'Gone: the endpoint is disabled and receives nothing more.' },
      '4XX': { description: 'Any other answer, or none within 10 s: retried for about 3 days, then given up.' },
    },
  };
}

/** The OpenAPI 3.1 `webhooks` section: the POST an endpoint receives for each event type. */
export function buildWebhooks(): Json {
  return Object.fromEntries(WEBHOOK_EVENT_TYPES.map((type) => [type, { post: webhookOperation(type) }]));
}
