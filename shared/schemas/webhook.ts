import * as z from 'zod';
import { classifyHost } from '../ip-ranges.ts';
import { isLocalHost } from '../urls.ts';
import { DisplayText, Livemode, Timestamp } from './common.ts';

/** Every event a webhook endpoint can subscribe to (listed explicitly: there is no wildcard). */
export const WEBHOOK_EVENT_TYPES = [
  'referral.created',
  'conversion.created',
  'conversion.reviewed',
  'conversion.refunded',
  'reward.created',
  'reward.released',
  'reward.approved',
  'reward.adjusted',
  'reward.voided',
  'reward.paid',
  'redemption.created',
  'redemption.reversed',
  'advocate.tier_changed',
  'fraud.held',
  'customer.erased',
  'credit.changed',
  'payout.created',
  'payout.paid',
  'payout.failed',
  'points.changed',
  'charity.statement',
] as const;

export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES).describe('An event type, e.g. `reward.approved`.');
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** At most this many endpoints per merchant and mode: every event fans out to each of them. */
export const MAX_WEBHOOK_ENDPOINTS = 16;

export type WebhookUrlProblem = 'invalid_url' | 'scheme_not_allowed' | 'host_not_allowed' | 'internal_host';

/** Syntax alone: an absolute http(s) URL with no credentials or fragment. Hosts are judged by checkWebhookUrl. */
function parseWebhookUrl(value: string): { url: URL } | { problem: WebhookUrlProblem } {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters and spaces are what is refused
  if (value.length > 2048 || /[\u0000-\u0020\u007F\\]/.test(value)) return { problem: 'invalid_url' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'invalid_url' };
  }
  if (url.username || url.password || url.hash || !url.hostname) return { problem: 'invalid_url' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'scheme_not_allowed' };
  return { url };
}

/**
 * A receiver URL: https to a public host. Private, loopback, link-local, CGNAT, multicast and
 * reserved addresses in any spelling the URL parser accepts, and local names (`localhost.`,
 * `*.local`, `*.internal`, single labels...), are refused (see shared/ip-ranges.ts). Only with
 * `allowLocal` (test-mode keys outside production, like destinations) may it be http or https to
 * localhost / 127.0.0.1.
 */
export function checkWebhookUrl(
  value: string,
  options: { allowLocal: boolean },
): { url: string } | { problem: WebhookUrlProblem } {
  const parsed = parseWebhookUrl(value);
  if ('problem' in parsed) return parsed;
  const { url } = parsed;
  if (isLocalHost(url.hostname)) return options.allowLocal ? { url: url.toString() } : { problem: 'host_not_allowed' };
  if (classifyHost(url.hostname).kind !== 'public') return { problem: 'internal_host' };
  if (url.protocol !== 'https:') return { problem: 'scheme_not_allowed' };
  return { url: url.toString() };
}

export const WEBHOOK_URL_MESSAGES: Record<WebhookUrlProblem, string> = {
  invalid_url: 'Must be an absolute URL without credentials or fragment.',
  scheme_not_allowed: 'Must use https (http only for localhost, with a test key outside production).',
  host_not_allowed: 'localhost receivers are only allowed with a test key outside production.',
  internal_host:
    'Must be a public host: private, loopback, link-local, shared (100.64/10), multicast and reserved addresses ' +
    'and local names (localhost, *.local, *.internal, single labels) are refused.',
};

// The schema checks the syntax; the Worker applies the host rules, which depend on environment and
// mode (it knows both), and answers `url_not_allowed`.
const WebhookUrl = z
  .string()
  .transform((value, ctx) => {
    const verdict = parseWebhookUrl(value);
    if ('problem' in verdict) {
      ctx.addIssue({ code: 'custom', message: WEBHOOK_URL_MESSAGES[verdict.problem] });
      return z.NEVER;
    }
    return verdict.url.toString();
  })
  .describe(
    'Where events are POSTed: an https URL on a public host (http://localhost or 127.0.0.1 only with a test key ' +
      'outside production; private, loopback, link-local, CGNAT, multicast and reserved addresses and local names ' +
      'are refused). Redirects are not followed.',
  );

