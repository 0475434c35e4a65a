import type { Context } from 'hono';
import { Hono } from 'hono';
import { normalizeEmail } from '../../shared/email.ts';
import { PairingConfirm } from '../../shared/schemas/extension.ts';
import {
  ConversionHint,
  type ConversionHintAccepted,
  EmailEnroll,
  type EmailEnrollment,
  SessionCreate,
  WidgetEvents,
  type WidgetEventsAccepted,
} from '../../shared/schemas/widget.ts';
import type { AppEnv } from '../app-env.ts';
import { sendEvents } from '../events/send-events.ts';
import { confirmPairing } from '../extension/confirm-pairing.ts';
import { syncCodeLater } from '../integrations/coupon-sync/sync-code.ts';
import { clientIpBucket } from '../lib/client-ip.ts';
import { hmacSha256Hex } from '../lib/crypto.ts';
import { hashSecret } from '../lib/hash-secret.ts';
import { merchantShareLink } from '../lib/links.ts';
import { parseBody } from '../lib/validate.ts';
import { filterReasonOf } from '../redirect/detect-bot.ts';
import { advocateStore } from '../storage/advocates.ts';
import { widgetStore } from '../storage/widget.ts';
import { tenantScope } from '../tenant.ts';
import { consumeLimits } from '../widget/abuse-limits.ts';
import { recordConversionHint } from '../widget/conversion-hints.ts';
import { enrollCustomer } from '../widget/enroll-customer.ts';
import { openSession } from '../widget/open-session.ts';
import { foldEvents } from '../widget/widget-events.ts';
import { findProgram } from '../widget/widget-program.ts';
import { widgetRawEvents } from '../widget/widget-raw-events.ts';

// Anonymous sign-ups: enough for a family behind one address, too few to farm codes or to probe
// which emails are advocates.
const ENROLL_PER_IP_PER_HOUR = 5;
const ENROLL_PER_EMAIL_PER_DAY = 3;
// A thank-you page sends one hint per order.
const HINTS_PER_IP_PER_HOUR = 60;
// Every confirmation counts, failed or not: user codes have 40 bits, so guessing one live code
// needs on the order of 10^9 tries; these cap a single address and a botnet aimed at one shop.
const CONFIRMS_PER_IP = 10;
const CONFIRMS_PER_TENANT = 600;
const CONFIRM_WINDOW_SECONDS = 600;

function linkOf(c: Context<AppEnv>, code: string): string {
  return merchantShareLink(c.env, c.req.url, c.get('merchant'), code);
}

/** Widget endpoints under /v1/public (publicCors and idempotency come from the parent app). */
export const publicWidget = new Hono<AppEnv>();

publicWidget.post('/session', async (c) => {
  const input = await parseBody(c, SessionCreate);
  const tenant = c.get('auth').tenant;
  const onEnrolled = (code: string) => syncCodeLater(c.env, c.executionCtx, tenant, code);
  const session = await openSession({ env: c.env, tenant, linkOf: (code) => linkOf(c, code), onEnrolled }, input);
  c.header('Cache-Control', 'no-store');
  return c.json(session);
});

publicWidget.post('/enroll', async (c) => {
  const input = await parseBody(c, EmailEnroll);
  const { tenant } = c.get('auth');
  const email = normalizeEmail(input.email);
  const scope = tenantScope(tenant);
  await consumeLimits(c.env, [
    { name: `enroll-ip:${scope}:${await clientIpBucket(c)}`, limit: ENROLL_PER_IP_PER_HOUR, windowSeconds: 3600 },
    {
      name: `enroll-email:${scope}:${(await hmacSha256Hex(hashSecret(c.env), `email:${email}`)).slice(0, 32)}`,
      limit: ENROLL_PER_EMAIL_PER_DAY,
      windowSeconds: 86400,
    },
  ]);
  const program = await findProgram(c.env, tenant, input.program_id);
  const result = await enrollCustomer(advocateStore(c.env), tenant, program, {
    externalId: `email:${email}`,
    email: input.email,
    name: input.name ?? null,
  });
  if (result.kind === 'created') syncCodeLater(c.env, c.executionCtx, tenant, result.code);
  c.header('Cache-Control', 'no-store');
  // Whoever types an address must not learn its code: the advocate signs in to see it.
  const body: EmailEnrollment =
    result.kind === 'existing'
      ? { object: 'enrollment', status: 'already_enrolled', code: null, link: null }
      : { object: 'enrollment', status: 'enrolled', code: result.code, link: linkOf(c, result.code) };
  return c.json(body, result.kind === 'existing' ? 200 : 201);
});

publicWidget.post('/events', async (c) => {
  // sendBeacon posts a string as text/plain (no preflight): that is JSON here too.
  const { events } = await parseBody(c, WidgetEvents, { textPlain: true });
  // The same verdict as a click's (a prerendered page's beacon carries `Sec-Purpose: prefetch`).
  const reason = filterReasonOf(c.req.method, c.req.raw.headers);
  const { tenant } = c.get('auth');
  const now = Date.now();
  const work = widgetStore(c.env)
    .countEvents(tenant, now, foldEvents(events, reason))
    .catch((err: unknown) => {
      console.error('widget event counting failed', err instanceof Error ? err.message.slice(0, 200) : String(err));
    });
  // Analytics never hold up the page (sendBeacon ignores the answer anyway).
  c.executionCtx.waitUntil(work);
  sendEvents(c.env, c.executionCtx, widgetRawEvents(tenant, events, reason, now));
  const body: WidgetEventsAccepted = { object: 'widget_events', received: events.length };
  return c.json(body, 202);
});

publicWidget.post('/conversion_hints', async (c) => {
  const hint = await parseBody(c, ConversionHint);
  const { tenant } = c.get('auth');
  await consumeLimits(c.env, [
    {
      name: `hint-ip:${tenantScope(tenant)}:${await clientIpBucket(c)}`,
      limit: HINTS_PER_IP_PER_HOUR,
      windowSeconds: 3600,
    },
  ]);
  const accepted = await recordConversionHint(c.env, tenant, hint, c.req.header('origin') ?? '', new Date());
  const body: ConversionHintAccepted = { object: 'conversion_hint', verified: false, accepted };
  return c.json(body, accepted ? 202 : 200);
});

publicWidget.post('/pairings/confirm', async (c) => {
  const input = await parseBody(c, PairingConfirm);
  const { tenant } = c.get('auth');
  await consumeLimits(c.env, [
    {
      name: `pair-confirm-ip:${await clientIpBucket(c)}`,
      limit: CONFIRMS_PER_IP,
      windowSeconds: CONFIRM_WINDOW_SECONDS,
    },
  ]);
  // Guessing codes takes a verified identity: only those attempts count against the merchant
  // (one IP forging identities could otherwise lock every advocate out).
  const limitVerified = async (customerId: string) => {
    const customer = (await hmacSha256Hex(hashSecret(c.env), `customer:${customerId}`)).slice(0, 32);
    await consumeLimits(c.env, [
      {
        name: `pair-confirm-customer:${tenantScope(tenant)}:${customer}`,
        limit: CONFIRMS_PER_IP,
        windowSeconds: CONFIRM_WINDOW_SECONDS,
      },
      {
        name: `pair-confirm:${tenantScope(tenant)}`,
        limit: CONFIRMS_PER_TENANT,
        windowSeconds: CONFIRM_WINDOW_SECONDS,
      },
    ]);
  };
  const body = await confirmPairing({ env: c.env, tenant, limitVerified }, input);
  c.header('Cache-Control', 'no-store');
  return c.json(body);
});
