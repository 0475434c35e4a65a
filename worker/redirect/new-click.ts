import { hashSecret } from '../lib/hash-secret.ts';
import type { ClickRecord } from '../storage/clicks.ts';
import type { ClickEvent } from '../storage/raw-event.ts';
import { landingAdClickIds } from './ad-click-ids.ts';
import { signClickToken } from './click-token.ts';
import type { LiveLink } from './resolve-link.ts';
import { visitFacts, visitorHash } from './visit-facts.ts';

/** A new click: its id (the signed token), the facts it carries, the secret that signed it. */
export interface NewClick {
  id: string;
  secret: string;
  visitor: string;
  trigger: ClickRecord['trigger'];
  createdAt: number;
}

/**
 * The two HMACs of a new click, and the only ones: the daily visitor hash, then the token that
 * carries it with what attribution and the fraud signals read (click-token.ts).
 */
export async function signNewClick(
  env: Env,
  request: Request,
  view: LiveLink,
  landing: { deepPath: string; visitorQuery: URLSearchParams },
  now: number,
): Promise<NewClick> {
  const { deepPath, visitorQuery } = landing;
  const secret = hashSecret(env);
  const trigger = visitorQuery.get('via') === 'qr' ? 'qr' : deepPath ? 'deep_link' : 'link';
  const visitor = await visitorHash(secret, request, now);
  const id = await signClickToken(secret, {
    createdAt: now,
    windowDays: view.windowDays,
    mode: view.tenant.mode,
    merchantId: view.tenant.merchantId,
    programId: view.programId,
    advocateId: view.advocateId,
    code: view.code,
    visitor,
    trigger,
    adClickIds: landingAdClickIds(view.destination, deepPath, visitorQuery),
  });
  return { id, secret, visitor, trigger, createdAt: now };
}

/** The raw event of a new click, for the queue consumer to count and keep (no raw IP: only the hash). */
export function clickEvent(request: Request, view: LiveLink, click: NewClick, attributed: string, location: string) {
  const { tenant, windowDays } = view;
  // build-location.ts sets `ref` then `vouch_click` last: the token is never the first parameter.
  const landing = location.replace(/&vouch_click=[^&#]*/, '');
  const event: ClickEvent = {
    v: 1,
    type: 'click',
    id: click.id,
    at: click.createdAt,
    merchant_id: tenant.merchantId,
    mode: tenant.mode,
    window_days: windowDays,
    click: {
      code: view.code,
      program_id: view.programId,
      advocate_id: view.advocateId,
      ...(attributed === click.id ? {} : { attributed_click_id: attributed }),
      visitor: click.visitor,
      trigger: click.trigger,
      landing_url: landing.slice(0, 2048),
      ...visitFacts(request),
    },
  };
  return event;
}