const EventList = z
  .array(WebhookEventType)
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((list) => new Set(list).size === list.length, { message: 'Each event type at most once.' })
  .describe(`Event types to receive, listed explicitly: ${WEBHOOK_EVENT_TYPES.map((t) => `\`${t}\``).join(', ')}.`);

const Description = DisplayText(200, { multiline: true });

export const WebhookEndpointStatus = z
  .enum(['enabled', 'disabled'])
  .describe('`disabled` endpoints receive nothing; a receiver answering 410 Gone is disabled automatically.');

export const WebhookEndpointCreate = z.strictObject({
  url: WebhookUrl,
  events: EventList,
  // Shown back in the console and lists: the same display-text rules as every other shown text.
  description: Description.optional().describe('A note for yourself, e.g. what receives these events.'),
});
export type WebhookEndpointCreate = z.infer<typeof WebhookEndpointCreate>;

export const WebhookEndpointUpdate = z
  .strictObject({
    url: WebhookUrl,
    events: EventList,
    status: WebhookEndpointStatus,
    description: Description.nullable(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'Send at least one field to change.' });
export type WebhookEndpointUpdate = z.infer<typeof WebhookEndpointUpdate>;

export const WebhookEndpoint = z.object({
  id: z.string().describe('`we_…`'),
  object: z.literal('webhook_endpoint'),
  url: z.string(),
  events: z.array(WebhookEventType),
  description: z.string().nullable(),
  status: WebhookEndpointStatus,
  disabled_reason: z
    .enum(['disabled_via_api', 'receiver_gone'])
    .nullable()
    .describe(
      'Why the endpoint is disabled: through the API, or because the receiver answered 410 Gone. Null when enabled.',
    ),
  created_at: Timestamp,
  updated_at: Timestamp,
  livemode: Livemode,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookEndpointCreated = WebhookEndpoint.extend({
  secret: z
    .string()
    .describe('The signing secret, `whsec_` + base64. Shown only in this answer: keep it to verify signatures.'),
});
export type WebhookEndpointCreated = z.infer<typeof WebhookEndpointCreated>;

/** The JSON body of every delivery (signed per Standard Webhooks). */
export const WebhookEvent = z.object({
  id: z.string().describe('`evt_…`, also the `webhook-id` header: deduplicate on it.'),
  type: WebhookEventType,
  created_at: Timestamp,
  data: z.record(z.string(), z.unknown()).describe('The object the event is about, as the API shows it.'),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const WebhookDeliveryOutcome = z
  .enum(['succeeded', 'retry_scheduled', 'gave_up', 'endpoint_disabled', 'failed'])
  .describe(
    '`succeeded` (2xx); `retry_scheduled`; `gave_up` (the last automatic attempt failed); ' +
      '`endpoint_disabled` (410 Gone); `failed` (a manual resend that failed; the schedule is unchanged).',
  );

export const WebhookDeliveryAttempt = z.object({
  object: z.literal('webhook_delivery_attempt'),
  delivery_id: z.string().describe('The delivery (one event to this endpoint): its event id, `evt_…`. Resend with it.'),
  event_id: z.string(),
  event_type: WebhookEventType,
  attempt: z.number().int().min(1).describe('1 for the first attempt of this delivery, counting manual resends.'),
  trigger: z.enum(['automatic', 'manual']),
  outcome: WebhookDeliveryOutcome,
  response_status: z
    .number()
    .int()
    .nullable()
    .describe('HTTP status the receiver answered; null on a network error or timeout.'),
  error: z
    .string()
    .nullable()
    .describe(
      'Why it failed: `timeout`, `network_error`, `redirect_not_followed`, `http_error`, ' +
        '`url_not_allowed` (not sent: not a public receiver); null on success.',
    ),
  duration_ms: z.number().int().min(0),
  attempted_at: Timestamp,
  next_attempt_at: Timestamp.nullable().describe('When the next automatic attempt is due; null when none is.'),
});
export type WebhookDeliveryAttempt = z.infer<typeof WebhookDeliveryAttempt>;

export const WebhookDeliveryQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .describe('Newest attempts first, 1-100 (the last 100 are kept, for 30 days).'),
});

export const WebhookDelivery = z.object({
  id: z.string().describe('The delivery id: its event id, `evt_…`.'),
  object: z.literal('webhook_delivery'),
  endpoint_id: z.string(),
  event_type: WebhookEventType,
  status: z
    .enum(['pending', 'succeeded', 'failed', 'canceled'])
    .describe('`pending` while attempts remain; `failed` after the schedule ran out or a 410.'),
  attempts: z.number().int().min(0),
  next_attempt_at: Timestamp.nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
